package carport.core.syntax;

/** Character-class checks shared by the parsers; ASCII only, no regex, no allocation. */
final class Ascii {
    private Ascii() {}

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAlpha(char c) {
        return isLower(c) || isUpper(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return isAlpha(c) || isDigit(c);
    }

    /** A DNS label of a handle or NSID authority: 1-63 of [A-Za-z0-9-], no hyphen at either end. */
    static boolean isDomainLabel(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    static char toLower(char c) {
        return isUpper(c) ? (char) (c + ('a' - 'A')) : c;
    }

    static String toLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isUpper(s.charAt(i))) {
                char[] cs = s.toCharArray();
                for (int j = i; j < cs.length; j++) {
                    if (isUpper(cs[j])) {
                        cs[j] = (char) (cs[j] + ('a' - 'A'));
                    }
                }
                return new String(cs);
            }
        }
        return s;
    }
}
