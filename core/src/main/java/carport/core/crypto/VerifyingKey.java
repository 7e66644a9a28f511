package carport.core.crypto;

import carport.core.InvalidDataException;
import carport.core.multiformats.Multibase;
import carport.core.multiformats.Multicodec;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A public key that checks atproto signatures: ECDSA over SHA-256 of the message, the signature
 * exactly 64 bytes r||s (big-endian, 32 bytes each), r and s in [1, n-1], and low-S (s &lt;= n/2)
 * required. Immutable and thread-safe; equal keys have equal {@link #toDidKey()}.
 */
public final class VerifyingKey {
    public static final String DID_KEY_PREFIX = "did:key:";
    public static final int SIGNATURE_LENGTH = 64;

    // Decompressing a point costs a modular square root; repos are checked against a handful of
    // keys over and over, so remember recent ones. Cleared wholesale when full: simple and bounded.
    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<String, VerifyingKey> CACHE = new ConcurrentHashMap<>();

    private final Curve curve;
    private final ECPublicKeyParameters params;
    private final byte[] compressed;
    private final String didKey;

    private VerifyingKey(Curve curve, ECPoint point) {
        this.curve = curve;
        ECPoint normalized = point.normalize();
        this.params = new ECPublicKeyParameters(normalized, curve.domain());
        this.compressed = normalized.getEncoded(true);
        byte[] prefix = Multicodec.prefix(curve.multicodec());
        byte[] full = Arrays.copyOf(prefix, prefix.length + compressed.length);
        System.arraycopy(compressed, 0, full, prefix.length, compressed.length);
        this.didKey = DID_KEY_PREFIX + Multibase.encodeBase58btc(full);
    }

    /** Parses {@code did:key:z...}: base58btc, multicodec-prefixed, compressed point. */
    public static VerifyingKey fromDidKey(String didKey) {
        if (didKey == null || !didKey.startsWith(DID_KEY_PREFIX)) {
            throw new InvalidDataException("not a did:key: " + abbreviate(didKey));
        }
        VerifyingKey cached = CACHE.get(didKey);
        if (cached != null) {
            return cached;
        }
        VerifyingKey key = parsePrefixed(didKey.substring(DID_KEY_PREFIX.length()), "did:key");
        remember(didKey, key);
        return key;
    }

    /** Parses a Multikey {@code publicKeyMultibase}: the same encoding as the did:key body. */
    public static VerifyingKey fromMultibase(String multibase) {
        if (multibase == null) {
            throw new InvalidDataException("missing publicKeyMultibase");
        }
        VerifyingKey cached = CACHE.get(DID_KEY_PREFIX + multibase);
        if (cached != null) {
            return cached;
        }
        VerifyingKey key = parsePrefixed(multibase, "publicKeyMultibase");
        remember(DID_KEY_PREFIX + multibase, key);
        return key;
    }

    /**
     * Parses the legacy DID document forms ({@code EcdsaSecp256k1VerificationKey2019} /
     * {@code EcdsaSecp256r1VerificationKey2019}): base58btc multibase of the bare SEC1 point, without
     * a multicodec prefix. The curve comes from the verification method type. Both uncompressed
     * (65 bytes, 0x04) and compressed (33 bytes) points occur in the wild and are accepted.
     */
    public static VerifyingKey fromLegacyMultibase(String multibase, Curve curve) {
        if (multibase == null) {
            throw new InvalidDataException("missing publicKeyMultibase");
        }
        if (!multibase.startsWith("z")) {
            throw new InvalidDataException("legacy publicKeyMultibase must be base58btc ('z'): " + abbreviate(multibase));
        }
        return fromSec1(curve, Multibase.decode(multibase));
    }

    /** A key from a SEC1-encoded point: 33 bytes compressed (0x02/0x03) or 65 bytes uncompressed (0x04). */
    public static VerifyingKey fromSec1(Curve curve, byte[] point) {
        boolean compressedForm = point.length == 33 && (point[0] == 2 || point[0] == 3);
        boolean uncompressedForm = point.length == 65 && point[0] == 4;
        if (!compressedForm && !uncompressedForm) {
            throw new InvalidDataException("invalid " + curve + " public key: expected a 33-byte compressed or 65-byte"
                    + " uncompressed point, got " + point.length + " bytes");
        }
        ECPoint p;
        try {
            p = curve.domain().getCurve().decodePoint(point);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("invalid " + curve + " public key: not a point on the curve");
        }
        if (p.isInfinity() || !p.isValid()) {
            throw new InvalidDataException("invalid " + curve + " public key: not a point on the curve");
        }
        return new VerifyingKey(curve, p);
    }

    private static VerifyingKey parsePrefixed(String multibase, String what) {
        if (multibase.isEmpty() || multibase.charAt(0) != 'z') {
            throw new InvalidDataException(what + " must be base58btc multibase ('z'): " + abbreviate(multibase));
        }
        byte[] bytes = Multibase.decode(multibase);
        long[] codec = Multicodec.read(bytes);
        Curve curve = Curve.forMulticodec(codec[0]);
        if (curve == null) {
            throw new InvalidDataException(what + " has unsupported key type (multicodec 0x" + Long.toHexString(codec[0])
                    + "); atproto allows only secp256k1 and P-256");
        }
        int off = (int) codec[1];
        if (bytes.length - off != 33) {
            throw new InvalidDataException(what + " must hold a 33-byte compressed " + curve + " point, got "
                    + (bytes.length - off) + " bytes");
        }
        return fromSec1(curve, Arrays.copyOfRange(bytes, off, bytes.length));
    }

    private static void remember(String key, VerifyingKey value) {
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, value);
    }

    public Curve curve() {
        return curve;
    }

    /** Canonical {@code did:key:z...} (compressed point, multicodec-prefixed). */
    public String toDidKey() {
        return didKey;
    }

    /** The Multikey {@code publicKeyMultibase} value (the did:key body). */
    public String toMultibase() {
        return didKey.substring(DID_KEY_PREFIX.length());
    }

    /** 33-byte SEC1 compressed point (copy). */
    public byte[] compressedBytes() {
        return compressed.clone();
    }

    /** 65-byte SEC1 uncompressed point. */
    public byte[] uncompressedBytes() {
        return params.getQ().getEncoded(false);
    }

    /** True if {@code signature} is a valid strict atproto signature of {@code message} by this key. */
    public boolean verify(byte[] message, byte[] signature) {
        return check(message, 0, message.length, signature) == SignatureCheck.VALID;
    }

    /** As {@link #verify(byte[], byte[])}, over {@code message[off, off+len)}. */
    public boolean verify(byte[] message, int off, int len, byte[] signature) {
        return check(message, off, len, signature) == SignatureCheck.VALID;
    }

    /** Checks a signature over {@code message} and says why it fails, if it does. */
    public SignatureCheck check(byte[] message, byte[] signature) {
        return check(message, 0, message.length, signature);
    }

    public SignatureCheck check(byte[] message, int off, int len, byte[] signature) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        sha.update(message, off, len);
        return checkDigest(sha.digest(), signature);
    }

    /** Checks a signature given the SHA-256 digest of the message (32 bytes). */
    public SignatureCheck checkDigest(byte[] sha256, byte[] signature) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("digest must be 32 bytes");
        }
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return SignatureCheck.WRONG_LENGTH;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        BigInteger n = curve.domain().getN();
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return SignatureCheck.OUT_OF_RANGE;
        }
        if (s.compareTo(curve.halfOrder()) > 0) {
            return SignatureCheck.HIGH_S;
        }
        // ECDSASigner keeps the key as state, so one per call; it is a tiny object.
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, params);
        return signer.verifySignature(sha256, r, s) ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey && ((VerifyingKey) o).didKey.equals(didKey);
    }

    @Override
    public int hashCode() {
        return didKey.hashCode();
    }

    @Override
    public String toString() {
        return didKey;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
