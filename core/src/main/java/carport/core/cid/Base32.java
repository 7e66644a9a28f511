package carport.core.cid;

/** RFC 4648 base32, lower case, no padding: the multibase 'b' alphabet. */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base32() {}

    static String encode(byte[] b) {
        char[] out = new char[(b.length * 8 + 4) / 5];
        int o = 0;
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = (buffer << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = ALPHABET[(buffer >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[o++] = ALPHABET[(buffer << (5 - bits)) & 31];
        }
        return new String(out, 0, o);
    }

    /**
     * Decodes {@code s} from index {@code from}; null if a character is outside the alphabet, the length is
     * impossible, or the unused trailing bits are not zero (so that every byte string has one spelling).
     */
    static byte[] decode(String s, int from) {
        int n = s.length() - from;
        int rem = n % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            return null;
        }
        byte[] out = new byte[n * 5 / 8];
        int o = 0;
        int buffer = 0;
        int bits = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            return null;
        }
        return out;
    }
}
