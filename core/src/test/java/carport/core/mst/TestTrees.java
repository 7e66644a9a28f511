package carport.core.mst;

import carport.core.car.BlockSource;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Builds MST nodes for tests: canonical trees from (key, value) pairs, and hand-made nodes (which may
 * break any rule) from raw entries. Blocks go into an in-memory store.
 */
public final class TestTrees implements BlockSource {
    public final Map<Cid, byte[]> blocks = new HashMap<>();

    @Override
    public byte[] get(Cid cid) {
        return blocks.get(cid);
    }

    public Cid put(byte[] block) {
        Cid c = Cid.of(Cid.DAG_CBOR, block);
        blocks.put(c, block);
        return c;
    }

    /** One raw entry: p and k exactly as written. */
    public record Entry(int p, byte[] k, Cid v, Cid t) {
        public static Entry of(String key, Cid v, Cid t) {
            return new Entry(0, key.getBytes(StandardCharsets.UTF_8), v, t);
        }
    }

    /** Encodes a node from raw entries (no checks, no compression). */
    public static byte[] encodeRaw(Cid left, List<Entry> entries) {
        List<Object> es = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", e.k());
            m.put("p", (long) e.p());
            m.put("t", e.t());
            m.put("v", e.v());
            es.add(m);
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("e", es);
        node.put("l", left);
        return DagCbor.encode(node);
    }

    /** Encodes a node from entries whose {@code k} are full keys, compressing them canonically. */
    public static byte[] encodeCompressed(Cid left, List<Entry> entries) {
        List<Entry> es = new ArrayList<>();
        byte[] prev = new byte[0];
        for (Entry e : entries) {
            byte[] k = e.k();
            int p = MstKeys.commonPrefixLength(prev, k);
            es.add(new Entry(p, java.util.Arrays.copyOfRange(k, p, k.length), e.v(), e.t()));
            prev = k;
        }
        return encodeRaw(left, es);
    }

    /** A node from full keys with canonical (maximal) prefix compression. */
    public Cid node(Cid left, List<String> keys, List<Cid> values, List<Cid> rights) {
        List<Entry> es = new ArrayList<>();
        byte[] prev = new byte[0];
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = keys.get(i).getBytes(StandardCharsets.UTF_8);
            int p = MstKeys.commonPrefixLength(prev, k);
            es.add(new Entry(p, java.util.Arrays.copyOfRange(k, p, k.length), values.get(i), rights.get(i)));
            prev = k;
        }
        return put(encodeRaw(left, es));
    }

    /** The canonical tree holding {@code entries}; returns its root. */
    public Cid build(SortedMap<String, Cid> entries) {
        List<String> keys = new ArrayList<>(entries.keySet());
        if (keys.isEmpty()) {
            return put(encodeRaw(null, List.of()));
        }
        int top = 0;
        for (String k : keys) {
            top = Math.max(top, MstKeys.height(k));
        }
        return build(keys, entries, top);
    }

    private Cid build(List<String> keys, Map<String, Cid> values, int layer) {
        if (keys.isEmpty()) {
            return null;
        }
        List<String> here = new ArrayList<>();
        List<List<String>> between = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String k : keys) {
            if (MstKeys.height(k) == layer) {
                between.add(run);
                run = new ArrayList<>();
                here.add(k);
            } else {
                run.add(k);
            }
        }
        between.add(run);
        Cid left = layer > 0 ? build(between.get(0), values, layer - 1) : null;
        List<Cid> vs = new ArrayList<>();
        List<Cid> ts = new ArrayList<>();
        for (int i = 0; i < here.size(); i++) {
            vs.add(values.get(here.get(i)));
            ts.add(layer > 0 ? build(between.get(i + 1), values, layer - 1) : null);
        }
        return node(left, here, vs, ts);
    }

    /** A dummy record CID for a key. */
    public static Cid value(String key) {
        return Cid.of(Cid.DAG_CBOR, DagCbor.encode(Map.of("k", key)));
    }

    /** The first {@code count} keys {@code prefix + n} with the given height. */
    public static List<String> keysAtHeight(String prefix, int height, int count) {
        List<String> out = new ArrayList<>();
        for (int n = 0; out.size() < count; n++) {
            String k = prefix + n;
            if (MstKeys.height(k) == height) {
                out.add(k);
            }
        }
        return out;
    }
}
