package carport.net.xrpc;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small CARv1 walk for the integration tests: the header is one DAG-CBOR map with version 1 and
 * its roots, and every block's bytes hash to its CID. (Full repository verification is core's.)
 */
final class CarFileCheck {
    record Summary(List<Object> roots, int blocks) {
    }

    private CarFileCheck() {
    }

    static Summary check(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int[] pos = {0};
        int headerLength = (int) varint(b, pos);
        Object header = DagCbor.decode(b, pos[0], headerLength);
        assertThat(header).isInstanceOf(Map.class);
        Map<?, ?> h = (Map<?, ?>) header;
        assertThat(h.get("version")).isEqualTo(1L);
        assertThat(h.get("roots")).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<Object> roots = (List<Object>) h.get("roots");
        pos[0] += headerLength;
        int blocks = 0;
        while (pos[0] < b.length) {
            long section = varint(b, pos);
            int start = pos[0];
            assertThat(start + section).isLessThanOrEqualTo(b.length);
            Cid cid = Cid.readPrefix(b, start, (int) (start + section));
            int dataStart = start + cid.byteLength();
            int dataLength = (int) (start + section - dataStart);
            assertThat(cid.isDigestOf(b, dataStart, dataLength)).as("block %s", cid).isTrue();
            pos[0] = (int) (start + section);
            blocks++;
        }
        return new Summary(roots, blocks);
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }
}
