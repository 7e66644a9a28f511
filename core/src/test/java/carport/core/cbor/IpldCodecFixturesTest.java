package carport.core.cbor;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.GenericCborFeatures.Feature;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generic IPLD DAG-CBOR fixtures. Whether a fixture lies inside the atproto data model is derived
 * from its own bytes by {@link GenericCborFeatures}; inside, it must decode and re-encode to the same
 * bytes and CID; outside, the strict decoder must reject it.
 */
class IpldCodecFixturesTest {
    private static final String DIR = "dag-cbor/ipld-codec-fixtures/fixtures";

    static Stream<Arguments> fixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(TestData.path(DIR))) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".dag-cbor")) {
                            byte[] data = Files.readAllBytes(f);
                            Set<Feature> outside = GenericCborFeatures.of(data);
                            out.add(Arguments.of(dir.getFileName().toString(),
                                    name.substring(0, name.length() - ".dag-cbor".length()), data,
                                    outside.isEmpty() ? "inside the atproto model" : "outside: " + outside));
                        }
                    }
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(100);
        // both classes must be well represented, or the classifier is broken
        assertThat(out.stream().filter(a -> a.get()[3].toString().startsWith("inside")).count()).isGreaterThan(40);
        assertThat(out.stream().filter(a -> a.get()[3].toString().startsWith("outside")).count()).isGreaterThan(20);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({3})")
    @MethodSource("fixtures")
    void fixtureIsAcceptedAndRoundTripsExactlyWhenInsideTheDataModelElseRejected(String name, String cid, byte[] data, String klass) {
        Cid expected = Cid.parseLenient(cid);
        assertThat(Cid.of(Cid.DAG_CBOR, data)).as("file name is the CID of its bytes").isEqualTo(expected);
        Set<Feature> outside = GenericCborFeatures.of(data);
        if (outside.isEmpty()) {
            Object value = DagCbor.decode(data);
            byte[] again = DagCbor.encode(value);
            assertThat(again).isEqualTo(data);
            assertThat(Cid.of(Cid.DAG_CBOR, again)).isEqualTo(expected);
            DagCbor.validate(data, 0, data.length);
        } else {
            assertThatThrownBy(() -> DagCbor.decode(data)).as("outside the model: %s", outside)
                    .isInstanceOf(CborException.class);
            assertThatThrownBy(() -> DagCbor.validate(data, 0, data.length)).isInstanceOf(CborException.class);
        }
    }

    @ParameterizedTest(name = "{0} ({3})")
    @MethodSource("fixtures")
    void lenientDecoderCarriesForeignCidsByteForByte(String name, String cid, byte[] data, String klass) {
        Set<Feature> outside = GenericCborFeatures.of(data);
        if (outside.equals(EnumSet.of(Feature.FOREIGN_CID))) {
            Object value = DagCbor.decodeLenient(data, 0, data.length);
            assertThat(DagCbor.encode(value)).isEqualTo(data);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            AtJson.transcode(data, 0, data.length, json, false, true);
            assertThat(json.toString(StandardCharsets.UTF_8))
                    .isEqualTo(AtJson.toJson(value, false));
        } else if (!outside.isEmpty()) {
            assertThatThrownBy(() -> DagCbor.decodeLenient(data, 0, data.length)).isInstanceOf(CborException.class);
        }
    }

    static Stream<Arguments> negativeDecodeFixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        Path dir = TestData.path("dag-cbor/ipld-codec-fixtures/negative-fixtures/dag-cbor/decode");
        ObjectMapper om = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                for (JsonNode n : om.readTree(f.toFile())) {
                    out.add(Arguments.of(f.getFileName() + ": " + n.get("name").asText(),
                            HexFormat.of().parseHex(n.get("hex").asText())));
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativeDecodeFixtures")
    void negativeFixtureIsRejected(String name, byte[] data) {
        assertThatThrownBy(() -> DagCbor.decode(data)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.decodeLenient(data, 0, data.length)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.validate(data, 0, data.length)).isInstanceOf(CborException.class);
    }
}
