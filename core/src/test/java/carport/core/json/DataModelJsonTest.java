package carport.core.json;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The atproto interop data-model fixtures, JSON side: JSON ⇄ CBOR ⇄ CID, valid accepted, invalid rejected. */
class DataModelJsonTest {
    private static final ObjectMapper OM = new ObjectMapper();

    private static Stream<Arguments> load(String file) throws IOException {
        JsonNode all = OM.readTree(TestData.path("interop/data-model/" + file).toFile());
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : all) {
            String label = n.has("note") ? n.get("note").asText() : "fixture " + i;
            out.add(Arguments.of(label, n));
            i++;
        }
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    static Stream<Arguments> fixtures() throws IOException {
        return load("data-model-fixtures.json");
    }

    static Stream<Arguments> valid() throws IOException {
        return load("data-model-valid.json");
    }

    static Stream<Arguments> invalid() throws IOException {
        return load("data-model-invalid.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jsonEncodesToTheFixtureCborAndCid(String label, JsonNode n) throws IOException {
        byte[] cbor = Base64.getDecoder().decode(n.get("cbor_base64").asText());
        Object fromJson = AtJson.fromJson(OM.writeValueAsString(n.get("json")));
        byte[] encoded = DagCbor.encode(fromJson);
        assertThat(encoded).isEqualTo(cbor);
        assertThat(Cid.of(Cid.DAG_CBOR, encoded).toString()).isEqualTo(n.get("cid").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void cborWritesBackTheFixtureJson(String label, JsonNode n) throws IOException {
        byte[] cbor = Base64.getDecoder().decode(n.get("cbor_base64").asText());
        for (boolean pretty : new boolean[] {false, true}) {
            String json = AtJson.toJson(DagCbor.decode(cbor), pretty);
            assertThat(OM.readTree(json)).isEqualTo(n.get("json"));
            assertThat(AtJson.transcode(cbor, 0, cbor.length, pretty)).isEqualTo(json);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDataIsAcceptedAndRoundTrips(String label, JsonNode n) throws IOException {
        String json = OM.writeValueAsString(n.get("json"));
        Map<String, Object> record = AtJson.recordFromJson(json);
        AtJson.validate(record);
        byte[] cbor = DagCbor.encode(record);
        Object back = DagCbor.decode(cbor);
        // numerically equal: the integer-like float 123.0 comes back as the integer 123
        assertThat(OM.readTree(AtJson.toJson(back, false)).equals((a, b) -> a.isNumber() && b.isNumber()
                ? (a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1) : a.equals(b) ? 0 : 1, n.get("json")))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDataIsRejected(String label, JsonNode n) throws IOException {
        String json = OM.writeValueAsString(n.get("json"));
        assertThatThrownBy(() -> AtJson.recordFromJson(json)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void bytesAreWrittenAsUnpaddedStandardBase64AndReadWithOrWithoutPadding() {
        byte[] b = {(byte) 0xfb, (byte) 0xff, 0x01, 0x02};
        assertThat(AtJson.toJson(b, false)).isEqualTo("{\"$bytes\":\"+/8BAg\"}");
        assertThat((byte[]) AtJson.fromJson("{\"$bytes\":\"+/8BAg==\"}")).isEqualTo(b);
        assertThat((byte[]) AtJson.fromJson("{\"$bytes\":\"+/8BAg\"}")).isEqualTo(b);
        assertThatThrownBy(() -> AtJson.fromJson("{\"$bytes\":\"-_8BAg\"}")).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void prettyOutputIndentsLikeJsonStringify() {
        Object v = AtJson.fromJson("{\"a\":[1,{\"b\":[]}],\"c\":{}}");
        assertThat(AtJson.toJson(v, true)).isEqualTo(
                "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {}\n}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": 1.5}", "{\"a\": 1e400}", "{\"a\": 9223372036854775808}", "{\"a\": -9223372036854775809}",
        "{\"a\": 1, \"a\": 2}", "{\"a\": \"\\ud800\"}", "{\"$link\": \"bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2\"}",
        "{\"$link\": \"QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR\"}", "{\"x\": 1, \"$bytes\": \"AA\"}",
        "{\"$bytes\": null}", "{\"$type\": \"blob\", \"ref\": \"bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\","
            + " \"mimeType\": \"a/b\", \"size\": 1}",
        "[1] [2]", "", "{", "NaN", "{\"a\": 01}", "-922337E036854775809", "1e999999999", "1e-999999999",
    })
    void malformedJsonIsRejected(String json) {
        assertThatThrownBy(() -> AtJson.fromJson(json)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void integerBoundsAndIntegerLikeFloatsAreAccepted() {
        assertThat(AtJson.fromJson("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(AtJson.fromJson("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(AtJson.fromJson("123.0")).isEqualTo(123L);
        assertThat(AtJson.fromJson("1e3")).isEqualTo(1000L);
    }

    @Test
    void legacyBlobsStayPlainMaps() {
        Object v = AtJson.fromJson("{\"cid\": \"bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity\", \"mimeType\": \"image/png\"}");
        assertThat(v).isEqualTo(Map.of("cid", "bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity",
                "mimeType", "image/png"));
    }

    @Test
    void validateAppliesTypeAndBlobRulesToDecodedCbor() {
        byte[] badType = DagCbor.encode(Map.of("x", Map.of("$type", 5L)));
        assertThatThrownBy(() -> AtJson.validate(DagCbor.decode(badType))).isInstanceOf(InvalidDataException.class);
        byte[] badBlob = DagCbor.encode(Map.of("$type", "blob", "mimeType", "a/b", "size", 3L));
        assertThatThrownBy(() -> AtJson.validate(DagCbor.decode(badBlob))).isInstanceOf(InvalidDataException.class);
    }
}
