package carport.net.identity;

/** The DID's directory (PLC or did:web host) has no document for it, or only a tombstone. */
public class DidNotFoundException extends IdentityException {
    private static final long serialVersionUID = 1L;

    public DidNotFoundException(String message) {
        super(message);
    }

    public DidNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
