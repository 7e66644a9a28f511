package carport.core.syntax;

import carport.core.InvalidDataException;

/** A string that is not a valid identifier of the expected kind. The message names both. */
public class InvalidSyntaxException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    /** Long inputs (AT URIs may be 8 KB) are cut so the message stays readable. */
    private static final int MAX_SHOWN = 120;

    private final String kind;

    public InvalidSyntaxException(String kind, String value) {
        super("invalid " + kind + ": " + show(value));
        this.kind = kind;
    }

    /** The kind of identifier that was expected, e.g. "DID" or "record key". */
    public String kind() {
        return kind;
    }

    /** Quotes the value and escapes anything that could break the one-line message. */
    static String show(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 16).append('"');
        int n = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && Character.isISOControl(c))
                    || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (value.length() > MAX_SHOWN) {
            sb.append("... (").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }
}
