package carport.net;

/**
 * A remote service failed us: it could not be reached, refused, answered with an error, or sent
 * something unusable. The message is one line that says what happened and, where possible, what
 * to do; the command line maps every subclass to exit code 3.
 */
public class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
