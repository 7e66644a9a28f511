package carport.export.move;

/**
 * A move that cannot go ahead as asked, for a reason the user fixes in the command line (a handle
 * to choose, an invite code to give, a recorded move to another PDS); nothing was changed by it.
 */
public class MoveRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MoveRefusedException(String message) {
        super(message);
    }
}
