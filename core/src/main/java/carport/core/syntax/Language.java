package carport.core.syntax;

/**
 * A Lexicon {@code language}: a well-formed BCP 47 (RFC 5646) tag, as atproto accepts it. On top of
 * the RFC grammar, the primary language subtag must be 2-3 lower-case letters (the reserved 4- and
 * 5-8-letter forms are refused), and a tag may not repeat a variant or an extension singleton
 * (compared case-insensitively, RFC 5646 section 2.2.9). Private-use tags ({@code x-...}) and the
 * grandfathered tags are accepted. The string is kept as given.
 */
public final class Language {
    public static final int MAX_LENGTH = 128;

    /** RFC 5646 irregular grandfathered tags; the regular ones already fit the grammar. */
    private static final String[] IRREGULAR = {
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE"
    };

    private final String value;

    private Language(String value) {
        this.value = value;
    }

    public static Language parse(String s) {
        if (!isValid(s)) {
            throw new InvalidSyntaxException("language", s);
        }
        return new Language(s);
    }

    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        String[] tags = s.split("-", -1);
        for (String t : tags) {
            if (t.isEmpty() || t.length() > 8 || !allAlnum(t)) {
                return false;
            }
        }
        if (Ascii.isLower(s.charAt(0))) {
            for (String g : IRREGULAR) {
                if (g.equalsIgnoreCase(s)) {
                    return true;
                }
            }
        }
        if (tags[0].equalsIgnoreCase("x")) {
            return tags.length >= 2; // private use: x-<1-8 alnum>...
        }
        int i = 0;
        String lang = tags[i++];
        if (lang.length() < 2 || lang.length() > 3 || !allLower(lang)) {
            return false;
        }
        for (int e = 0; e < 3 && i < tags.length && tags[i].length() == 3 && allAlpha(tags[i]); e++) {
            i++; // extlang
        }
        if (i < tags.length && tags[i].length() == 4 && allAlpha(tags[i])) {
            i++; // script
        }
        if (i < tags.length && isRegion(tags[i])) {
            i++;
        }
        int variantsStart = i;
        while (i < tags.length && isVariant(tags[i])) {
            for (int j = variantsStart; j < i; j++) {
                if (tags[j].equalsIgnoreCase(tags[i])) {
                    return false;
                }
            }
            i++;
        }
        long singletonsSeen = 0;
        while (i < tags.length && tags[i].length() == 1 && !tags[i].equalsIgnoreCase("x")) {
            char c = tags[i].charAt(0);
            int bit = Ascii.isDigit(c) ? c - '0' : 10 + (Ascii.toLower(c) - 'a');
            if ((singletonsSeen & (1L << bit)) != 0) {
                return false;
            }
            singletonsSeen |= 1L << bit;
            i++;
            int start = i;
            while (i < tags.length && tags[i].length() >= 2) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        if (i < tags.length && tags[i].equalsIgnoreCase("x")) {
            i++;
            if (i == tags.length) {
                return false;
            }
            i = tags.length; // private-use subtags: 1-8 alnum, already checked
        }
        return i == tags.length;
    }

    private static boolean isRegion(String t) {
        return (t.length() == 2 && allAlpha(t))
                || (t.length() == 3 && Ascii.isDigit(t.charAt(0)) && Ascii.isDigit(t.charAt(1))
                        && Ascii.isDigit(t.charAt(2)));
    }

    private static boolean isVariant(String t) {
        return t.length() >= 5 || (t.length() == 4 && Ascii.isDigit(t.charAt(0)));
    }

    private static boolean allAlnum(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Ascii.isAlnum(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allAlpha(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Ascii.isAlpha(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allLower(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Ascii.isLower(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The primary language subtag, e.g. {@code pt} for {@code pt-BR} ({@code x} for private use). */
    public String primary() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Language l && l.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
