package carport.core.syntax;

/**
 * A record key: 1-512 characters of {@code [A-Za-z0-9._:~-]}, but not {@code .} or {@code ..}.
 * Case-sensitive and never normalised. (A TID is one kind of record key; see {@link Tid}.)
 */
public final class RecordKey implements Comparable<RecordKey> {
    public static final int MAX_LENGTH = 512;

    private final String value;

    private RecordKey(String value) {
        this.value = value;
    }

    public static RecordKey parse(String s) {
        if (!isValid(s)) {
            throw new InvalidSyntaxException("record key", s);
        }
        return new RecordKey(s);
    }

    public static boolean isValid(String s) {
        return s != null && check(s, 0, s.length());
    }

    /** Parses {@code s[from, to)}, or returns null; for callers that hold a larger string. */
    static RecordKey parse(String s, int from, int to) {
        if (!check(s, from, to)) {
            return null;
        }
        return new RecordKey(from == 0 && to == s.length() ? s : s.substring(from, to));
    }

    static boolean check(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isKeyChar(s.charAt(i))) {
                return false;
            }
        }
        if (s.charAt(from) == '.' && (len == 1 || (len == 2 && s.charAt(from + 1) == '.'))) {
            return false;
        }
        return true;
    }

    /** True for the record key alphabet {@code A-Za-z0-9 . - _ : ~}. */
    public static boolean isKeyChar(char c) {
        return c < 128 && KEY_CHARS[c];
    }

    // a table: every key of a repository goes through here, and chains of range tests mispredict
    private static final boolean[] KEY_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            KEY_CHARS[c] = Ascii.isAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '~';
        }
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordKey r && r.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(RecordKey o) {
        return value.compareTo(o.value);
    }
}
