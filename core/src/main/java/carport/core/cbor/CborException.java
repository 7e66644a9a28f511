package carport.core.cbor;

import carport.core.InvalidDataException;

/** A block is not valid DAG-CBOR for atproto, or a value cannot be encoded as such. */
public class CborException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public CborException(String message) {
        super(message);
    }

    public CborException(String message, Throwable cause) {
        super(message, cause);
    }
}
