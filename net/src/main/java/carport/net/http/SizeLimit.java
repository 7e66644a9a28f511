package carport.net.http;

import java.util.Locale;

/**
 * The most bytes a download may have, and the setting that raises it (for the message when a body
 * passes it), e.g. {@code new SizeLimit(100 << 20, "--max-blob-size")}.
 */
public record SizeLimit(long bytes, String setting) {
    public SizeLimit {
        if (bytes < 1) {
            throw new IllegalArgumentException("a size limit must be at least 1 byte");
        }
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("a size limit needs the name of its setting");
        }
    }

    /** "the limit of 100 MiB (--max-blob-size)". */
    public String describe() {
        return "the limit of " + human(bytes) + " (" + setting + ")";
    }

    /** Bytes in the largest binary unit that divides them exactly: "100 MiB", "8 GiB", "1500 B". */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%d %s", v, units[u]);
    }

    /**
     * Parses a size as a user writes it: a number with an optional binary unit, {@code 100M},
     * {@code 8G}, {@code 512k}, {@code 100MiB}, {@code 1048576}.
     *
     * @throws IllegalArgumentException if it is not a positive size
     */
    public static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> mult = 1L << 10;
                case 'm' -> mult = 1L << 20;
                case 'g' -> mult = 1L << 30;
                case 't' -> mult = 1L << 40;
                default -> mult = 1;
            }
            if (mult > 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n < 1 || n > Long.MAX_VALUE / mult) {
                throw new NumberFormatException();
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 100M, 8G, 512k)");
        }
    }
}
