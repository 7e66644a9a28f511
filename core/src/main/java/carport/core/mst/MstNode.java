package carport.core.mst;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.util.List;
import java.util.Map;

/**
 * One decoded MST node: {@code {l: cid|null, e: [{p: int, k: bytes, v: cid, t: cid|null}]}}, with the
 * prefix-compressed keys expanded. Decoding is strict about the encoding and the schema (exactly these
 * fields, canonical DAG-CBOR, dag-cbor links between nodes) but not about tree rules such as key order,
 * which {@link MstWalker} checks because they need context.
 */
public final class MstNode {
    private final Cid left;
    private final byte[][] keys;
    private final int[] prefixes;
    private final Cid[] values;
    private final Cid[] rights;

    private MstNode(Cid left, byte[][] keys, int[] prefixes, Cid[] values, Cid[] rights) {
        this.left = left;
        this.keys = keys;
        this.prefixes = prefixes;
        this.values = values;
        this.rights = rights;
    }

    /** The subtree left of the first entry, or null. */
    public Cid left() {
        return left;
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The full key of entry {@code i}; the array is shared, do not modify it. */
    public byte[] key(int i) {
        return keys[i];
    }

    /** The prefix length {@code p} as encoded. */
    public int prefixLength(int i) {
        return prefixes[i];
    }

    /** The record CID of entry {@code i}. */
    public Cid value(int i) {
        return values[i];
    }

    /** The subtree right of entry {@code i} (before the next entry), or null. */
    public Cid right(int i) {
        return rights[i];
    }

    /**
     * Encodes a node with canonical (maximal) prefix compression: {@code rights[i]} is the subtree right of
     * {@code keys[i]}; nulls for no subtree. The caller gives keys in increasing order.
     */
    public static byte[] encode(Cid left, byte[][] keys, Cid[] values, Cid[] rights) {
        List<Object> entries = new java.util.ArrayList<>(keys.length);
        byte[] prev = new byte[0];
        for (int i = 0; i < keys.length; i++) {
            byte[] k = keys[i];
            int p = MstKeys.commonPrefixLength(prev, k);
            Map<String, Object> e = new java.util.LinkedHashMap<>(8);
            e.put("k", java.util.Arrays.copyOfRange(k, p, k.length));
            e.put("p", (long) p);
            e.put("t", rights[i]);
            e.put("v", values[i]);
            entries.add(e);
            prev = k;
        }
        Map<String, Object> node = new java.util.LinkedHashMap<>(4);
        node.put("e", entries);
        node.put("l", left);
        return DagCbor.encode(node);
    }

    /** Decodes a node block. Throws {@link MstException} with a one-line reason. */
    public static MstNode decode(byte[] data) {
        MstNode n = FastParser.parse(data);
        return n != null ? n : decodeGeneric(data);
    }

    // The generic path defines the semantics: any input the fast path does not recognise goes through the
    // full DAG-CBOR decoder, which explains precisely what is wrong (or accepts an unusual but valid node).
    private static MstNode decodeGeneric(byte[] data) {
        Object v;
        try {
            v = DagCbor.decode(data);
        } catch (InvalidDataException e) {
            throw new MstException("invalid MST node: " + e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw new MstException("invalid MST node: not a map");
        }
        Map<?, ?> m = (Map<?, ?>) v;
        checkFields(m, "node", "e", "l");
        Cid left = link(m.get("l"), "l", true, true);
        Object eo = m.get("e");
        if (!(eo instanceof List)) {
            throw new MstException("invalid MST node: field e is not an array");
        }
        List<?> es = (List<?>) eo;
        int n = es.size();
        byte[][] keys = new byte[n][];
        int[] prefixes = new int[n];
        Cid[] values = new Cid[n];
        Cid[] rights = new Cid[n];
        byte[] prev = null;
        for (int i = 0; i < n; i++) {
            if (!(es.get(i) instanceof Map)) {
                throw new MstException("invalid MST node: entry " + i + " is not a map");
            }
            Map<?, ?> e = (Map<?, ?>) es.get(i);
            checkFields(e, "entry " + i, "k", "p", "t", "v");
            Object p = e.get("p");
            Object k = e.get("k");
            if (!(p instanceof Long) || (Long) p < 0 || (Long) p > Integer.MAX_VALUE) {
                throw new MstException("invalid MST node: entry " + i + " field p is not a small non-negative integer");
            }
            if (!(k instanceof byte[])) {
                throw new MstException("invalid MST node: entry " + i + " field k is not a byte string");
            }
            prefixes[i] = (int) (long) (Long) p;
            keys[i] = expand(prev, prefixes[i], (byte[]) k, 0, ((byte[]) k).length, i);
            values[i] = link(e.get("v"), "v", false, false);
            rights[i] = link(e.get("t"), "t", true, true);
            prev = keys[i];
        }
        return new MstNode(left, keys, prefixes, values, rights);
    }

    private static void checkFields(Map<?, ?> m, String what, String... names) {
        for (String f : names) {
            if (!m.containsKey(f)) {
                throw new MstException("invalid MST node: " + what + " has no field " + f);
            }
        }
        if (m.size() != names.length) {
            for (Object f : m.keySet()) {
                if (!List.of(names).contains(f)) {
                    throw new MstException("invalid MST node: " + what + " has an unexpected field " + f);
                }
            }
        }
    }

    private static Cid link(Object o, String field, boolean nullable, boolean node) {
        if (o == null && nullable) {
            return null;
        }
        if (!(o instanceof Cid)) {
            throw new MstException("invalid MST node: field " + field + " is not a CID link");
        }
        Cid c = (Cid) o;
        if (node) {
            checkNodeLink(c, field);
        }
        return c;
    }

    private static void checkNodeLink(Cid c, String field) {
        if (!c.isAtproto() || c.codec() != Cid.DAG_CBOR) {
            throw new MstException("invalid MST node: subtree link " + field + " is not a dag-cbor sha2-256 CID");
        }
    }

    static byte[] expand(byte[] prev, int p, byte[] suffix, int off, int len, int i) {
        if (i == 0 && p != 0) {
            throw new MstException("invalid MST node: the first entry has prefix length " + p + " (must be 0)");
        }
        if (p > 0 && p > prev.length) {
            throw new MstException("invalid MST node: entry " + i + " has prefix length " + p
                    + " but the previous key has only " + prev.length + " bytes");
        }
        if ((long) p + len > 1 << 20) {
            throw new MstException("invalid MST node: entry " + i + " has a key longer than 1 MiB");
        }
        byte[] key = new byte[p + len];
        if (p > 0) {
            System.arraycopy(prev, 0, key, 0, p);
        }
        System.arraycopy(suffix, off, key, p, len);
        return key;
    }

    /**
     * Reads the canonical encoding of exactly this schema without building generic values. Returns null
     * for anything else (including errors), leaving explanations to the generic decoder.
     */
    private static final class FastParser {
        private final byte[] b;
        private int pos;

        private FastParser(byte[] b) {
            this.b = b;
        }

        static MstNode parse(byte[] b) {
            try {
                return new FastParser(b).node();
            } catch (RuntimeException e) {
                // ArrayIndexOutOfBounds on truncation, InvalidDataException on a bad CID: the generic
                // decoder will say what is wrong.
                return null;
            }
        }

        private MstNode node() {
            if (u8() != 0xa2 || !key('e')) {
                return null;
            }
            int n = head(4);
            // each entry takes at least 20 bytes: a count beyond what is left must not size an allocation
            if (n < 0 || n > (b.length - pos) / 20) {
                return null;
            }
            byte[][] keys = new byte[n][];
            int[] prefixes = new int[n];
            Cid[] values = new Cid[n];
            Cid[] rights = new Cid[n];
            byte[] prev = null;
            for (int i = 0; i < n; i++) {
                if (u8() != 0xa4 || !key('k')) {
                    return null;
                }
                int klen = head(2);
                if (klen < 0 || klen > b.length - pos) {
                    return null;
                }
                int koff = pos;
                pos += klen;
                if (!key('p')) {
                    return null;
                }
                int p = head(0);
                if (p < 0 || (i == 0 && p != 0) || (i > 0 && p > prev.length)) {
                    return null;
                }
                keys[i] = expand(prev, p, b, koff, klen, i);
                prefixes[i] = p;
                if (!key('t')) {
                    return null;
                }
                rights[i] = link(true, true);
                if (!key('v')) {
                    return null;
                }
                values[i] = link(false, false);
                if (values[i] == null) {
                    return null;
                }
                prev = keys[i];
            }
            if (!key('l')) {
                return null;
            }
            Cid left = link(true, true);
            if (pos != b.length) {
                return null;
            }
            return new MstNode(left, keys, prefixes, values, rights);
        }

        private int u8() {
            return b[pos++] & 0xff;
        }

        private boolean key(char c) {
            return u8() == 0x61 && u8() == c;
        }

        /** A minimally encoded head of the given major type with a value below 2^31, or -1. */
        private int head(int major) {
            int ib = u8();
            if (ib >>> 5 != major) {
                return -1;
            }
            int info = ib & 0x1f;
            if (info < 24) {
                return info;
            }
            if (info == 24) {
                int v = u8();
                return v >= 24 ? v : -1;
            }
            if (info == 25) {
                int v = u8() << 8 | u8();
                return v > 0xff ? v : -1;
            }
            if (info == 26) {
                long v = (long) u8() << 24 | u8() << 16 | u8() << 8 | u8();
                return v > 0xffff && v <= Integer.MAX_VALUE ? (int) v : -1;
            }
            return -1;
        }

        /** null (0xf6) if allowed, or tag 42 + bytes(0x00 + CID). Returns null also for "not recognised". */
        private Cid link(boolean nullable, boolean node) {
            if ((b[pos] & 0xff) == 0xf6) {
                pos++;
                if (!nullable) {
                    throw new IllegalStateException();
                }
                return null;
            }
            if (u8() != 0xd8 || u8() != 42) {
                throw new IllegalStateException();
            }
            int len = head(2);
            if (len < 2 || len > b.length - pos || b[pos] != 0) {
                throw new IllegalStateException();
            }
            Cid c;
            if (node) {
                c = Cid.fromBytes(b, pos + 1, len - 1);
                checkNodeLink(c, "l/t");
            } else {
                c = Cid.fromBytesLenient(b, pos + 1, len - 1);
            }
            pos += len;
            return c;
        }
    }
}
