package carport.core.crypto;

import carport.core.TestData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import carport.core.multiformats.Multibase;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

final class CryptoTestData {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CryptoTestData() {}

    static JsonNode json(String resource) {
        try {
            return MAPPER.readTree(TestData.bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The W3C did:key vectors: (curve, 32-byte private key, did:key). */
    static Stream<Arguments> w3cDidKeys() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode f : json("interop/crypto/w3c_didkey_K256.json")) {
            out.add(Arguments.of(Curve.K256, HexFormat.of().parseHex(f.get("privateKeyBytesHex").asText()),
                    f.get("publicDidKey").asText()));
        }
        for (JsonNode f : json("interop/crypto/w3c_didkey_P256.json")) {
            out.add(Arguments.of(Curve.P256, Multibase.decodeBase58btc(f.get("privateKeyBytesBase58").asText()),
                    f.get("publicDidKey").asText()));
        }
        return out.stream();
    }
}
