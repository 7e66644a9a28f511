package carport.cli;

/** The exit codes every carport command uses, so that scripts can trust them. */
public final class ExitCode {
    /** All done and verified. */
    public static final int OK = 0;
    /** Invalid or unverifiable data: a bad CAR, a failed check. */
    public static final int INVALID = 1;
    /** Usage: bad arguments, a missing input file, or a file that would be overwritten. */
    public static final int USAGE = 2;
    /** Remote or network failure: account unavailable, resolution failed, HTTP error. */
    public static final int REMOTE = 3;
    /** Partial: some items failed, the rest were done. */
    public static final int PARTIAL = 4;
    /**
     * Stopped to wait for the user (migrate, add-rotation-key: the PLC token the PDS emailed);
     * progress is saved and the message says exactly what to re-run.
     */
    public static final int WAITING = 5;

    private ExitCode() {}
}
