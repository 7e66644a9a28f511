package carport.core.cid;

import carport.core.InvalidDataException;

/** Unsigned LEB128 varints as multiformats uses them: at most 9 bytes, minimally encoded. */
final class Varint {
    private Varint() {}

    /** Reads a varint at {@code pos[0]} (advancing it), refusing to read at or past {@code end}. */
    static long read(byte[] b, int[] pos, int end) {
        long value = 0;
        int p = pos[0];
        for (int i = 0; i < 9; i++) {
            if (p >= end) {
                throw new InvalidDataException("invalid CID: truncated varint");
            }
            int x = b[p++] & 0xff;
            value |= (long) (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                if (x == 0 && i > 0) {
                    throw new InvalidDataException("invalid CID: varint is not minimally encoded");
                }
                pos[0] = p;
                return value;
            }
        }
        throw new InvalidDataException("invalid CID: varint longer than 9 bytes");
    }
}
