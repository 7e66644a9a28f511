package carport.net.xrpc;

import carport.net.XrpcException;

/** The PDS knows the account but will not serve its repository: taken down, suspended or deactivated. */
public class RepoUnavailableException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public RepoUnavailableException(String message, int status, String error) {
        super(message, status, error);
    }
}
