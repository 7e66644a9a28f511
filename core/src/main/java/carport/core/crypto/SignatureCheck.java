package carport.core.crypto;

/** The outcome of checking one signature, detailed enough to tell a user why it failed. */
public enum SignatureCheck {
    /** The signature is valid under the strict atproto rules. */
    VALID,
    /** Not 64 bytes; a DER-encoded signature lands here. */
    WRONG_LENGTH,
    /** r or s is zero or not below the group order. */
    OUT_OF_RANGE,
    /** s is above n/2: the malleable twin of a valid signature, which atproto rejects. */
    HIGH_S,
    /** Well-formed, but not made by this key over this message. */
    MISMATCH;

    public boolean isValid() {
        return this == VALID;
    }

    /** A short phrase for messages, e.g. "signature is high-S". */
    public String describe() {
        switch (this) {
            case VALID:
                return "signature is valid";
            case WRONG_LENGTH:
                return "signature is not 64 bytes r||s (DER or truncated?)";
            case OUT_OF_RANGE:
                return "signature r or s is out of range";
            case HIGH_S:
                return "signature is high-S (atproto requires low-S)";
            default:
                return "signature does not match the key and data";
        }
    }
}
