package carport.records;

import carport.core.InvalidDataException;
import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;

/**
 * Walks only the keys in [lo, hi) of an MST, in key order: a subtree is entered only if its keys can fall in
 * the range (the tree is sorted by key), so reading one collection of a large repository touches the nodes
 * on the paths into and within that range, each checked against its CID by the block source.
 *
 * <p>Core is getting a public range iteration (issue #10); this walker can then be replaced by it.
 */
final class RangeWalk {
    private static final int MAX_DEPTH = 200;

    private final BlockSource source;
    private final byte[] lo;
    private final byte[] hi;
    private final MstVisitor visitor;
    private byte[] lastKey;

    private RangeWalk(BlockSource source, byte[] lo, byte[] hi, MstVisitor visitor) {
        this.source = source;
        this.lo = lo;
        this.hi = hi;
        this.visitor = visitor;
    }

    /** Hands the leaves with {@code lo <= key < hi} to {@code visitor}, in order. */
    static void walk(BlockSource source, Cid root, byte[] lo, byte[] hi, MstVisitor visitor) {
        new RangeWalk(source, lo, hi, visitor).visit(root, 0);
    }

    /** The key range of one collection: {@code <nsid>/} up to (not including) {@code <nsid>0}. */
    static byte[][] collectionRange(String nsid) {
        byte[] lo = (nsid + "/").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] hi = lo.clone();
        hi[hi.length - 1] = '/' + 1;
        return new byte[][] {lo, hi};
    }

    private void visit(Cid cid, int depth) {
        if (depth > MAX_DEPTH) {
            visitor.problem("MST deeper than " + MAX_DEPTH + " levels at node " + cid + "; not followed");
            return;
        }
        byte[] data;
        MstNode n;
        try {
            data = source.get(cid);
            if (data == null) {
                visitor.missingNode(cid);
                return;
            }
            n = MstNode.decode(data);
        } catch (InvalidDataException e) {
            visitor.problem("MST node " + cid + ": " + e.getMessage());
            return;
        }
        visitor.node(cid, n, -1);
        if (n.left() != null && (n.size() == 0 || MstKeys.compare(lo, n.key(0)) < 0)) {
            visit(n.left(), depth + 1);
        }
        for (int i = 0; i < n.size(); i++) {
            byte[] key = n.key(i);
            if (MstKeys.compare(key, hi) >= 0) {
                return; // this key and everything after it (its right subtree, later entries) is past the range
            }
            if (MstKeys.compare(key, lo) >= 0) {
                leaf(cid, key, n.value(i));
            }
            Cid right = n.right(i);
            if (right != null && (i + 1 == n.size() || MstKeys.compare(n.key(i + 1), lo) > 0)) {
                visit(right, depth + 1);
            }
        }
    }

    private void leaf(Cid node, byte[] key, Cid value) {
        if (lastKey != null && MstKeys.compare(key, lastKey) <= 0) {
            visitor.problem("MST keys out of order: " + MstKeys.show(key) + " comes after " + MstKeys.show(lastKey)
                    + " (node " + node + ")");
            return;
        }
        lastKey = key;
        visitor.leaf(key, value);
    }
}
