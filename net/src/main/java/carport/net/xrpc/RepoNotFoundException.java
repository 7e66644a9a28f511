package carport.net.xrpc;

import carport.net.XrpcException;

/** The PDS does not host a repository for this DID (XRPC error RepoNotFound). */
public class RepoNotFoundException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public RepoNotFoundException(String message, int status, String error) {
        super(message, status, error);
    }
}
