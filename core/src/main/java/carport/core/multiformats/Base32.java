package carport.core.multiformats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** RFC 4648 base32, lower case, no padding: the multibase {@code b} alphabet (every atproto CID string). */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base32() {}

    public static String encode(byte[] b) {
        return encode(b, 0, b.length, -1);
    }

    /** Encodes {@code b[off, off+len)}, with {@code prefix} (an ASCII char, or -1 for none) in front. */
    public static String encode(byte[] b, int off, int len, int prefix) {
        int p = prefix < 0 ? 0 : 1;
        byte[] out = new byte[p + (len * 8 + 4) / 5];
        if (p == 1) {
            out[0] = (byte) prefix;
        }
        int o = p;
        int i = off;
        int end = off + len;
        // whole groups: 5 bytes -> 8 characters (CIDs are printed by the million: this loop is hot)
        for (; end - i >= 5; i += 5) {
            long v = (b[i] & 0xffL) << 32 | (b[i + 1] & 0xffL) << 24 | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 8 | (b[i + 4] & 0xffL);
            for (int s = 35; s >= 0; s -= 5) {
                out[o++] = (byte) ALPHABET[(int) (v >>> s) & 31];
            }
        }
        int buffer = 0;
        int bits = 0;
        for (; i < end; i++) {
            buffer = (buffer << 8) | (b[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = (byte) ALPHABET[(buffer >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[o++] = (byte) ALPHABET[(buffer << (5 - bits)) & 31];
        }
        return new String(out, 0, o, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes {@code s} from index {@code from}; null if a character is outside the alphabet, the length is
     * impossible, or the unused trailing bits are not zero (so that every byte string has one spelling).
     */
    public static byte[] decode(String s, int from) {
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
