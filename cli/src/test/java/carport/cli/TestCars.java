package carport.cli;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes small synthetic repository CARs (canonical MST) for hostile-input tests. */
final class TestCars {
    private TestCars() {}

    static byte[] record(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", type);
        m.put("createdAt", "2024-11-22T17:31:18.980Z");
        return DagCbor.encode(m);
    }

    static final class Builder {
        private final TreeMap<byte[], byte[]> records = new TreeMap<>(Arrays::compareUnsigned);
        private String did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

        Builder did(String d) {
            did = d;
            return this;
        }

        Builder record(byte[] key, byte[] block) {
            records.put(key, block);
            return this;
        }

        Path write(Path file) throws IOException {
            Map<Cid, byte[]> blocks = new LinkedHashMap<>();
            List<byte[]> keys = new ArrayList<>(records.keySet());
            List<Cid> values = new ArrayList<>();
            int top = 0;
            int[] heights = new int[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                byte[] b = records.get(keys.get(i));
                Cid c = Cid.of(Cid.DAG_CBOR, b, 0, b.length);
                values.add(c);
                blocks.put(c, b);
                heights[i] = MstKeys.height(keys.get(i));
                top = Math.max(top, heights[i]);
            }
            Map<Cid, byte[]> nodes = new LinkedHashMap<>();
            Cid root = build(keys, values, heights, 0, keys.size(), top, nodes);
            Map<String, Object> commit = new LinkedHashMap<>();
            commit.put("did", did);
            commit.put("rev", "3lh6cdwqxx42x");
            commit.put("sig", new byte[64]);
            commit.put("data", root);
            commit.put("prev", null);
            commit.put("version", 3L);
            byte[] cb = DagCbor.encode(commit);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("roots", List.of(Cid.of(Cid.DAG_CBOR, cb, 0, cb.length)));
            header.put("version", 1L);
            byte[] h = DagCbor.encode(header);
            varint(out, h.length);
            out.writeBytes(h);
            section(out, cb);
            nodes.values().forEach(b -> section(out, b));
            blocks.values().forEach(b -> section(out, b));
            return Files.write(file, out.toByteArray());
        }

        private static Cid build(List<byte[]> keys, List<Cid> values, int[] heights, int from, int to, int layer,
                Map<Cid, byte[]> nodes) {
            List<Integer> here = new ArrayList<>();
            for (int i = from; i < to; i++) {
                if (heights[i] == layer) {
                    here.add(i);
                }
            }
            int first = here.isEmpty() ? to : here.get(0);
            Cid left = first > from ? build(keys, values, heights, from, first, layer - 1, nodes) : null;
            List<Map<String, Object>> entries = new ArrayList<>();
            byte[] prev = new byte[0];
            for (int j = 0; j < here.size(); j++) {
                int i = here.get(j);
                int next = j + 1 < here.size() ? here.get(j + 1) : to;
                Cid right = next > i + 1 ? build(keys, values, heights, i + 1, next, layer - 1, nodes) : null;
                byte[] k = keys.get(i);
                int p = Math.max(0, Arrays.mismatch(prev, k));
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("k", Arrays.copyOfRange(k, p, k.length));
                e.put("p", (long) p);
                e.put("t", right);
                e.put("v", values.get(i));
                entries.add(e);
                prev = k;
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("e", entries);
            n.put("l", left);
            byte[] b = DagCbor.encode(n);
            Cid c = Cid.of(Cid.DAG_CBOR, b, 0, b.length);
            nodes.put(c, b);
            return c;
        }
    }

    static void section(ByteArrayOutputStream out, byte[] block) {
        byte[] c = Cid.of(Cid.DAG_CBOR, block, 0, block.length).toBytes();
        varint(out, c.length + block.length);
        out.writeBytes(c);
        out.writeBytes(block);
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
