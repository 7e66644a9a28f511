package carport.core.repo;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes synthetic repository CARs with a canonical MST and an unsigned commit, for tests in every module
 * (shipped in core's test jar): hostile keys, left-out record blocks, extra blocks, repos of any size.
 */
public final class TestRepo {
    private TestRepo() {}

    /**
     * A repository: records by key (sorted as the MST sorts, bytewise), a record value of {@code null}
     * meaning "in the tree but its block left out of the CAR".
     */
    public static final class Builder {
        private final TreeMap<byte[], byte[]> records = new TreeMap<>(Arrays::compareUnsigned);
        private String did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
        private final List<byte[]> extraBlocks = new ArrayList<>();

        public Builder did(String d) {
            did = d;
            return this;
        }

        public Builder record(String key, Map<String, Object> value) {
            return record(key.getBytes(StandardCharsets.UTF_8), DagCbor.encode(value));
        }

        public Builder record(byte[] key, byte[] block) {
            records.put(key, block);
            return this;
        }

        public Builder missingRecord(String key) {
            records.put(key.getBytes(StandardCharsets.UTF_8), null);
            return this;
        }

        public Builder extraBlock(byte[] block) {
            extraBlocks.add(block);
            return this;
        }

        /** Writes the CAR: commit first, then MST nodes and records. */
        public Path write(Path file) throws IOException {
            Map<Cid, byte[]> blocks = new LinkedHashMap<>();
            List<byte[]> keys = new ArrayList<>(records.keySet());
            List<Cid> values = new ArrayList<>();
            for (byte[] k : keys) {
                byte[] block = records.get(k);
                if (block == null) {
                    values.add(Cid.of(Cid.DAG_CBOR, k, 0, k.length)); // a CID with no block in the CAR
                } else {
                    Cid c = Cid.of(Cid.DAG_CBOR, block, 0, block.length);
                    values.add(c);
                    blocks.put(c, block);
                }
            }
            int[] heights = new int[keys.size()];
            int top = 0;
            for (int i = 0; i < keys.size(); i++) {
                heights[i] = MstKeys.height(keys.get(i));
                top = Math.max(top, heights[i]);
            }
            Map<Cid, byte[]> nodes = new LinkedHashMap<>();
            Cid root = keys.isEmpty() ? put(nodes, node(null, List.of())) : build(keys, values, heights, 0,
                    keys.size(), top, nodes);
            Map<String, Object> commit = new LinkedHashMap<>();
            commit.put("did", did);
            commit.put("rev", "3lh6cdwqxx42x");
            commit.put("sig", new byte[64]);
            commit.put("data", root);
            commit.put("prev", null);
            commit.put("version", 3L);
            byte[] commitBlock = DagCbor.encode(commit);
            Cid commitCid = Cid.of(Cid.DAG_CBOR, commitBlock, 0, commitBlock.length);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("roots", List.of(commitCid));
                header.put("version", 1L);
                byte[] h = DagCbor.encode(header);
                varint(out, h.length);
                out.write(h);
                section(out, commitCid, commitBlock);
                for (Map.Entry<Cid, byte[]> e : nodes.entrySet()) {
                    section(out, e.getKey(), e.getValue());
                }
                for (Map.Entry<Cid, byte[]> e : blocks.entrySet()) {
                    section(out, e.getKey(), e.getValue());
                }
                for (byte[] b : extraBlocks) {
                    section(out, Cid.of(Cid.DAG_CBOR, b, 0, b.length), b);
                }
            }
            return file;
        }

        /** The node on {@code layer} covering keys [from, to); all their heights are at most {@code layer}. */
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
                int p = Arrays.mismatch(prev, k);
                if (p < 0) {
                    p = k.length;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("k", Arrays.copyOfRange(k, p, k.length));
                e.put("p", (long) p);
                e.put("t", right);
                e.put("v", values.get(i));
                entries.add(e);
                prev = k;
            }
            return put(nodes, node(left, entries));
        }

        private static byte[] node(Cid left, List<Map<String, Object>> entries) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("e", entries);
            n.put("l", left);
            return DagCbor.encode(n);
        }

        private static Cid put(Map<Cid, byte[]> nodes, byte[] block) {
            Cid c = Cid.of(Cid.DAG_CBOR, block, 0, block.length);
            nodes.put(c, block);
            return c;
        }
    }

    private static void section(OutputStream out, Cid cid, byte[] block) throws IOException {
        byte[] c = cid.toBytes();
        varint(out, c.length + block.length);
        out.write(c);
        out.write(block);
    }

    private static void varint(OutputStream out, long v) throws IOException {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A record like a like or post, about {@code size} bytes of text. */
    public static Map<String, Object> record(String type, int n, int size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", type);
        m.put("createdAt", "2024-11-22T17:31:18.980Z");
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("cid", "bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4");
        subject.put("uri", "at://did:plc:bg5udl25mvzg3rt7l5n2hzet/app.bsky.feed.post/" + tid(n));
        m.put("subject", subject);
        if (size > 0) {
            m.put("text", "x".repeat(size));
        }
        return m;
    }

    private static final String S32 = "234567abcdefghijklmnopqrstuvwxyz";

    /** A TID-shaped record key, increasing with {@code n}. */
    public static String tid(long n) {
        long v = 0x1000000000000L + n * 7919;
        char[] c = new char[13];
        for (int i = 12; i >= 0; i--) {
            c[i] = S32.charAt((int) (v & 31));
            v >>>= 5;
        }
        c[0] = '3';
        return new String(c);
    }

    /** A repository of {@code n} likes, posts and follows. */
    public static Builder synthetic(int n) {
        Builder b = new Builder();
        for (int i = 0; i < n; i++) {
            String type = i % 10 < 6 ? "app.bsky.feed.like" : i % 10 < 9 ? "app.bsky.feed.post" : "app.bsky.graph.follow";
            b.record(type + "/" + tid(i), record(type, i, type.endsWith("post") ? 120 : 0));
        }
        return b;
    }
}
