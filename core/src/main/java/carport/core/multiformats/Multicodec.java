package carport.core.multiformats;

/** Unsigned-varint multicodec prefixes, as used in front of keys in did:key and Multikey. */
public final class Multicodec {
    private Multicodec() {}

    /** The varint encoding of {@code code}. */
    public static byte[] prefix(long code) {
        return Varint.encode(code);
    }

    /** Reads the minimally encoded varint at the start of {@code data}. Returns {code, length in bytes}. */
    public static long[] read(byte[] data) {
        int[] pos = {0};
        long code = Varint.read(data, pos, data.length, "invalid multicodec prefix");
        return new long[] {code, pos[0]};
    }
}
