package carport.export.repo;

import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
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
                // Open the higher one first: the lower one may turn out to be a subtree of it.
                if (b.subtreeLayer() > a.subtreeLayer()) {
                    b.descend();
                } else {
                    a.descend();
                }
                continue;
            }
            if (ka == MstCursor.Kind.SUBTREE) {
                a.descend();
                continue;
            }
            if (kb == MstCursor.Kind.SUBTREE) {
                b.descend();
                continue;
            }
            if (ka == MstCursor.Kind.END && kb == MstCursor.Kind.END) {
                return;
            }
            int c = ka == MstCursor.Kind.END ? 1 : kb == MstCursor.Kind.END ? -1 : MstKeys.compare(a.key(), b.key());
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

    private static String string(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
