package carport.core.mst;

import carport.core.InvalidDataException;

/** An MST node that cannot be decoded, or a tree that breaks the MST rules. */
public class MstException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    public MstException(String message) {
        super(oneLine(message));
    }

    /** Messages quote untrusted bytes (keys, DIDs, nested errors); keep them on one line. */
    static String oneLine(String message) {
        return message == null ? null : message.replaceAll("\\p{Cntrl}", "?");
    }
}
