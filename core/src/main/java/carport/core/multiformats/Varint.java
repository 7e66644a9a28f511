package carport.core.multiformats;

import carport.core.InvalidDataException;

/** Unsigned LEB128 varints as multiformats uses them: at most 9 bytes, minimally encoded. */
public final class Varint {
    private Varint() {}

    /**
     * Reads a varint at {@code pos[0]} (advancing it), refusing to read at or past {@code end}. Multiformats forbid
     * longer-than-needed encodings, so two spellings of one value cannot exist.
     *
     * @param what names the thing being read in an error ("invalid CID")
     */
    public static long read(byte[] b, int[] pos, int end, String what) {
        long value = 0;
        int p = pos[0];
        for (int i = 0; i < 9; i++) {
            if (p >= end) {
                throw new InvalidDataException(what + ": truncated varint");
            }
            int x = b[p++] & 0xff;
            value |= (long) (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                if (x == 0 && i > 0) {
                    throw new InvalidDataException(what + ": varint is not minimally encoded");
                }
                pos[0] = p;
                return value;
            }
        }
        throw new InvalidDataException(what + ": varint longer than 9 bytes");
    }

    /** The minimal encoding of {@code value} (not negative). */
    public static byte[] encode(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        byte[] tmp = new byte[10];
        int n = 0;
        long v = value;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            tmp[n++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return java.util.Arrays.copyOf(tmp, n);
    }
}
