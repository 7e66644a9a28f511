package carport.core.mst;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Key arithmetic of the atproto MST (fanout 4). */
public final class MstKeys {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private MstKeys() {}

    /** The layer of a key: leading zero bits of sha256(key), divided by 2 (rounded down). */
    public static int height(byte[] key) {
        MessageDigest md = SHA256.get();
        byte[] h = md.digest(key);
        int zeros = 0;
        for (byte b : h) {
            if (b == 0) {
                zeros += 8;
            } else {
                zeros += Integer.numberOfLeadingZeros(b & 0xff) - 24;
                break;
            }
        }
        return zeros / 2;
    }

    public static int height(String key) {
        return height(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Number of leading bytes {@code a} and {@code b} share. */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        int m = java.util.Arrays.mismatch(a, b);
        return m < 0 ? a.length : m;
    }

    /** Unsigned lexicographic comparison, the MST key order. */
    public static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** A key for messages: as text if it is printable ASCII, else hex. */
    public static String show(byte[] key) {
        if (key.length > 120) {
            return show(java.util.Arrays.copyOf(key, 100)) + "... (" + key.length + " bytes)";
        }
        for (byte b : key) {
            if (b < 0x20 || b > 0x7e) {
                StringBuilder sb = new StringBuilder("0x");
                for (byte x : key) {
                    sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
                }
                return sb.toString();
            }
        }
        return '"' + new String(key, StandardCharsets.US_ASCII) + '"';
    }
}
