package carport.core.crypto;

import carport.core.InvalidDataException;
import carport.core.multiformats.Multibase;
import carport.core.multiformats.Multicodec;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * A private key on one of atproto's two curves, for PLC rotation keys and account signing keys.
 * Signs the atproto way: ECDSA over SHA-256, deterministic nonces (RFC 6979), the signature 64
 * bytes r||s with low-S. Its {@link #toString()} names only the public key; the private key comes
 * out only through {@link #toMultibase()} / {@link #toHex()}, for key files.
 */
public final class SigningKey {
    /** Multicodec of a secp256k1 private key (varint 0x81 0x26, so the multibase starts {@code z3vL}). */
    public static final int K256_PRIVATE_CODEC = 0x1301;
    /** Multicodec of a P-256 private key. */
    public static final int P256_PRIVATE_CODEC = 0x1306;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Curve curve;
    private final BigInteger d;
    private final VerifyingKey publicKey;

    private SigningKey(Curve curve, BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(curve.order()) >= 0) {
            throw new InvalidDataException("not a valid " + curve.curveName() + " private key (out of range)");
        }
        this.curve = curve;
        this.d = d;
        this.publicKey = VerifyingKey.fromSec1(curve,
                new FixedPointCombMultiplier().multiply(curve.domain().getG(), d).getEncoded(true));
    }

    /** A fresh random key. */
    public static SigningKey generate(Curve curve) {
        byte[] b = new byte[32];
        while (true) {
            RANDOM.nextBytes(b);
            BigInteger d = new BigInteger(1, b);
            if (d.signum() > 0 && d.compareTo(curve.order()) < 0) {
                Arrays.fill(b, (byte) 0);
                return new SigningKey(curve, d);
            }
        }
    }

    /** A key from its 32 raw big-endian bytes. */
    public static SigningKey fromBytes(Curve curve, byte[] raw) {
        if (raw.length != 32) {
            throw new InvalidDataException("a " + curve.curveName() + " private key is 32 bytes, got " + raw.length);
        }
        return new SigningKey(curve, new BigInteger(1, raw));
    }

    /** A secp256k1 key from 64 hex characters (the form {@code @atproto/crypto} and the PDS's env use). */
    public static SigningKey fromHex(String hex) {
        String h = hex.strip();
        if (h.length() != 64 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidDataException("a hex private key is 64 hex characters");
        }
        return fromBytes(Curve.K256, HexFormat.of().parseHex(h));
    }

    /**
     * A key in the multibase form {@code goat key generate} prints: {@code z} + base58btc of the
     * private-key multicodec (secp256k1-priv 0x1301 or p256-priv 0x1306) and the 32 raw bytes.
     */
    public static SigningKey fromMultibase(String multibase) {
        String m = multibase.strip();
        if (m.isEmpty() || m.charAt(0) != 'z') {
            throw new InvalidDataException("a multibase private key starts with 'z' (base58btc)");
        }
        byte[] bytes;
        long[] codec;
        try {
            bytes = Multibase.decode(m);
            codec = Multicodec.read(bytes);
        } catch (InvalidDataException e) {
            throw new InvalidDataException("not a multibase private key: " + e.getMessage());
        }
        Curve curve;
        if (codec[0] == K256_PRIVATE_CODEC) {
            curve = Curve.K256;
        } else if (codec[0] == P256_PRIVATE_CODEC) {
            curve = Curve.P256;
        } else {
            throw new InvalidDataException("not a secp256k1 or P-256 private key (multicodec 0x"
                    + Long.toHexString(codec[0]) + ")");
        }
        return fromBytes(curve, Arrays.copyOfRange(bytes, (int) codec[1], bytes.length));
    }

    /** Either text form: 64 hex characters (secp256k1) or multibase {@code z...} (either curve). */
    public static SigningKey parse(String text) {
        String t = text.strip();
        if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return fromHex(t);
        }
        if (t.startsWith("z")) {
            return fromMultibase(t);
        }
        throw new InvalidDataException("not a private key: expected 64 hex characters (secp256k1) or a multibase"
                + " key starting with 'z' as goat prints it");
    }

    public Curve curve() {
        return curve;
    }

    public VerifyingKey publicKey() {
        return publicKey;
    }

    /** The public key as {@code did:key:z...}. */
    public String didKey() {
        return publicKey.toDidKey();
    }

    /** The private key in goat's multibase form (secret: for key files only). */
    public String toMultibase() {
        byte[] prefix = Multicodec.prefix(curve == Curve.K256 ? K256_PRIVATE_CODEC : P256_PRIVATE_CODEC);
        byte[] raw = rawBytes();
        byte[] all = Arrays.copyOf(prefix, prefix.length + 32);
        System.arraycopy(raw, 0, all, prefix.length, 32);
        String s = Multibase.encodeBase58btc(all);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(all, (byte) 0);
        return s;
    }

    /** The private key as 64 hex characters (secret). */
    public String toHex() {
        return HexFormat.of().formatHex(rawBytes());
    }

    private byte[] rawBytes() {
        byte[] b = d.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    /** Signs SHA-256 of {@code message}: 64 bytes r||s, low-S, deterministic. */
    public byte[] sign(byte[] message) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        byte[] digest = sha.digest(message);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, curve.domain()));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(curve.halfOrder()) > 0 ? curve.order().subtract(rs[1]) : rs[1];
        byte[] out = new byte[VerifyingKey.SIGNATURE_LENGTH];
        put(rs[0], out, 0);
        put(s, out, 32);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey && ((SigningKey) o).curve == curve && ((SigningKey) o).d.equals(d);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /** Names the public key only. */
    @Override
    public String toString() {
        return "SigningKey[" + publicKey.toDidKey() + "]";
    }
}
