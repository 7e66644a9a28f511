package carport.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.multiformats.Multibase;
import carport.core.multiformats.Multicodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyingKeyTest {

    static Stream<Arguments> signatureFixtures() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode f : CryptoTestData.json("interop/crypto/signature-fixtures.json")) {
            out.add(Arguments.of(f.get("comment").asText(), f));
        }
        return out.stream();
    }

    private static byte[] b64(String s) {
        // The fixtures use unpadded standard base64.
        return Base64.getDecoder().decode(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureFixtures")
    void interopSignatureFixtureVerifiesExactlyWhenMarkedValid(String comment, JsonNode f) {
        VerifyingKey key = VerifyingKey.fromDidKey(f.get("publicKeyDid").asText());
        byte[] message = b64(f.get("messageBase64").asText());
        byte[] sig = b64(f.get("signatureBase64").asText());
        boolean expected = f.get("validSignature").asBoolean();

        assertThat(key.verify(message, sig)).isEqualTo(expected);
        assertThat(key.curve().jwtAlg()).isEqualTo(f.get("algorithm").asText());

        SignatureCheck check = key.check(message, sig);
        List<String> tags = new ArrayList<>();
        f.get("tags").forEach(t -> tags.add(t.asText()));
        if (tags.contains("high-s")) {
            assertThat(check).isEqualTo(SignatureCheck.HIGH_S);
        } else if (tags.contains("der-encoded")) {
            assertThat(check).isEqualTo(SignatureCheck.WRONG_LENGTH);
        } else {
            assertThat(check).isEqualTo(expected ? SignatureCheck.VALID : SignatureCheck.MISMATCH);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureFixtures")
    void legacyMultibaseInFixtureIsSameKeyAsDidKey(String comment, JsonNode f) {
        Curve curve = f.get("didDocSuite").asText().equals("EcdsaSecp256k1VerificationKey2019") ? Curve.K256 : Curve.P256;
        VerifyingKey fromDid = VerifyingKey.fromDidKey(f.get("publicKeyDid").asText());
        VerifyingKey legacy = VerifyingKey.fromLegacyMultibase(f.get("publicKeyMultibase").asText(), curve);
        assertThat(legacy).isEqualTo(fromDid);
        assertThat(fromDid.toDidKey()).isEqualTo(f.get("publicKeyDid").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatureFixtures")
    void highSTwinOfValidSignatureIsRejectedButVerifiesUnderPlainEcdsa(String comment, JsonNode f) {
        if (!f.get("validSignature").asBoolean()) {
            return;
        }
        VerifyingKey key = VerifyingKey.fromDidKey(f.get("publicKeyDid").asText());
        byte[] message = b64(f.get("messageBase64").asText());
        byte[] sig = b64(f.get("signatureBase64").asText());
        byte[] twin = withS(sig, key.curve().order().subtract(new BigInteger(1, slice(sig, 32, 64))));
        assertThat(key.check(message, twin)).isEqualTo(SignatureCheck.HIGH_S);
        assertThat(plainEcdsaVerify(key, message, twin)).isTrue();
    }

    static Stream<Arguments> w3cDidKeys() {
        return CryptoTestData.w3cDidKeys();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("w3cDidKeys")
    void publicKeyDerivedFromW3cPrivateKeyFormatsAndParsesAsDidKey(Curve curve, byte[] priv, String didKey) {
        ECPoint q = publicPoint(curve, new BigInteger(1, priv));
        VerifyingKey derivedCompressed = VerifyingKey.fromSec1(curve, q.getEncoded(true));
        VerifyingKey derivedUncompressed = VerifyingKey.fromSec1(curve, q.getEncoded(false));
        assertThat(derivedCompressed.toDidKey()).isEqualTo(didKey);
        assertThat(derivedUncompressed.toDidKey()).isEqualTo(didKey);

        VerifyingKey parsed = VerifyingKey.fromDidKey(didKey);
        assertThat(parsed.curve()).isEqualTo(curve);
        assertThat(parsed).isEqualTo(derivedCompressed);
        assertThat(parsed.uncompressedBytes()).isEqualTo(q.getEncoded(false));
        assertThat(parsed.compressedBytes()).isEqualTo(q.getEncoded(true));
        assertThat(VerifyingKey.fromMultibase(parsed.toMultibase())).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("w3cDidKeys")
    void signaturesMadeWithW3cPrivateKeyVerifyAndTamperingIsDetected(Curve curve, byte[] priv, String didKey) {
        VerifyingKey key = VerifyingKey.fromDidKey(didKey);
        BigInteger d = new BigInteger(1, priv);
        for (int i = 0; i < 20; i++) {
            byte[] message = ("message number " + i).getBytes(StandardCharsets.UTF_8);
            BigInteger[] rs = sign(curve, d, message);
            BigInteger n = curve.order();
            BigInteger low = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
            BigInteger high = n.subtract(low);
            assertThat(key.check(message, rs(rs[0], low))).isEqualTo(SignatureCheck.VALID);
            assertThat(key.check(message, rs(rs[0], high))).isEqualTo(SignatureCheck.HIGH_S);

            byte[] other = message.clone();
            other[0] ^= 1;
            assertThat(key.check(other, rs(rs[0], low))).isEqualTo(SignatureCheck.MISMATCH);
            byte[] flipped = rs(rs[0], low);
            flipped[5] ^= 0x10;
            assertThat(key.verify(message, flipped)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void curveParametersMatchBouncyCastlesNamedCurves(Curve curve) {
        org.bouncycastle.asn1.x9.X9ECParameters named =
                org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(curve.curveName());
        assertThat(curve.domain().getCurve().equals(named.getCurve())).isTrue();
        assertThat(curve.domain().getG().isValid()).isTrue();
        assertThat(curve.domain().getG().equals(named.getG())).isTrue();
        assertThat(curve.domain().getN()).isEqualTo(named.getN());
        assertThat(curve.domain().getH()).isEqualTo(named.getH());
        assertThat(curve.halfOrder()).isEqualTo(named.getN().shiftRight(1));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void outOfRangeAndWrongLengthSignaturesAreRejected(Curve curve) {
        VerifyingKey key = VerifyingKey.fromSec1(curve, publicPoint(curve, BigInteger.valueOf(7)).getEncoded(true));
        byte[] msg = {1, 2, 3};
        assertThat(key.check(msg, rs(BigInteger.ZERO, BigInteger.ONE))).isEqualTo(SignatureCheck.OUT_OF_RANGE);
        assertThat(key.check(msg, rs(BigInteger.ONE, BigInteger.ZERO))).isEqualTo(SignatureCheck.OUT_OF_RANGE);
        assertThat(key.check(msg, rs(curve.order(), BigInteger.ONE))).isEqualTo(SignatureCheck.OUT_OF_RANGE);
        assertThat(key.check(msg, new byte[63])).isEqualTo(SignatureCheck.WRONG_LENGTH);
        assertThat(key.check(msg, new byte[65])).isEqualTo(SignatureCheck.WRONG_LENGTH);
        assertThat(key.check(msg, null)).isEqualTo(SignatureCheck.WRONG_LENGTH);
        assertThat(key.check(msg, rs(BigInteger.ONE, BigInteger.ONE))).isEqualTo(SignatureCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "did:key:",
        "did:web:example.com",
        "did:key:Q3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", // no multibase prefix
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYB0e", // '0' is not base58
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBm", // truncated
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", // ed25519: not allowed in atproto
    })
    void malformedOrUnsupportedDidKeysAreRejected(String didKey) {
        assertThatThrownBy(() -> VerifyingKey.fromDidKey(didKey)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void didKeyWithUncompressedPointIsRejected() {
        VerifyingKey k = VerifyingKey.fromDidKey("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");
        byte[] prefix = Multicodec.prefix(Curve.K256.multicodec());
        byte[] u = k.uncompressedBytes();
        byte[] full = new byte[prefix.length + u.length];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        System.arraycopy(u, 0, full, prefix.length, u.length);
        assertThatThrownBy(() -> VerifyingKey.fromDidKey("did:key:" + Multibase.encodeBase58btc(full)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("compressed");
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void pointsNotOnTheCurveAreRejected(Curve curve) {
        ECPoint q = publicPoint(curve, BigInteger.valueOf(12345));
        byte[] u = q.getEncoded(false);
        u[64] ^= 1; // y no longer matches x
        assertThatThrownBy(() -> VerifyingKey.fromSec1(curve, u)).isInstanceOf(InvalidDataException.class);
        byte[] c = new byte[33];
        c[0] = 2;
        java.util.Arrays.fill(c, 1, 33, (byte) 0xff); // x >= p
        assertThatThrownBy(() -> VerifyingKey.fromSec1(curve, c)).isInstanceOf(InvalidDataException.class);
        byte[] hybrid = q.getEncoded(false);
        hybrid[0] = 6;
        assertThatThrownBy(() -> VerifyingKey.fromSec1(curve, hybrid)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void multicodecPrefixesMatchTheMulticodecTable() {
        assertThat(Multicodec.prefix(0xe7)).containsExactly(0xe7, 0x01);
        assertThat(Multicodec.prefix(0x1200)).containsExactly(0x80, 0x24);
        assertThat(Multicodec.read(new byte[] {(byte) 0x80, 0x24, 9})).containsExactly(0x1200L, 2L);
        assertThatThrownBy(() -> Multicodec.read(new byte[] {(byte) 0xe7, (byte) 0x81, 0x00}))
                .isInstanceOf(InvalidDataException.class);
    }

    // --- helpers: the signing side, which carport itself never needs ---

    private static ECPoint publicPoint(Curve curve, BigInteger d) {
        return new FixedPointCombMultiplier().multiply(curve.domain().getG(), d).normalize();
    }

    private static BigInteger[] sign(Curve curve, BigInteger d, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, curve.domain()));
        return signer.generateSignature(sha256(message));
    }

    private static boolean plainEcdsaVerify(VerifyingKey key, byte[] message, byte[] sig) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new org.bouncycastle.crypto.params.ECPublicKeyParameters(
                key.curve().domain().getCurve().decodePoint(key.compressedBytes()), key.curve().domain()));
        return signer.verifySignature(sha256(message), new BigInteger(1, slice(sig, 0, 32)),
                new BigInteger(1, slice(sig, 32, 64)));
    }

    private static byte[] sha256(byte[] m) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] withS(byte[] sig, BigInteger s) {
        return rs(new BigInteger(1, slice(sig, 0, 32)), s);
    }

    private static byte[] rs(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        put(r, out, 0);
        put(s, out, 32);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, off + 32 - len, len);
    }
}
