package carport.core.repo;

import carport.core.InvalidDataException;

/** A repository that cannot be read as one: no commit, an invalid commit, a broken tree. */
public class RepoException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public RepoException(String message) {
        super(oneLine(message));
    }

    /** Messages quote untrusted bytes (keys, DIDs, nested errors); keep them on one line. */
    static String oneLine(String message) {
        return message == null ? null : message.replaceAll("\\p{Cntrl}", "?");
    }
}
