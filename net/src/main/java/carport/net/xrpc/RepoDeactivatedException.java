package carport.net.xrpc;

/** The account was deactivated by its owner (XRPC error RepoDeactivated). */
public class RepoDeactivatedException extends RepoUnavailableException {
    private static final long serialVersionUID = 1L;

    public RepoDeactivatedException(String message, int status, String error) {
        super(message, status, error);
    }
}
