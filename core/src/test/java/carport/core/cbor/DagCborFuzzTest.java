package carport.core.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.json.AtJson;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz targets. An ordinary test run replays the committed inputs under
 * {@code src/test/resources/carport/core/cbor/DagCborFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes. Only {@link CborException} may escape the codec, and what the strict decoder accepts must be
 * canonical: it re-encodes to the same bytes, and every other view of it (validate, lenient decode,
 * JSON transcode) agrees. Fuzz one target by hand (one per JVM) with, e.g.,
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest='DagCborFuzzTest#decode' -DargLine=-Xmx1g}.
 */
class DagCborFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void decode(byte[] data) {
        Object value;
        try {
            value = DagCbor.decode(data);
        } catch (CborException e) {
            assertRejectedEverywhere(data);
            return;
        }
        assertThat(DagCbor.encode(value)).isEqualTo(data);
        DagCbor.validate(data, 0, data.length);
        assertThat(DagCbor.encode(DagCbor.decodeLenient(data, 0, data.length))).isEqualTo(data);
        assertThat(AtJson.transcode(data, 0, data.length, false)).isEqualTo(AtJson.toJson(value, false));
    }

    @FuzzTest(maxDuration = "10m")
    void decodeLenient(byte[] data) {
        Object value;
        try {
            value = DagCbor.decodeLenient(data, 0, data.length);
        } catch (CborException e) {
            return;
        }
        assertThat(DagCbor.encode(value)).isEqualTo(data);
        // the JSON form of anything decodable must be writable and, pretty or not, mean the same
        String compact = AtJson.toJson(value, false);
        assertThat(AtJson.toJson(value, true).replaceAll("\\s", ""))
                .isEqualTo(compact.replaceAll("\\s", ""));
    }

    private static void assertRejectedEverywhere(byte[] data) {
        try {
            DagCbor.validate(data, 0, data.length);
            throw new AssertionError("validate accepted what decode rejected: " + Arrays.toString(data));
        } catch (CborException expected) {
            // agreed
        }
        try {
            AtJson.transcode(data, 0, data.length, new java.io.ByteArrayOutputStream(), false);
            throw new AssertionError("transcode accepted what decode rejected: " + Arrays.toString(data));
        } catch (CborException expected) {
            // agreed
        }
    }
}
