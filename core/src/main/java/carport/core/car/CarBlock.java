package carport.core.car;

import carport.core.cid.Cid;

/** One section of a CAR read in a stream: a CID and the block bytes, already checked against it. */
public record CarBlock(Cid cid, byte[] data) {}
