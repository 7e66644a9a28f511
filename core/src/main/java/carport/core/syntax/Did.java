package carport.core.syntax;

/**
 * A DID as atproto accepts it: {@code did:<method>:<identifier>}, method of lower-case letters,
 * identifier of {@code [A-Za-z0-9._:%-]} not ending in {@code :} or {@code %}, at most 2048
 * characters. Case-sensitive; any method is accepted here (whether it resolves is not syntax).
 * Percent-escapes are not checked further, as the atproto DID spec allows.
 */
public final class Did implements AtIdentifier, Comparable<Did> {
    public static final int MAX_LENGTH = 2048;

    private final String value;
    private final int methodEnd;

    private Did(String value, int methodEnd) {
        this.value = value;
        this.methodEnd = methodEnd;
    }

    public static Did parse(String s) {
        int methodEnd = check(s);
        if (methodEnd < 0) {
            throw new InvalidSyntaxException("DID", s);
        }
        return new Did(s, methodEnd);
    }

    public static boolean isValid(String s) {
        return check(s) >= 0;
    }

    /** Returns the index of the colon after the method, or -1 if invalid. */
    private static int check(String s) {
        if (s == null || s.length() > MAX_LENGTH || !s.startsWith("did:")) {
            return -1;
        }
        int n = s.length();
        int i = 4;
        while (i < n && Ascii.isLower(s.charAt(i))) {
            i++;
        }
        if (i == 4 || i >= n || s.charAt(i) != ':') {
            return -1;
        }
        int methodEnd = i;
        i++;
        if (i >= n) {
            return -1;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!(Ascii.isAlnum(c) || c == '.' || c == '_' || c == ':' || c == '%' || c == '-')) {
                return -1;
            }
        }
        char last = s.charAt(n - 1);
        if (last == ':' || last == '%') {
            return -1;
        }
        return methodEnd;
    }

    /** The method, e.g. {@code plc} or {@code web}. */
    public String method() {
        return value.substring(4, methodEnd);
    }

    /** Everything after {@code did:<method>:}. */
    public String identifier() {
        return value.substring(methodEnd + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Did d && d.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Did o) {
        return value.compareTo(o.value);
    }
}
