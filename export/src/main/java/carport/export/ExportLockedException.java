package carport.export;

import java.nio.file.Path;

/** Another export is writing to the same account folder; this one did nothing. */
public class ExportLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExportLockedException(Path dir, String holder) {
        super(dir + " is being written by another carport export (" + holder
                + "); wait for it to finish, or export to another folder");
    }
}
