package carport.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the JSON reader with arbitrary bytes (replaying the committed inputs in an ordinary test run).
 * Only {@link InvalidDataException} may escape; whatever is accepted must encode to DAG-CBOR, decode back
 * and survive JSON again unchanged.
 */
class AtJsonFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void fromJson(byte[] json) {
        Object value;
        try {
            value = AtJson.fromJson(json);
        } catch (InvalidDataException e) {
            return;
        }
        AtJson.validate(value);
        byte[] cbor = DagCbor.encode(value);
        Object back = DagCbor.decode(cbor);
        String text = AtJson.toJson(back, false);
        assertThat(AtJson.transcode(cbor, 0, cbor.length, false)).isEqualTo(text);
        assertThat(DagCbor.encode(AtJson.fromJson(text))).isEqualTo(cbor);
        assertThat(DagCbor.encode(AtJson.fromJson(AtJson.toJson(back, true)))).isEqualTo(cbor);
    }
}
