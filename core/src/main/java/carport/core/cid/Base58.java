package carport.core.cid;

import java.math.BigInteger;

/** Bitcoin base58, used only to print and read CIDv0 ("Qm..."), which atproto never produces. */
final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {}

    static String encode(byte[] b) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, b);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < b.length && b[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    /** Null if a character is outside the alphabet. */
    static byte[] decode(String s) {
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == '1') {
            zeros++;
        }
        for (int i = 0; i < s.length(); i++) {
            int v = ALPHABET.indexOf(s.charAt(i));
            if (v < 0) {
                return null;
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(v));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + mag.length - skip];
        System.arraycopy(mag, skip, out, zeros, mag.length - skip);
        return out;
    }
}
