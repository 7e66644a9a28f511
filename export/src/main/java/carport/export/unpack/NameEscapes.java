package carport.export.unpack;

/**
 * The pieces of the file-name scheme that {@link RecordFileNames} and {@link DidDirNames} share: the
 * {@code %XX} escape, joining {@code +piece+} components, and showing a rejected path in a message.
 */
final class NameEscapes {
    static final char ESCAPE = '%';
    static final char PIECE = '+';

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private NameEscapes() {}

    /** Appends {@code c} (ASCII) as {@code %XX}, upper-case hex. */
    static void appendEscaped(StringBuilder sb, char c) {
        sb.append(ESCAPE).append(HEX[c >> 4]).append(HEX[c & 15]);
    }

    /** Every {@code %XX} of {@code e} replaced by its character; null if a triplet is malformed. */
    static String decode(String e) {
        StringBuilder sb = new StringBuilder(e.length());
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c != ESCAPE) {
                sb.append(c);
                continue;
            }
            if (i + 2 >= e.length()) {
                return null;
            }
            int hi = Character.digit(e.charAt(i + 1), 16);
            int lo = Character.digit(e.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            sb.append((char) (hi * 16 + lo));
            i += 2;
        }
        return sb.toString();
    }

    /**
     * Reads one name starting at {@code parts[idx[0]]} and advances {@code idx[0]} past it: a component
     * not starting with {@code +} as it is, else the joined pieces up to the first one without a
     * trailing {@code +}. Null if the pieces are malformed or run out.
     */
    static String readName(String[] parts, int[] idx) {
        if (idx[0] >= parts.length) {
            return null;
        }
        String c = parts[idx[0]++];
        if (c.isEmpty() || c.charAt(0) != PIECE) {
            return c;
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (c.length() < 2 || c.charAt(0) != PIECE) {
                return null;
            }
            if (c.charAt(c.length() - 1) != PIECE) {
                sb.append(c, 1, c.length());
                return sb.toString();
            }
            sb.append(c, 1, c.length() - 1);
            if (idx[0] >= parts.length) {
                return null;
            }
            c = parts[idx[0]++];
        }
    }

    /** {@code s} quoted for a one-line message: at most 200 characters, control characters as {@code ?}. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder sb = new StringBuilder().append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.append('"').toString();
    }
}
