package carport.core.cbor;

import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict DAG-CBOR codec for the atproto data model. Values are {@code null}, {@link Boolean},
 * {@link Long} (encode also takes Integer, Short and Byte), {@link String}, {@code byte[]}, {@link Cid},
 * {@code List<Object>} and {@code Map<String, Object>}. Decoded maps iterate in canonical key order.
 */
public final class DagCbor {
    private DagCbor() {}

    /** Decodes a whole array, which must hold exactly one item. */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code data[off, off+len)}, which must hold exactly one item. */
    public static Object decode(byte[] data, int off, int len) {
        CborReader r = new CborReader(data, off, len, false);
        Object v = r.readValue();
        r.expectEnd();
        return v;
    }

    /**
     * As {@link #decode(byte[], int, int)} but accepts any CID inside tag 42 (CIDv0, other codecs and
     * hashes). For record values, where the repository spec tolerates foreign links; they re-encode to the
     * same bytes.
     */
    public static Object decodeLenient(byte[] data, int off, int len) {
        CborReader r = new CborReader(data, off, len, true);
        Object v = r.readValue();
        r.expectEnd();
        return v;
    }

    /** Checks that {@code data[off, off+len)} is exactly one strict item without building it. */
    public static void validate(byte[] data, int off, int len) {
        CborReader r = new CborReader(data, off, len, false);
        r.skip();
        r.expectEnd();
    }

    /** The canonical encoding of a value. */
    public static byte[] encode(Object value) {
        CborWriter w = new CborWriter();
        encode(value, w);
        return w.toByteArray();
    }

    /** Appends the canonical encoding of a value to {@code w}. */
    public static void encode(Object value, CborWriter w) {
        write(w, value, 0);
    }

    private static void write(CborWriter w, Object v, int depth) {
        if (v == null) {
            w.writeNull();
        } else if (v instanceof String) {
            w.writeText((String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            w.writeLong(((Number) v).longValue());
        } else if (v instanceof Map) {
            checkDepth(depth);
            writeMap(w, (Map<?, ?>) v, depth);
        } else if (v instanceof List) {
            checkDepth(depth);
            List<?> list = (List<?>) v;
            w.writeArrayHeader(list.size());
            int n = 0;
            for (Object item : list) {
                write(w, item, depth + 1);
                n++;
            }
            if (n != list.size()) {
                throw new CborException("list changed while it was being encoded");
            }
        } else if (v instanceof Boolean) {
            w.writeBoolean((Boolean) v);
        } else if (v instanceof byte[]) {
            w.writeBytes((byte[]) v);
        } else if (v instanceof Cid) {
            w.writeCid((Cid) v);
        } else if (v instanceof Double || v instanceof Float) {
            throw new CborException("floating-point numbers are not allowed in the atproto data model");
        } else {
            throw new CborException("cannot encode a " + v.getClass().getName() + " as DAG-CBOR");
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= CborReader.DEFAULT_MAX_DEPTH) {
            throw new CborException("nesting deeper than " + CborReader.DEFAULT_MAX_DEPTH + " levels");
        }
    }

    private static void writeMap(CborWriter w, Map<?, ?> map, int depth) {
        if (writeSortedAsciiMap(w, map, depth)) {
            return;
        }
        int n = map.size();
        byte[][] keys = new byte[n][];
        Object[] values = new Object[n];
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            if (!it.hasNext()) {
                throw new CborException("map changed while it was being encoded");
            }
            Map.Entry<?, ?> e = it.next();
            if (!(e.getKey() instanceof String)) {
                throw new CborException("map keys must be strings, found "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            keys[i] = CborWriter.utf8((String) e.getKey());
            values[i] = e.getValue();
            if (sorted && i > 0 && compare(keys[i - 1], keys[i]) >= 0) {
                sorted = false;
            }
        }
        if (!sorted) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compare(keys[a], keys[b]));
            byte[][] k2 = new byte[n][];
            Object[] v2 = new Object[n];
            for (int i = 0; i < n; i++) {
                k2[i] = keys[order[i]];
                v2[i] = values[order[i]];
                if (i > 0 && compare(k2[i - 1], k2[i]) == 0) {
                    throw new CborException("duplicate map key \"" + new String(k2[i], StandardCharsets.UTF_8) + "\"");
                }
            }
            System.arraycopy(k2, 0, keys, 0, n);
            System.arraycopy(v2, 0, values, 0, n);
        }
        w.writeMapHeader(n);
        for (int i = 0; i < n; i++) {
            w.writeTextUtf8(keys[i], 0, keys[i].length);
            write(w, values[i], depth + 1);
        }
    }

    /**
     * The common case without sorting or key arrays: every key is an ASCII string and the map already
     * iterates in canonical order (as decoded maps do). Returns false, having written nothing, otherwise.
     */
    private static boolean writeSortedAsciiMap(CborWriter w, Map<?, ?> map, int depth) {
        String prev = null;
        int n = 0;
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
            String key = (String) k;
            if (!isAscii(key) || (prev != null && (prev.length() > key.length()
                    || (prev.length() == key.length() && prev.compareTo(key) >= 0)))) {
                return false;
            }
            prev = key;
            n++;
        }
        if (n != map.size()) {
            throw new CborException("map changed while it was being encoded");
        }
        w.writeMapHeader(n);
        int written = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            w.writeAsciiText((String) e.getKey());
            write(w, e.getValue(), depth + 1);
            written++;
        }
        if (written != n) {
            throw new CborException("map changed while it was being encoded");
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int compare(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return a.length < b.length ? -1 : 1;
        }
        return Arrays.compareUnsigned(a, b);
    }
}
