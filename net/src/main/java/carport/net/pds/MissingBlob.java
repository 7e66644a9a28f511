package carport.net.pds;

import carport.core.cid.Cid;

/** A blob that a record on the PDS references but the PDS does not have ({@code listMissingBlobs}). */
public record MissingBlob(Cid cid, String recordUri) {
}
