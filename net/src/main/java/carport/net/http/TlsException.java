package carport.net.http;

import carport.net.RemoteException;

/** The TLS handshake failed: an untrusted or expired certificate, a name mismatch, or an intercepting proxy. */
public class TlsException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
