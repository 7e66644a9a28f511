package carport.core;

/**
 * Data that is malformed, fails a check, or cannot be verified: a bad CAR, a wrong CID, a
 * non-canonical DAG-CBOR block, a bad signature, an invalid identifier. The message is one line
 * that a user can act on; the command line maps this to exit code 1.
 */
public class InvalidDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
