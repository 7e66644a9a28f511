package carport.export;

import carport.core.crypto.Curve;
import carport.core.crypto.VerifyingKey;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** A K-256 key pair for signing test commits and PLC operations (atproto rules: SHA-256, low-S, r||s). */
final class TestKey {
    private static final X9ECParameters K256 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(K256.getCurve(), K256.getG(),
            K256.getN(), K256.getH());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BigInteger d;
    private final VerifyingKey publicKey;

    private TestKey(BigInteger d) {
        this.d = d;
        this.publicKey = VerifyingKey.fromSec1(Curve.K256, DOMAIN.getG().multiply(d).normalize().getEncoded(true));
    }

    static TestKey generate() {
        BigInteger d;
        do {
            d = new BigInteger(256, RANDOM);
        } while (d.signum() == 0 || d.compareTo(DOMAIN.getN()) >= 0);
        return new TestKey(d);
    }

    VerifyingKey publicKey() {
        return publicKey;
    }

    String didKey() {
        return publicKey.toDidKey();
    }

    byte[] sign(byte[] message) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger s = rs[1];
        if (s.compareTo(DOMAIN.getN().shiftRight(1)) > 0) {
            s = DOMAIN.getN().subtract(s);
        }
        byte[] out = new byte[64];
        put(rs[0], out, 0);
        put(s, out, 32);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }
}
