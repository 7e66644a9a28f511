package carport.core.mst;

import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;

/**
 * The record changes between two MSTs, found by walking both in key order and skipping every subtree
 * the two share (same CID, same content), so the work grows with the size of the change, not of the
 * repository.
 */
public final class TreeDiff {
    private TreeDiff() {}

    /** Receives the changes in key order. */
    public interface Visitor {
        void added(String key, Cid cid);

        void updated(String key, Cid oldCid, Cid newCid);

        void deleted(String key, Cid oldCid);
    }

    /** Counts of a diff. */
    public static final class Counts implements Visitor {
        public long added;
        public long updated;
        public long deleted;

        @Override
        public void added(String key, Cid cid) {
            added++;
        }

        @Override
        public void updated(String key, Cid oldCid, Cid newCid) {
            updated++;
        }

        @Override
        public void deleted(String key, Cid oldCid) {
            deleted++;
        }
    }

    /**
     * Compares the tree rooted at {@code oldRoot} (blocks from {@code oldSource}) with the one at
     * {@code newRoot}. Throws {@link carport.core.mst.MstException} if a node it needs is missing or
     * broken.
     */
    public static void diff(BlockSource oldSource, Cid oldRoot, BlockSource newSource, Cid newRoot, Visitor v) {
        MstCursor a = new MstCursor(oldSource, oldRoot);
        MstCursor b = new MstCursor(newSource, newRoot);
        while (true) {
            MstCursor.Kind ka = a.kind();
            MstCursor.Kind kb = b.kind();
            if (ka == MstCursor.Kind.SUBTREE && kb == MstCursor.Kind.SUBTREE && a.subtree().equals(b.subtree())) {
                // Both cursors stand in front of the same keys: the subtree's smallest key is next for both.
                a.skip();
                b.skip();
                continue;
            }
            if (ka == MstCursor.Kind.SUBTREE && kb == MstCursor.Kind.SUBTREE) {
                openFirst(a, b);
                continue;
            }
            // A subtree against a leaf: if the whole subtree comes after the leaf, the leaf is settled
            // first and the subtree may still be matched later.
            if (ka == MstCursor.Kind.SUBTREE && !(kb == MstCursor.Kind.LEAF && before(b.key(), a.peek()))) {
                a.descend();
                continue;
            }
            if (kb == MstCursor.Kind.SUBTREE && !(ka == MstCursor.Kind.LEAF && before(a.key(), b.peek()))) {
                b.descend();
                continue;
            }
            if (ka == MstCursor.Kind.END && kb == MstCursor.Kind.END) {
                return;
            }
            int c = ka != MstCursor.Kind.LEAF ? 1 : kb != MstCursor.Kind.LEAF ? -1 : MstKeys.compare(a.key(), b.key());
            if (c < 0) {
                v.deleted(string(a.key()), a.value());
                a.skip();
            } else if (c > 0) {
                v.added(string(b.key()), b.value());
                b.skip();
            } else {
                if (!a.value().equals(b.value())) {
                    v.updated(string(a.key()), a.value(), b.value());
                }
                a.skip();
                b.skip();
            }
        }
    }

    /**
     * Two different subtrees are next: open the one that cannot turn up in the other tree, so that the
     * other one may still be matched and skipped later. A higher subtree may contain the lower one; on
     * the same layer, the one whose node starts with the smaller key lies before everything the other
     * tree has from here on.
     */
    private static void openFirst(MstCursor a, MstCursor b) {
        int la = a.subtreeLayer();
        int lb = b.subtreeLayer();
        if (la != lb) {
            (la > lb ? a : b).descend();
            return;
        }
        int c = compareFirstKeys(a.peek(), b.peek());
        if (c <= 0) {
            a.descend();
        }
        if (c >= 0) {
            b.descend();
        }
    }

    /** True if every key under {@code node} is greater than {@code key}, as far as the node alone shows. */
    private static boolean before(byte[] key, MstNode node) {
        return node.left() == null && !node.isEmpty() && MstKeys.compare(key, node.key(0)) < 0;
    }

    /** An empty node (it only leads further down) sorts first. */
    private static int compareFirstKeys(MstNode x, MstNode y) {
        if (x.isEmpty() || y.isEmpty()) {
            return x.isEmpty() && y.isEmpty() ? 0 : x.isEmpty() ? -1 : 1;
        }
        return MstKeys.compare(x.key(0), y.key(0));
    }

    private static String string(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
