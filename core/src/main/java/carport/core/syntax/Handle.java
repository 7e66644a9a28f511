package carport.core.syntax;

/**
 * An atproto handle: a DNS name of at least two labels, each 1-63 of {@code [A-Za-z0-9-]} without
 * a hyphen at either end, at most 253 characters, whose last label does not start with a digit.
 * Handles are case-insensitive: the value is kept lower-cased, and equality uses that form.
 * Syntax allows TLDs the network refuses; {@link #isDisallowedTld()} tells them apart.
 */
public final class Handle implements AtIdentifier, Comparable<Handle> {
    public static final int MAX_LENGTH = 253;

    /** TLDs that are valid syntax but never valid for a live handle (atproto handle spec). */
    private static final String[] DISALLOWED_TLDS = {
        ".alt", ".arpa", ".example", ".internal", ".invalid", ".local", ".localhost", ".onion"
    };

    /** A handle that is used when none verifies; a valid string, not a real name. */
    public static final String INVALID_HANDLE = "handle.invalid";

    private final String value;

    private Handle(String normalised) {
        this.value = normalised;
    }

    public static Handle parse(String s) {
        if (!isValid(s)) {
            throw new InvalidSyntaxException("handle", s);
        }
        return new Handle(Ascii.toLowerAscii(s));
    }

    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        int n = s.length();
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || s.charAt(i) == '.') {
                if (!Ascii.isDomainLabel(s, labelStart, i)) {
                    return false;
                }
                labels++;
                if (i == n && Ascii.isDigit(s.charAt(labelStart))) {
                    return false; // the TLD may not start with a digit (rules out IPv4 addresses)
                }
                labelStart = i + 1;
            }
        }
        return labels >= 2;
    }

    /** True for {@code .alt .arpa .example .internal .invalid .local .localhost .onion}. */
    public boolean isDisallowedTld() {
        for (String tld : DISALLOWED_TLDS) {
            if (value.endsWith(tld)) {
                return true;
            }
        }
        return false;
    }

    /** The lower-cased handle. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handle h && h.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Handle o) {
        return value.compareTo(o.value);
    }
}
