package carport.core.crypto;

import carport.core.InvalidDataException;
import java.util.Arrays;

/**
 * The multibase encodings atproto uses: base58btc ({@code z}) for keys and base32 lower-case
 * without padding ({@code b}) for CIDs. Decoding is strict: one canonical spelling per byte string.
 */
public final class Multibase {
    /** Keys are tens of bytes; the cap keeps the quadratic base58 conversion cheap on hostile input. */
    static final int MAX_BASE58_CHARS = 1024;

    private static final char[] B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final byte[] B58_INDEX = new byte[128];
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] B32_INDEX = new byte[128];

    static {
        Arrays.fill(B58_INDEX, (byte) -1);
        for (int i = 0; i < B58.length; i++) {
            B58_INDEX[B58[i]] = (byte) i;
        }
        Arrays.fill(B32_INDEX, (byte) -1);
        for (int i = 0; i < B32.length; i++) {
            B32_INDEX[B32[i]] = (byte) i;
        }
    }

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
        return "z" + base58(data);
    }

    /** {@code "b" + base32 lower without padding(data)}. */
    public static String encodeBase32(byte[] data) {
        StringBuilder sb = new StringBuilder(1 + (data.length * 8 + 4) / 5);
        sb.append('b');
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /** Plain base58btc (Bitcoin alphabet) without a multibase prefix. */
    public static String base58(byte[] data) {
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
            out[--pos] = B58[rem];
            while (start < num.length && num[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--pos] = '1';
        }
        return new String(out, pos, out.length - pos);
    }

    /** Decodes plain base58btc (no prefix). */
    public static byte[] decodeBase58btc(String s) {
        if (s.isEmpty()) {
            throw new InvalidDataException("empty base58btc string");
        }
        if (s.length() > MAX_BASE58_CHARS) {
            throw new InvalidDataException("base58btc string too long (" + s.length() + " characters)");
        }
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        // Big-endian base-256 accumulator; each digit multiplies by 58 and adds.
        byte[] acc = new byte[s.length()];
        int used = 0; // number of significant bytes at the end of acc
        for (int i = zeros; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? B58_INDEX[c] : -1;
            if (digit < 0) {
                throw new InvalidDataException("invalid base58btc character '" + printable(c) + "'");
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

    /** Decodes RFC 4648 base32, lower case, no padding; trailing bits must be zero. */
    public static byte[] decodeBase32(String s) {
        int n = s.length();
        int rem = n % 8;
        if (n == 0 || rem == 1 || rem == 3 || rem == 6) {
            throw new InvalidDataException("invalid base32 length " + n);
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? B32_INDEX[c] : -1;
            if (v < 0) {
                throw new InvalidDataException("invalid base32 character '" + printable(c) + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0) {
            throw new InvalidDataException("non-canonical base32: trailing bits are not zero");
        }
        return out;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
