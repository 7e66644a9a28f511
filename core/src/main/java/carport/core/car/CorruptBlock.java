package carport.core.car;

import carport.core.cid.Cid;

/** A section whose bytes do not hash to its CID. */
public record CorruptBlock(Cid cid, long offset, int length) {
    /** One line for a report. */
    public String describe() {
        return "block " + cid + " (" + length + " bytes at offset " + offset + ") does not match its CID";
    }
}
