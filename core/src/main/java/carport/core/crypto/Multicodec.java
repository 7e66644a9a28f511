package carport.core.crypto;

import carport.core.InvalidDataException;

/** Unsigned-varint multicodec prefixes, as used in front of keys in did:key and Multikey. */
public final class Multicodec {
    private Multicodec() {}

    /** The varint encoding of {@code code}. */
    public static byte[] prefix(long code) {
        if (code < 0) {
            throw new IllegalArgumentException("negative multicodec code");
        }
        byte[] tmp = new byte[10];
        int n = 0;
        long v = code;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            tmp[n++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return java.util.Arrays.copyOf(tmp, n);
    }

    /**
     * Reads a minimally encoded varint at the start of {@code data}. Returns {code, length in bytes}.
     * Multiformats forbid longer-than-needed encodings, so two spellings of one code cannot exist.
     */
    public static long[] read(byte[] data) {
        long value = 0;
        for (int i = 0; i < data.length && i < 9; i++) {
            int b = data[i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new InvalidDataException("non-minimal multicodec varint");
                }
                return new long[] {value, i + 1};
            }
        }
        throw new InvalidDataException("truncated or overlong multicodec varint");
    }
}
