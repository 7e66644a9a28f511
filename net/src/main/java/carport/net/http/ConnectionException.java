package carport.net.http;

import carport.net.RemoteException;

/** A connection could not be made or broke, and retries did not help. */
public class ConnectionException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
