package carport.core.mst;

import carport.core.cid.Cid;

/**
 * Receives an MST walk. Leaves arrive in key order. The defaults make a strict walk: a missing node
 * or a broken rule throws {@link MstException}; override {@link #missingNode} and {@link #problem} to
 * collect them instead (the walk then skips what it cannot read and carries on).
 */
public interface MstVisitor {
    /** One (key, record CID) pair. The key array must not be modified. */
    void leaf(byte[] key, Cid value);

    /** A node that was read and decoded; {@code layer} is -1 when it cannot be known. */
    default void node(Cid cid, MstNode node, int layer) {}

    /**
     * As {@link #node(Cid, MstNode, int)}, also given the node's depth below the root (0 for the root); the
     * walk calls this one, which by default calls the other.
     */
    default void node(Cid cid, MstNode node, int layer, int depth) {
        node(cid, node, layer);
    }

    /** As {@link #missingNode(Cid)}, with the depth the node would have; by default calls it. */
    default void missingNode(Cid cid, int depth) {
        missingNode(cid);
    }

    /** A node that is in the source but cannot be read or decoded; by default one more {@link #problem}. */
    default void unreadableNode(Cid cid, int depth, String message) {
        problem(message);
    }

    /** A node linked from the tree that the block source does not have. */
    default void missingNode(Cid cid) {
        throw new MstException("MST node " + cid + " is missing");
    }

    /** A node that cannot be read or decoded, or a broken tree rule; one line. */
    default void problem(String message) {
        throw new MstException(message);
    }
}
