package carport.core.syntax;

/**
 * A namespaced identifier such as {@code app.bsky.feed.post}: a reversed domain authority (at
 * least two DNS labels, first label not starting with a digit) and a
 * name (1-63 ASCII letters and digits, starting with a letter); at most 317 characters overall.
 * Kept exactly as given: NSIDs are case-sensitive and not force-lower-cased.
 */
public final class Nsid implements Comparable<Nsid> {
    public static final int MAX_LENGTH = 317;

    private final String value;
    private final int lastDot;

    private Nsid(String value, int lastDot) {
        this.value = value;
        this.lastDot = lastDot;
    }

    public static Nsid parse(String s) {
        int lastDot = check(s, 0, s == null ? 0 : s.length());
        if (lastDot < 0) {
            throw new InvalidSyntaxException("NSID", s);
        }
        return new Nsid(s, lastDot);
    }

    public static boolean isValid(String s) {
        return s != null && check(s, 0, s.length()) >= 0;
    }

    /** Parses {@code s[from, to)}; for callers that hold a larger string (repo paths). */
    static Nsid parse(String s, int from, int to) {
        int lastDot = check(s, from, to);
        if (lastDot < 0) {
            return null;
        }
        String v = from == 0 && to == s.length() ? s : s.substring(from, to);
        return new Nsid(v, lastDot - from);
    }

    /** Returns the index of the dot before the name, or -1 if {@code s[from, to)} is invalid. */
    private static int check(String s, int from, int to) {
        if (s == null || to - from < 5 || to - from > MAX_LENGTH) {
            return -1;
        }
        int segments = 0;
        int segStart = from;
        int lastDot = -1;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '.') {
                if (!Ascii.isDomainLabel(s, segStart, i)) {
                    return -1;
                }
                if (segments == 0 && Ascii.isDigit(s.charAt(segStart))) {
                    return -1;
                }
                segments++;
                lastDot = i;
                segStart = i + 1;
            }
        }
        // The spec also caps the authority at 253 characters, but the interop vectors (and the
        // reference implementations) accept longer ones within the 317 total; we follow them.
        if (segments < 2) {
            return -1;
        }
        int nameLen = to - segStart;
        if (nameLen < 1 || nameLen > 63 || !Ascii.isAlpha(s.charAt(segStart))) {
            return -1;
        }
        for (int i = segStart + 1; i < to; i++) {
            if (!Ascii.isAlnum(s.charAt(i))) {
                return -1;
            }
        }
        return lastDot;
    }

    /** The domain authority in NSID order, e.g. {@code app.bsky.feed}. */
    public String authority() {
        return value.substring(0, lastDot);
    }

    /** The final segment, e.g. {@code post}. */
    public String name() {
        return value.substring(lastDot + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nsid n && n.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Nsid o) {
        return value.compareTo(o.value);
    }
}
