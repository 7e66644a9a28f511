package carport.net.http;

import carport.net.RemoteException;

/** A DNS lookup failed or timed out (not: the name has no record, which is a normal answer). */
public class DnsException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public DnsException(String message) {
        super(message);
    }

    public DnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
