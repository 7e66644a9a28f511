package carport.core.multiformats;

import java.util.Arrays;

/**
 * Bitcoin base58 (multibase {@code z}, "base58btc"): did:key and Multikey strings, and CIDv0. The conversion is
 * quadratic in the length, which is fine for keys and hashes; callers cap what they accept from outside.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base58() {}

    /** Leading zero bytes become leading {@code 1}s, one each. */
    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // Repeated division of the big-endian number by 58, digits collected least significant first.
        byte[] num = Arrays.copyOfRange(data, zeros, data.length);
        char[] out = new char[data.length * 2 + 1];
        int pos = out.length;
        int start = 0;
        while (start < num.length) {
            int rem = 0;
            for (int i = start; i < num.length; i++) {
                int cur = (rem << 8) | (num[i] & 0xff);
                num[i] = (byte) (cur / 58);
                rem = cur % 58;
            }
            out[--pos] = ALPHABET[rem];
            while (start < num.length && num[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--pos] = '1';
        }
        return new String(out, pos, out.length - pos);
    }

    /** The bytes {@code s} spells; null if a character is outside the alphabet. */
    public static byte[] decode(String s) {
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        // Big-endian base-256 accumulator; each digit multiplies by 58 and adds.
        byte[] acc = new byte[s.length()];
        int used = 0; // significant bytes at the end of acc
        for (int i = zeros; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? VALUES[c] : -1;
            if (digit < 0) {
                return null;
            }
            int carry = digit;
            int j = acc.length - 1;
            for (int k = 0; k < used || carry != 0; k++, j--) {
                int cur = (acc[j] & 0xff) * 58 + carry;
                acc[j] = (byte) cur;
                carry = cur >>> 8;
                if (k >= used) {
                    used = k + 1;
                }
            }
        }
        byte[] out = new byte[zeros + used];
        System.arraycopy(acc, acc.length - used, out, zeros, used);
        return out;
    }
}
