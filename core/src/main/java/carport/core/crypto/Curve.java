package carport.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;

/** The two elliptic curves atproto allows for signing keys. */
public enum Curve {
    /** secp256k1, JWT algorithm ES256K; multicodec secp256k1-pub. */
    K256("secp256k1", 0xe7, "ES256K"),
    /** NIST P-256 (secp256r1), JWT algorithm ES256; multicodec p256-pub. */
    P256("secp256r1", 0x1200, "ES256");

    private final String curveName;
    private final int multicodec;
    private final String jwtAlg;

    Curve(String curveName, int multicodec, String jwtAlg) {
        this.curveName = curveName;
        this.multicodec = multicodec;
        this.jwtAlg = jwtAlg;
    }

    /** Curve, generator, order and cofactor; built when a key on this curve is first used. */
    ECDomainParameters domain() {
        return this == K256 ? K256Domain.DOMAIN : P256Domain.DOMAIN;
    }

    /** n / 2: a signature's s must not exceed it (low-S). */
    BigInteger halfOrder() {
        return this == K256 ? K256Domain.HALF_ORDER : P256Domain.HALF_ORDER;
    }

    // BouncyCastle's custom curve classes have fast field arithmetic, several times faster than the
    // generic Fp curve. They are built directly rather than through CustomNamedCurves, whose start-up
    // loads and verifies every curve BouncyCastle knows (~50 ms of a one-shot command). Generators are
    // the published SEC 2 values; order and cofactor come with the curve classes.
    private static final class K256Domain {
        static final ECDomainParameters DOMAIN = domain(new SecP256K1Curve(),
                "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
        static final BigInteger HALF_ORDER = DOMAIN.getN().shiftRight(1);
    }

    private static final class P256Domain {
        static final ECDomainParameters DOMAIN = domain(new SecP256R1Curve(),
                "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        static final BigInteger HALF_ORDER = DOMAIN.getN().shiftRight(1);
    }

    private static ECDomainParameters domain(ECCurve curve, String gx, String gy) {
        return new ECDomainParameters(curve, curve.createPoint(new BigInteger(gx, 16), new BigInteger(gy, 16)),
                curve.getOrder(), curve.getCofactor());
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
        return domain().getN();
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
