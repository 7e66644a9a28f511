package carport.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.multiformats.Multibase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SigningKeyTest {

    static Stream<Arguments> w3cVectors() {
        return CryptoTestData.w3cDidKeys();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("w3cVectors")
    void privateKeyGivesThePublishedDidKeyAndSurvivesEveryEncoding(Curve curve, byte[] raw, String didKey) {
        SigningKey key = SigningKey.fromBytes(curve, raw);
        assertThat(key.didKey()).isEqualTo(didKey);
        assertThat(SigningKey.fromMultibase(key.toMultibase())).isEqualTo(key);
        assertThat(SigningKey.parse(key.toMultibase() + "\n").didKey()).isEqualTo(didKey);
        assertThat(key.toHex()).isEqualTo(HexFormat.of().formatHex(raw));
        if (curve == Curve.K256) {
            assertThat(SigningKey.parse(key.toHex()).didKey()).isEqualTo(didKey);
            assertThat(key.toMultibase()).startsWith("z3vL");
        }
        assertThat(key.toString()).contains(didKey).doesNotContain(key.toHex()).doesNotContain(key.toMultibase());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("w3cVectors")
    void signaturesAreLowSVerifyAndAreDeterministic(Curve curve, byte[] raw, String didKey) {
        SigningKey key = SigningKey.fromBytes(curve, raw);
        VerifyingKey pub = VerifyingKey.fromDidKey(didKey);
        BigInteger half = curve.order().shiftRight(1);
        for (int i = 0; i < 50; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = key.sign(message);
            assertThat(sig).hasSize(64);
            assertThat(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))).isLessThanOrEqualTo(half);
            assertThat(pub.check(message, sig)).isEqualTo(SignatureCheck.VALID);
            assertThat(key.sign(message)).isEqualTo(sig); // RFC 6979
            message[0] ^= 1;
            assertThat(pub.check(message, sig)).isEqualTo(SignatureCheck.MISMATCH);
        }
    }

    /**
     * Written by @atproto/crypto 0.5.5 (the PDS's own dependency) when the test bed created bob's
     * rotation key: its did(), export() as hex, and goat's multibase form of the same bytes.
     */
    @Test
    void keyMadeByTheOfficialLibraryReadsInBothForms() {
        String hex = "b64da22183ee9b3379fe60f3efe091a33e6188768445f3dff0b39a7c942293d7";
        String multibase = "z3vLgGXXX6ru6bjbm6Y5oPfbcaNKzBtQcfSCW5icXCvQ8qpA";
        String didKey = "did:key:zQ3sht5oNV22jFvZEitBz1ThtNrsADjVFvfCoJesQ4QMeAXU9";
        assertThat(SigningKey.parse(hex).didKey()).isEqualTo(didKey);
        assertThat(SigningKey.parse(multibase).didKey()).isEqualTo(didKey);
        assertThat(SigningKey.parse(hex).toMultibase()).isEqualTo(multibase);
    }

    /** indigo atproto/atcrypto keys_test.go: goat's secp256k1 private key test vector round-trips. */
    @Test
    void goatMultibaseVectorRoundTrips() {
        String goat = "z3vLWgA9nXoPzxsJJafDY9BPrZd3EDWjvcCtYfrFxZ7xbMVi";
        SigningKey key = SigningKey.fromMultibase(goat);
        assertThat(key.curve()).isEqualTo(Curve.K256);
        assertThat(key.toMultibase()).isEqualTo(goat);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void generatedKeysDifferAndRoundTrip(Curve curve) {
        SigningKey a = SigningKey.generate(curve);
        SigningKey b = SigningKey.generate(curve);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.curve()).isEqualTo(curve);
        assertThat(SigningKey.parse(a.toMultibase())).isEqualTo(a);
        assertThat(VerifyingKey.fromDidKey(a.didKey()).curve()).isEqualTo(curve);
    }

    @Test
    void badKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> SigningKey.parse("not a key")).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> SigningKey.fromHex("00".repeat(32))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("out of range");
        String overOrder = Curve.K256.order().toString(16);
        assertThatThrownBy(() -> SigningKey.fromHex(overOrder)).isInstanceOf(InvalidDataException.class);
        // a public did:key body is not a private key
        String pub = SigningKey.generate(Curve.K256).publicKey().toMultibase();
        assertThatThrownBy(() -> SigningKey.parse(pub)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("multicodec 0xe7");
        assertThatThrownBy(() -> SigningKey.fromBytes(Curve.P256, new byte[31])).isInstanceOf(InvalidDataException.class);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void serviceAuthTokenHasTheShapeThePdsChecks(Curve curve) throws Exception {
        SigningKey key = SigningKey.generate(curve);
        java.time.Instant now = java.time.Instant.parse("2026-01-02T03:04:05Z");
        String jwt = ServiceAuthToken.mint(key, "did:plc:abc", "did:web:pds2.localhost",
                "com.atproto.server.createAccount", now, java.time.Duration.ofSeconds(60));
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo(curve == Curve.K256 ? "ES256K" : "ES256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(payload.get("iss").asText()).isEqualTo("did:plc:abc");
        assertThat(payload.get("aud").asText()).isEqualTo("did:web:pds2.localhost");
        assertThat(payload.get("lxm").asText()).isEqualTo("com.atproto.server.createAccount");
        assertThat(payload.get("iat").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(payload.get("exp").asLong()).isEqualTo(now.getEpochSecond() + 60);
        assertThat(payload.get("jti").asText()).hasSize(32);
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        assertThat(key.publicKey().check((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), sig))
                .isEqualTo(SignatureCheck.VALID);
        assertThatThrownBy(() -> ServiceAuthToken.mint(key, "did:plc:abc", "http://127.0.0.1:1", "x", now,
                java.time.Duration.ofSeconds(60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceAuthToken.mint(key, "did:plc:abc", "did:web:x", "x", now,
                java.time.Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
