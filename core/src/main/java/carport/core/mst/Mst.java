package carport.core.mst;

import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Merkle Search Tree as a value: build one from sorted entries, load one from blocks, and get a new
 * tree with a key put or deleted. Every change gives a new {@code Mst} and leaves this one as it was;
 * the two share the nodes the change did not touch. {@link #root()} is the root CID of the canonical tree
 * for the entries, the same as any other atproto implementation computes, and {@link #newBlocks()} the
 * node blocks a store or a CAR needs beside the blocks the tree was loaded from.
 *
 * <pre>{@code
 * Mst tree = Mst.load(car, commit.data());
 * Mst next = tree.put("app.bsky.feed.post/3l4", recordCid).delete("app.bsky.feed.like/3k2");
 * Cid root = next.root();
 * Map<Cid, byte[]> blocks = next.newBlocks();   // the changed nodes, to store or write
 * }</pre>
 *
 * <p>Nodes are read from the block source when a change or a lookup first needs them (the source checks
 * each block against its CID). A tree loaded from blocks is assumed canonical; a node on the wrong layer
 * throws {@link MstException}. Not safe for use by several threads at once.
 */
public final class Mst {
    private static final int MAX_DEPTH = 200;
    private static final byte[] EMPTY_NODE = MstNode.encode(null, new byte[0][], new Cid[0], new Cid[0]);

    private final BlockSource source;
    /** Null for the empty tree. */
    private final Node root;

    private Mst(BlockSource source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** The empty tree. */
    public static Mst empty() {
        return new Mst(cid -> null, null);
    }

    /** The tree with root {@code root}, read from {@code source} as needed. */
    public static Mst load(BlockSource source, Cid root) {
        Node n = new Sub(root).node(source, -1, 0);
        return new Mst(source, trim(source, n));
    }

    /**
     * The tree holding {@code entries}, given in strictly increasing key order (byte order of the UTF-8
     * keys, which is {@link String} order for ASCII keys such as repo paths). Builds each node once: for
     * a whole repository this is much faster than one {@link #put} per key.
     *
     * @throws IllegalArgumentException if the keys are not strictly increasing or a key is empty
     */
    public static Mst build(Iterable<? extends Map.Entry<String, Cid>> entries) {
        List<byte[]> keys = new ArrayList<>();
        List<Cid> values = new ArrayList<>();
        byte[] last = null;
        for (Map.Entry<String, Cid> e : entries) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (k.length == 0) {
                throw new IllegalArgumentException("an MST key may not be empty");
            }
            if (last != null && MstKeys.compare(last, k) >= 0) {
                throw new IllegalArgumentException("MST entries must be in strictly increasing key order: \""
                        + e.getKey() + "\" comes after \"" + new String(last, StandardCharsets.UTF_8) + "\"");
            }
            keys.add(k);
            values.add(java.util.Objects.requireNonNull(e.getValue(), "value"));
            last = k;
        }
        int n = keys.size();
        byte[][] ks = keys.toArray(new byte[0][]);
        Cid[] vs = values.toArray(new Cid[0]);
        int[] heights = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            heights[i] = MstKeys.height(ks[i]);
            top = Math.max(top, heights[i]);
        }
        return new Mst(cid -> null, n == 0 ? null : build(ks, vs, heights, 0, n, top));
    }

    /** The node on {@code layer} holding entries [from, to), which is not empty. */
    private static Node build(byte[][] ks, Cid[] vs, int[] heights, int from, int to, int layer) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (heights[i] == layer) {
                count++;
            }
        }
        byte[][] keys = new byte[count][];
        Cid[] values = new Cid[count];
        Sub[] slots = new Sub[count + 1];
        int start = from;
        int j = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || heights[i] == layer) {
                slots[j] = start < i ? new Sub(build(ks, vs, heights, start, i, layer - 1)) : null;
                if (i < to) {
                    keys[j] = ks[i];
                    values[j] = vs[i];
                    j++;
                    start = i + 1;
                }
            }
        }
        return new Node(layer, keys, values, slots);
    }

    /** The value stored under {@code key}, if any. */
    public Optional<Cid> get(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Node n = root;
        for (int depth = 0; n != null; depth++) {
            int i = n.search(k);
            if (i >= 0) {
                return Optional.of(n.values[i]);
            }
            n = n.slot(source, -i - 1, depth);
        }
        return Optional.empty();
    }

    /** The tree with {@code key} set to {@code value} (added, or replacing the value it had). */
    public Mst put(String key, Cid value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length == 0) {
            throw new IllegalArgumentException("an MST key may not be empty");
        }
        java.util.Objects.requireNonNull(value, "value");
        int h = MstKeys.height(k);
        if (root == null) {
            return new Mst(source, new Node(h, new byte[][] {k}, new Cid[] {value}, new Sub[2]));
        }
        Node n = insert(root, k, h, value, 0);
        return n == root ? this : new Mst(source, n);
    }

    /** The tree without {@code key}; this tree if it has no such key. */
    public Mst delete(String key) {
        if (root == null) {
            return this;
        }
        Node n = remove(root, key.getBytes(StandardCharsets.UTF_8), 0);
        return n == root ? this : new Mst(source, trim(source, n));
    }

    /** The root CID; the CID of an empty node for the empty tree. */
    public Cid root() {
        return root == null ? Cid.of(Cid.DAG_CBOR, EMPTY_NODE) : root.cid();
    }

    /**
     * The blocks of the nodes that are not in the block source the tree was loaded from (all nodes of a
     * built tree), in an order where every node comes before the nodes it links to.
     */
    public Map<Cid, byte[]> newBlocks() {
        Map<Cid, byte[]> out = new LinkedHashMap<>();
        if (root == null) {
            out.put(root(), EMPTY_NODE.clone());
        } else {
            root.cid();
            collect(root, out);
        }
        return out;
    }

    private void collect(Node n, Map<Cid, byte[]> out) {
        // A loaded node is in the source, and so is everything below it that has not changed; a node built
        // here may still equal one there (a key deleted and put back), and then so does its whole subtree.
        if (n.block == null || out.containsKey(n.cid) || source.get(n.cid) != null) {
            return;
        }
        out.put(n.cid, n.block.clone());
        for (Sub s : n.slots) {
            if (s != null && s.node != null) {
                collect(s.node, out);
            }
        }
    }

    /** Every entry in key order (reads the whole tree). */
    public void forEach(java.util.function.BiConsumer<String, Cid> action) {
        walk(root, action, 0);
    }

    private void walk(Node n, java.util.function.BiConsumer<String, Cid> action, int depth) {
        if (n == null) {
            return;
        }
        for (int i = 0; i <= n.keys.length; i++) {
            walk(n.slot(source, i, depth), action, depth + 1);
            if (i < n.keys.length) {
                action.accept(new String(n.keys[i], StandardCharsets.UTF_8), n.values[i]);
            }
        }
    }

    // ------------------------------------------------------------------------------ the algorithms

    private Node insert(Node n, byte[] k, int h, Cid value, int depth) {
        if (h > n.layer) {
            Node[] parts = split(n, k, depth);
            return new Node(h, new byte[][] {k}, new Cid[] {value},
                    new Sub[] {Sub.of(raise(parts[0], h - 1)), Sub.of(raise(parts[1], h - 1))});
        }
        int i = n.search(k);
        if (i >= 0) {
            if (n.values[i].equals(value)) {
                return n;
            }
            Cid[] values = n.values.clone();
            values[i] = value;
            return new Node(n.layer, n.keys, values, n.slots);
        }
        int at = -i - 1;
        Node sub = n.slot(source, at, depth);
        if (h == n.layer) {
            Node[] parts = split(sub, k, depth + 1);
            return n.insertKey(at, k, value, parts[0], parts[1]);
        }
        Node child = sub == null ? raise(new Node(h, new byte[][] {k}, new Cid[] {value}, new Sub[2]), n.layer - 1)
                : insert(sub, k, h, value, depth + 1);
        return n.withSlot(at, child);
    }

    /** The keys of {@code n} below {@code k} and those above, as two trees on n's layer (either may be null). */
    private Node[] split(Node n, byte[] k, int depth) {
        if (n == null) {
            return new Node[2];
        }
        checkDepth(depth);
        int i = n.search(k);
        if (i >= 0) {
            throw new MstException("MST key " + MstKeys.show(k) + " is on layer " + n.layer
                    + " but its height is " + MstKeys.height(k) + " (the tree is not canonical)");
        }
        int at = -i - 1;
        Node[] parts = split(n.slot(source, at, depth), k, depth + 1);
        Sub[] ls = Arrays.copyOf(n.slots, at + 1);
        ls[at] = Sub.of(parts[0]);
        Sub[] rs = Arrays.copyOfRange(n.slots, at, n.slots.length);
        rs[0] = Sub.of(parts[1]);
        Node left = new Node(n.layer, Arrays.copyOf(n.keys, at), Arrays.copyOf(n.values, at), ls);
        Node right = new Node(n.layer, Arrays.copyOfRange(n.keys, at, n.keys.length),
                Arrays.copyOfRange(n.values, at, n.values.length), rs);
        return new Node[] {left.orNull(), right.orNull()};
    }

    private Node remove(Node n, byte[] k, int depth) {
        checkDepth(depth);
        int i = n.search(k);
        if (i >= 0) {
            Node merged = merge(n.slot(source, i, depth), n.slot(source, i + 1, depth), depth + 1);
            return n.removeKey(i, merged).orNull();
        }
        int at = -i - 1;
        Node sub = n.slot(source, at, depth);
        if (sub == null) {
            return n;
        }
        Node child = remove(sub, k, depth + 1);
        return child == sub ? n : n.withSlot(at, child).orNull();
    }

    /** One tree from two on the same layer whose keys are all below / all above each other. */
    private Node merge(Node a, Node b, int depth) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        checkDepth(depth);
        int na = a.keys.length;
        Node middle = merge(a.slot(source, na, depth), b.slot(source, 0, depth), depth + 1);
        byte[][] keys = new byte[na + b.keys.length][];
        Cid[] values = new Cid[keys.length];
        Sub[] slots = new Sub[keys.length + 1];
        System.arraycopy(a.keys, 0, keys, 0, na);
        System.arraycopy(b.keys, 0, keys, na, b.keys.length);
        System.arraycopy(a.values, 0, values, 0, na);
        System.arraycopy(b.values, 0, values, na, b.values.length);
        System.arraycopy(a.slots, 0, slots, 0, na);
        slots[na] = Sub.of(middle);
        System.arraycopy(b.slots, 1, slots, na + 1, b.keys.length);
        return new Node(a.layer, keys, values, slots).orNull();
    }

    /** {@code n} below empty nodes up to {@code layer} (the layers between must each have a node). */
    private static Node raise(Node n, int layer) {
        while (n != null && n.layer < layer) {
            n = new Node(n.layer + 1, new byte[0][], new Cid[0], new Sub[] {new Sub(n)});
        }
        return n;
    }

    /** The root without the empty nodes on top (a canonical root holds keys, unless the tree is empty). */
    private static Node trim(BlockSource source, Node n) {
        while (n != null && n.keys.length == 0) {
            n = n.slot(source, 0, 0);
        }
        return n;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new MstException("MST deeper than " + MAX_DEPTH + " levels");
        }
    }

    // ------------------------------------------------------------------------------ nodes

    /** A link to a subtree: a CID whose node is read on first use, or a node built here. */
    private static final class Sub {
        final Cid cid;
        Node node;

        Sub(Cid cid) {
            this.cid = cid;
        }

        Sub(Node node) {
            this.cid = null;
            this.node = node;
        }

        static Sub of(Node n) {
            return n == null ? null : new Sub(n);
        }

        Cid cid() {
            return node != null ? node.cid() : cid;
        }

        /** The node, read from {@code source} if needed; {@code layer} is the one expected, -1 for the root. */
        Node node(BlockSource source, int layer, int depth) {
            if (node == null) {
                checkDepth(depth);
                byte[] block = source.get(cid);
                if (block == null) {
                    throw new MstException("MST node " + cid + " is missing");
                }
                MstNode m = MstNode.decode(block);
                int l = layer;
                if (!m.isEmpty()) {
                    l = MstKeys.height(m.key(0));
                    if (layer >= 0 && l != layer) {
                        throw new MstException("MST node " + cid + " is on layer " + layer + " but its first key has height "
                                + l + " (the tree is not canonical)");
                    }
                } else if (layer < 0) {
                    // an empty root with a subtree is not canonical, but its layer is still one above the subtree's
                    l = m.left() == null ? 0 : new Sub(m.left()).node(source, -1, depth + 1).layer + 1;
                }
                int size = m.size();
                byte[][] keys = new byte[size][];
                Cid[] values = new Cid[size];
                Sub[] slots = new Sub[size + 1];
                slots[0] = m.left() == null ? null : new Sub(m.left());
                for (int i = 0; i < size; i++) {
                    keys[i] = m.key(i);
                    values[i] = m.value(i);
                    slots[i + 1] = m.right(i) == null ? null : new Sub(m.right(i));
                }
                Node n = new Node(l, keys, values, slots);
                n.cid = cid; // loaded: its block is in the source already, so block stays null
                node = n;
            }
            return node;
        }
    }

    private static final class Node {
        final int layer;
        final byte[][] keys;
        final Cid[] values;
        /** slots[0] is left of keys[0]; slots[i + 1] is right of keys[i]; null for no subtree. */
        final Sub[] slots;
        Cid cid;
        /** The encoding of a node built here (null for a loaded one). */
        byte[] block;

        Node(int layer, byte[][] keys, Cid[] values, Sub[] slots) {
            this.layer = layer;
            this.keys = keys;
            this.values = values;
            this.slots = slots;
        }

        /** The index of {@code k}, or {@code -(insertion point) - 1}. */
        int search(byte[] k) {
            int lo = 0;
            int hi = keys.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = MstKeys.compare(keys[mid], k);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -lo - 1;
        }

        Node slot(BlockSource source, int i, int depth) {
            Sub s = slots[i];
            return s == null ? null : s.node(source, layer - 1, depth + 1);
        }

        Node withSlot(int i, Node child) {
            Sub[] s = slots.clone();
            s[i] = Sub.of(child);
            return new Node(layer, keys, values, s);
        }

        /** This node with (k, v) inserted at {@code at}, the subtree there replaced by {@code left} and {@code right}. */
        Node insertKey(int at, byte[] k, Cid v, Node left, Node right) {
            byte[][] ks = new byte[keys.length + 1][];
            Cid[] vs = new Cid[ks.length];
            Sub[] ss = new Sub[ks.length + 1];
            System.arraycopy(keys, 0, ks, 0, at);
            System.arraycopy(keys, at, ks, at + 1, keys.length - at);
            System.arraycopy(values, 0, vs, 0, at);
            System.arraycopy(values, at, vs, at + 1, values.length - at);
            System.arraycopy(slots, 0, ss, 0, at);
            System.arraycopy(slots, at + 1, ss, at + 2, slots.length - at - 1);
            ks[at] = k;
            vs[at] = v;
            ss[at] = Sub.of(left);
            ss[at + 1] = Sub.of(right);
            return new Node(layer, ks, vs, ss);
        }

        /** This node without key {@code i}, the subtrees on either side replaced by {@code merged}. */
        Node removeKey(int i, Node merged) {
            byte[][] ks = new byte[keys.length - 1][];
            Cid[] vs = new Cid[ks.length];
            Sub[] ss = new Sub[ks.length + 1];
            System.arraycopy(keys, 0, ks, 0, i);
            System.arraycopy(keys, i + 1, ks, i, keys.length - i - 1);
            System.arraycopy(values, 0, vs, 0, i);
            System.arraycopy(values, i + 1, vs, i, values.length - i - 1);
            System.arraycopy(slots, 0, ss, 0, i);
            System.arraycopy(slots, i + 2, ss, i + 1, slots.length - i - 2);
            ss[i] = Sub.of(merged);
            return new Node(layer, ks, vs, ss);
        }

        /** Null for a node that holds nothing (no keys, no subtree); an empty node leading to keys stays. */
        Node orNull() {
            return keys.length == 0 && slots[0] == null ? null : this;
        }

        Cid cid() {
            if (cid == null) {
                Cid[] rights = new Cid[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    rights[i] = slots[i + 1] == null ? null : slots[i + 1].cid();
                }
                block = MstNode.encode(slots[0] == null ? null : slots[0].cid(), keys, values, rights);
                cid = Cid.of(Cid.DAG_CBOR, block);
            }
            return cid;
        }
    }

}
