package carport.core.repo;

import carport.core.InvalidDataException;

/** A repository that cannot be read as one: no commit, an invalid commit, a broken tree. */
public class RepoException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public RepoException(String message) {
        super(message);
    }
}
