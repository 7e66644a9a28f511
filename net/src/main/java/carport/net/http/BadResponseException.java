package carport.net.http;

import carport.net.RemoteException;

/** A service answered, but with something unusable: malformed JSON, a blob whose bytes do not match its CID, a cursor that never ends, an unexpected status. */
public class BadResponseException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public BadResponseException(String message) {
        super(message);
    }

    public BadResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
