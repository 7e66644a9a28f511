package carport.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An inter-service JWT minted offline with the account's {@code #atproto} key, as a PDS mints it
 * with {@code com.atproto.server.getServiceAuth}: header {@code {"typ":"JWT","alg":"ES256K"|"ES256"}},
 * payload {@code {iat, iss, aud, exp, lxm, jti}}, signature the 64-byte low-S r||s over SHA-256 of
 * {@code base64url(header).base64url(payload)}. Restoring an account uses one (lxm
 * {@code com.atproto.server.createAccount}, aud the new PDS's DID) because the old PDS that would
 * have issued it is gone. The receiving PDS checks it against the key the DID document names.
 */
public final class ServiceAuthToken {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What the PDS allows: a token with a method may live at most an hour. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);

    private ServiceAuthToken() {}

    /**
     * Mints a token.
     *
     * @param key the issuer's {@code #atproto} signing key
     * @param iss the account's DID
     * @param aud the service DID of the receiving server, e.g. {@code did:web:pds.example.com}
     * @param lxm the one XRPC method the token is good for
     * @param now issue time
     * @param lifetime at most {@link #MAX_LIFETIME}
     */
    public static String mint(SigningKey key, String iss, String aud, String lxm, Instant now, Duration lifetime) {
        Objects.requireNonNull(lxm, "lxm");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a service-auth token lives between 1 s and 1 h");
        }
        if (!iss.startsWith("did:") || !aud.startsWith("did:")) {
            throw new IllegalArgumentException("iss and aud are DIDs (aud: the server's service DID, not its URL)");
        }
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", key.curve().jwtAlg());
        long iat = now.getEpochSecond();
        ObjectNode payload = JSON.createObjectNode()
                .put("iat", iat)
                .put("iss", iss)
                .put("aud", aud)
                .put("exp", iat + lifetime.getSeconds())
                .put("lxm", lxm)
                .put("jti", HexFormat.of().formatHex(nonce()));
        String signingInput = b64(header) + "." + b64(payload);
        byte[] sig = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(sig);
    }

    private static byte[] nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(ObjectNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
