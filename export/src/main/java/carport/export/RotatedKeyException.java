package carport.export;

import carport.core.InvalidDataException;

/**
 * A freshly downloaded head commit verifies only under an earlier, rotated-out signing key of the
 * account, so it is not authentic data by carport's rule (exit 1); the export was left as it was.
 */
public class RotatedKeyException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public RotatedKeyException(String message) {
        super(message);
    }
}
