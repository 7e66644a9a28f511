package carport.core.plc;

import carport.core.InvalidDataException;

/** A PLC audit log that is malformed or fails validation; {@link #reason()} says which rule broke. */
public class PlcLogException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    /** Which rule the log breaks. */
    public enum Reason {
        /** Not an audit log of the expected shape (bad JSON, missing or mistyped fields, unknown op type). */
        MALFORMED,
        /** An entry's {@code cid} is not the CID of its operation. */
        CID_MISMATCH,
        /** The DID is not the hash of the genesis operation, or entries disagree on the DID. */
        DID_MISMATCH,
        /** The first entry is not a genesis op, a later one is, or {@code prev} names no earlier operation. */
        BROKEN_CHAIN,
        /** {@code sig} is not strict unpadded base64url. */
        SIGNATURE_ENCODING,
        /** The signature has high S; atproto accepts only low-S signatures. */
        HIGH_S_SIGNATURE,
        /** No permitted rotation key made the signature (includes wrong-length / DER signatures). */
        BAD_SIGNATURE,
        /** Signed by a rotation key of the previous op that had no priority left to nullify the later fork. */
        ROTATION_KEY_PRIORITY,
        /** A nullifying op came more than 72 hours after the first op it nullifies. */
        NULLIFICATION_TOO_LATE,
        /** An operation builds on an operation that was nullified. */
        PREV_NULLIFIED,
        /** An operation builds on a tombstone. */
        AFTER_TOMBSTONE,
        /** {@code createdAt} does not increase along the log. */
        TIMESTAMP_ORDER,
        /** An entry's {@code nullified} flag disagrees with what the operations imply. */
        NULLIFIED_FLAG,
    }

    private final Reason reason;

    public PlcLogException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
