package carport.net.http;

/**
 * The proxy wants credentials (HTTP 407) that carport does not have, or refused the ones it has.
 * Never retried: the same credentials will not work a second later, and repeated failed logins
 * can lock an account. The message names the proxy and the variable to fix, never a password.
 */
public class ProxyAuthenticationException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    public ProxyAuthenticationException(String message) {
        super(message);
    }

    public ProxyAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
