package carport.core.crypto;

import carport.core.TestData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

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
}
