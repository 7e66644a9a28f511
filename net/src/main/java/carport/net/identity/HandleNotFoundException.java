package carport.net.identity;

/** No DID could be found for a handle, neither by DNS TXT record nor by HTTPS well-known file. */
public class HandleNotFoundException extends IdentityException {
    private static final long serialVersionUID = 1L;

    public HandleNotFoundException(String message) {
        super(message);
    }

    public HandleNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
