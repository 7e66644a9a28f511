package carport.net.identity;

/** The DID document names no usable PDS endpoint (service #atproto_pds). */
public class NoPdsException extends IdentityException {
    private static final long serialVersionUID = 1L;

    public NoPdsException(String message) {
        super(message);
    }

    public NoPdsException(String message, Throwable cause) {
        super(message, cause);
    }
}
