package carport.core.car;

import carport.core.InvalidDataException;

/** A CAR file that cannot be read: bad framing, a bad header, a CID that atproto does not allow. */
public class CarFormatException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public CarFormatException(String message) {
        super(oneLine(message));
    }

    public CarFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Messages quote untrusted bytes (keys, DIDs, nested errors); keep them on one line. */
    static String oneLine(String message) {
        return message == null ? null : message.replaceAll("\\p{Cntrl}", "?");
    }
}
