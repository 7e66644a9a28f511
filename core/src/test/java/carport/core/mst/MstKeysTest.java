package carport.core.mst;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The interop MST vectors: key heights and common prefix lengths. */
class MstKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Arguments> keyHeights() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(TestData.path("interop/mst/key_heights.json").toFile())) {
            out.add(Arguments.of(n.get("key").asText(), n.get("height").asInt()));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("keyHeights")
    void keyHeightMatchesTheInteropVector(String key, int height) {
        assertThat(MstKeys.height(key)).isEqualTo(height);
    }

    static List<Arguments> exampleKeys() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.path("interop/mst/example_keys.txt"))) {
            if (!line.isBlank()) {
                // "A3/578971": the digit after the letter is the key's height
                out.add(Arguments.of(line.strip(), line.charAt(1) - '0'));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("exampleKeys")
    void exampleKeyHasTheHeightItsNameStates(String key, int height) {
        assertThat(MstKeys.height(key)).isEqualTo(height);
    }

    static List<Arguments> commonPrefixes() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(TestData.path("interop/mst/common_prefix.json").toFile())) {
            out.add(Arguments.of(n.get("left").asText(), n.get("right").asText(), n.get("len").asInt()));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("commonPrefixes")
    void commonPrefixLengthMatchesTheInteropVector(String left, String right, int len) {
        assertThat(MstKeys.commonPrefixLength(left.getBytes(StandardCharsets.UTF_8),
                right.getBytes(StandardCharsets.UTF_8))).isEqualTo(len);
    }
}
