package carport.core.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class CryptoTestData {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CryptoTestData() {}

    static JsonNode json(String resource) {
        try (InputStream in = CryptoTestData.class.getResourceAsStream("/testdata/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
