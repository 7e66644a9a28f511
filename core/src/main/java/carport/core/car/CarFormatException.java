package carport.core.car;

import carport.core.InvalidDataException;

/** A CAR file that cannot be read: bad framing, a bad header, a CID that atproto does not allow. */
public class CarFormatException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public CarFormatException(String message) {
        super(message);
    }

    public CarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
