package carport.core.cbor;

import carport.core.cid.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test-only CARv1 block lister (the real CAR reader lives elsewhere): just enough to reach the blocks. */
public final class CarBlocks {
    public static final class Block {
        public final Cid cid;
        public final byte[] data;

        Block(Cid cid, byte[] data) {
            this.cid = cid;
            this.data = data;
        }
    }

    private CarBlocks() {}

    public static List<Block> read(Path car) throws IOException {
        byte[] b = Files.readAllBytes(car);
        int[] pos = {0};
        long headerLen = varint(b, pos);
        pos[0] += (int) headerLen;
        List<Block> out = new ArrayList<>();
        while (pos[0] < b.length) {
            int len = (int) varint(b, pos);
            int start = pos[0];
            Cid cid = Cid.readPrefixLenient(b, start, start + len);
            int dataStart = start + cid.byteLength();
            byte[] data = java.util.Arrays.copyOfRange(b, dataStart, start + len);
            out.add(new Block(cid, data));
            pos[0] = start + len;
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }
}
