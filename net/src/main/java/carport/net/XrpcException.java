package carport.net;

/**
 * An XRPC endpoint answered with an error status. {@link #error()} is the XRPC error name from
 * the JSON body ({@code "RepoNotFound"}, {@code "InvalidRequest"}, ...), or empty when the body
 * was not an XRPC error object.
 *
 * <p>It sits in the root package because every layer of {@code carport.net} throws one: the
 * transport's {@link carport.net.http.RateLimitedException}, the sync client's repository states
 * ({@link carport.net.xrpc.RepoNotFoundException}, ...) and the PDS client's
 * {@link carport.net.pds.PdsException}.
 */
public class XrpcException extends RemoteException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public XrpcException(String message, int status, String error) {
        super(message);
        this.status = status;
        this.error = error == null ? "" : error;
    }

    /** HTTP status code. */
    public int status() {
        return status;
    }

    /** XRPC error name, or "" when the server sent none. */
    public String error() {
        return error;
    }
}
