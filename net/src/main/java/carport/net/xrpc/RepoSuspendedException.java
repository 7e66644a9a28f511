package carport.net.xrpc;

/** The account is suspended on its PDS (XRPC error RepoSuspended). */
public class RepoSuspendedException extends RepoUnavailableException {
    private static final long serialVersionUID = 1L;

    public RepoSuspendedException(String message, int status, String error) {
        super(message, status, error);
    }
}
