package carport.cli;

/** A problem with how carport was called (exit code 2): the message says what to change. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
