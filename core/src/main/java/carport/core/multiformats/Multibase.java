package carport.core.multiformats;

import carport.core.InvalidDataException;

/**
 * The multibase encodings atproto uses: base58btc ({@code z}) for keys and base32 lower-case
 * without padding ({@code b}) for CIDs. Decoding is strict: one canonical spelling per byte string.
 */
public final class Multibase {
    /** Keys are tens of bytes; the cap keeps the quadratic base58 conversion cheap on hostile input. */
    static final int MAX_BASE58_CHARS = 1024;

    private Multibase() {}

    /** Decodes a {@code z} (base58btc) or {@code b} (base32 lower) multibase string. */
    public static byte[] decode(String multibase) {
        if (multibase == null || multibase.isEmpty()) {
            throw new InvalidDataException("empty multibase string");
        }
        char prefix = multibase.charAt(0);
        String body = multibase.substring(1);
        switch (prefix) {
            case 'z':
                return decodeBase58btc(body);
            case 'b':
                return decodeBase32(body);
            default:
                throw new InvalidDataException("unsupported multibase prefix '" + printable(prefix)
                        + "' (expected 'z' base58btc or 'b' base32)");
        }
    }

    /** {@code "z" + base58btc(data)}. */
    public static String encodeBase58btc(byte[] data) {
        return "z" + Base58.encode(data);
    }

    /** {@code "b" + base32 lower without padding(data)}. */
    public static String encodeBase32(byte[] data) {
        return Base32.encode(data, 0, data.length, 'b');
    }

    /** Decodes plain base58btc (no prefix). */
    public static byte[] decodeBase58btc(String s) {
        if (s.isEmpty()) {
            throw new InvalidDataException("empty base58btc string");
        }
        if (s.length() > MAX_BASE58_CHARS) {
            throw new InvalidDataException("base58btc string too long (" + s.length() + " characters)");
        }
        byte[] b = Base58.decode(s);
        if (b == null) {
            throw new InvalidDataException("invalid base58btc character '" + printable(firstOutside(s,
                    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")) + "'");
        }
        return b;
    }

    /** Decodes RFC 4648 base32, lower case, no padding; trailing bits must be zero. */
    public static byte[] decodeBase32(String s) {
        byte[] b = s.isEmpty() ? null : Base32.decode(s, 0);
        if (b == null) {
            char bad = firstOutside(s, "abcdefghijklmnopqrstuvwxyz234567");
            throw new InvalidDataException(bad != 0 ? "invalid base32 character '" + printable(bad) + "'"
                    : "invalid base32 string: impossible length " + s.length() + " or non-zero trailing bits");
        }
        return b;
    }

    /** For error messages only: the first character of {@code s} not in {@code alphabet}, or 0. */
    private static char firstOutside(String s, String alphabet) {
        for (int i = 0; i < s.length(); i++) {
            if (alphabet.indexOf(s.charAt(i)) < 0) {
                return s.charAt(i);
            }
        }
        return 0;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
