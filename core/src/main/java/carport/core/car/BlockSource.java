package carport.core.car;

import carport.core.cid.Cid;

/** Where blocks come from when walking a tree: a CAR file, a map in a test, a store. */
@FunctionalInterface
public interface BlockSource {
    /**
     * The bytes of the block with this CID, already checked against it, or {@code null} if the block
     * is not available. Throws {@link carport.core.InvalidDataException} if it is present but corrupt.
     */
    byte[] get(Cid cid);
}
