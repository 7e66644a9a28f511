package carport.core.mst;

import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import java.util.ArrayDeque;

/**
 * A pull-style, in-order walk over an MST that stops in front of every subtree, so that a caller
 * comparing two trees can skip a subtree both share without reading it. Only the path from the root
 * is held in memory.
 */
final class MstCursor {
    enum Kind { SUBTREE, LEAF, END }

    private static final class Frame {
        final MstNode node;
        /** The node's layer (height of its keys; for an empty node, the one its parent implies), or -1. */
        final int layer;
        /** 0: the left subtree; 2i+1: entry i; 2i+2: the subtree right of entry i. */
        int pos;

        /** @param expected the layer the parent implies, or -1 if unknown (an empty node takes it) */
        Frame(MstNode node, int expected) {
            this.node = node;
            this.layer = node.isEmpty() ? expected : MstKeys.height(node.key(0));
        }
    }

    private final BlockSource source;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private Cid pendingRoot;
    /** The node of the subtree in front, once peeked at (before the cursor enters it). */
    private MstNode peeked;

    MstCursor(BlockSource source, Cid root) {
        this.source = source;
        this.pendingRoot = root;
    }

    /** What comes next; skips absent subtrees and finished nodes. */
    Kind kind() {
        if (pendingRoot != null) {
            return Kind.SUBTREE;
        }
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            int n = f.node.size();
            if (f.pos > 2 * n) {
                stack.pop();
                continue;
            }
            if (f.pos % 2 == 1) {
                return Kind.LEAF;
            }
            if (subtreeAt(f) != null) {
                return Kind.SUBTREE;
            }
            f.pos++;
        }
        return Kind.END;
    }

    private static Cid subtreeAt(Frame f) {
        return f.pos == 0 ? f.node.left() : f.node.right(f.pos / 2 - 1);
    }

    /** The subtree in front of the cursor; only when {@link #kind()} is SUBTREE. */
    Cid subtree() {
        return pendingRoot != null ? pendingRoot : subtreeAt(stack.peek());
    }

    /**
     * The layer of the subtree in front of the cursor: one below its parent's, or for the root the
     * height of its keys (read for that); -1 for an empty root, {@link Integer#MAX_VALUE} below an
     * empty node.
     */
    int subtreeLayer() {
        if (pendingRoot != null) {
            MstNode n = peek();
            return n.isEmpty() ? -1 : MstKeys.height(n.key(0));
        }
        int parent = stack.peek().layer;
        return parent < 0 ? Integer.MAX_VALUE : parent - 1;
    }

    /** The leaf key in front of the cursor; only when {@link #kind()} is LEAF. */
    byte[] key() {
        Frame f = stack.peek();
        return f.node.key(f.pos / 2);
    }

    Cid value() {
        Frame f = stack.peek();
        return f.node.value(f.pos / 2);
    }

    /** Passes over the subtree or leaf in front of the cursor. */
    void skip() {
        if (pendingRoot != null) {
            pendingRoot = null;
        } else {
            stack.peek().pos++;
        }
        peeked = null;
    }

    /** Opens the subtree in front of the cursor. */
    void descend() {
        Cid cid = subtree();
        MstNode node = peeked;
        int expected = pendingRoot != null || stack.peek().layer < 0 ? -1 : stack.peek().layer - 1;
        skip();
        if (stack.size() > 200) {
            throw new MstException("MST deeper than 200 levels at node " + cid);
        }
        stack.push(new Frame(node != null ? node : load(cid), expected));
    }

    /** Reads the node of the subtree in front without entering it. */
    MstNode peek() {
        if (peeked == null) {
            peeked = load(subtree());
        }
        return peeked;
    }

    private MstNode load(Cid cid) {
        byte[] block = source.get(cid);
        if (block == null) {
            throw new MstException("MST node " + cid + " is missing");
        }
        return MstNode.decode(block);
    }
}
