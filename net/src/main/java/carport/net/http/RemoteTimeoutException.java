package carport.net.http;

import carport.net.RemoteException;

/** A service did not connect, answer, or send body bytes within the configured time. */
public class RemoteTimeoutException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public RemoteTimeoutException(String message) {
        super(message);
    }

    public RemoteTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
