package carport.net.xrpc;

/** The account was taken down by its PDS (XRPC error RepoTakendown). */
public class RepoTakendownException extends RepoUnavailableException {
    private static final long serialVersionUID = 1L;

    public RepoTakendownException(String message, int status, String error) {
        super(message, status, error);
    }
}
