package carport.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The two elliptic curves atproto allows for signing keys. */
public enum Curve {
    /** secp256k1, JWT algorithm ES256K; multicodec secp256k1-pub. */
    K256("secp256k1", 0xe7, "ES256K"),
    /** NIST P-256 (secp256r1), JWT algorithm ES256; multicodec p256-pub. */
    P256("secp256r1", 0x1200, "ES256");

    private final String curveName;
    private final int multicodec;
    private final String jwtAlg;
    // BouncyCastle's custom curve classes have fast field arithmetic (and GLV for secp256k1),
    // several times faster than the generic Fp curve from SECNamedCurves.
    final ECDomainParameters domain;
    final BigInteger halfOrder;

    Curve(String curveName, int multicodec, String jwtAlg) {
        this.curveName = curveName;
        this.multicodec = multicodec;
        this.jwtAlg = jwtAlg;
        X9ECParameters x9 = CustomNamedCurves.getByName(curveName);
        this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
        this.halfOrder = x9.getN().shiftRight(1);
    }

    /** The SEC name, e.g. {@code secp256k1}. */
    public String curveName() {
        return curveName;
    }

    /** The multicodec code of a public key on this curve (0xe7 or 0x1200). */
    public int multicodec() {
        return multicodec;
    }

    /** The JWT {@code alg} name (ES256K or ES256). */
    public String jwtAlg() {
        return jwtAlg;
    }

    /** The group order n. */
    public BigInteger order() {
        return domain.getN();
    }

    /** The curve whose public keys carry this multicodec code, or null. */
    static Curve forMulticodec(long code) {
        for (Curve c : values()) {
            if (c.multicodec == code) {
                return c;
            }
        }
        return null;
    }
}
