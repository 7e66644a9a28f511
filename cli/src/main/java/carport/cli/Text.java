package carport.cli;

import java.nio.charset.StandardCharsets;

/** Making untrusted strings (keys, DIDs from a CAR) safe to print on one line. */
final class Text {
    private Text() {}

    /** Printable ASCII as it is, anything else as {@code \xHH}; at most {@code max} characters then "...". */
    static String safe(byte[] b, int max) {
        StringBuilder sb = new StringBuilder(Math.min(b.length, max) + 8);
        for (int i = 0; i < b.length; i++) {
            if (sb.length() >= max) {
                return sb.append("...").toString();
            }
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.toString();
    }

    static String safe(String s) {
        return s == null ? "null" : safe(s.getBytes(StandardCharsets.UTF_8), 300);
    }
}
