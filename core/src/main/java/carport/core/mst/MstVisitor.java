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

    /** A node linked from the tree that the block source does not have. */
    default void missingNode(Cid cid) {
        throw new MstException("MST node " + cid + " is missing");
    }

    /** A node that cannot be read or decoded, or a broken tree rule; one line. */
    default void problem(String message) {
        throw new MstException(message);
    }
}
