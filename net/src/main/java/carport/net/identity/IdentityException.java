package carport.net.identity;

import carport.net.RemoteException;

/** An identity could not be resolved to something usable: a handle with conflicting DNS records or a disallowed TLD, a DID document that does not fit atproto, an unsupported DID method. */
public class IdentityException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
