package carport.core.cbor;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CBOR half of the atproto interop data-model fixtures: bytes decode, re-encode identically, hash to the CID. */
class DataModelFixturesCborTest {
    static Stream<Arguments> fixtures() throws IOException {
        JsonNode all = new ObjectMapper().readTree(TestData.path("interop/data-model/data-model-fixtures.json").toFile());
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : all) {
            out.add(Arguments.of(i++, Base64.getDecoder().decode(n.get("cbor_base64").asText()), n.get("cid").asText()));
        }
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    @ParameterizedTest(name = "fixture {0}")
    @MethodSource("fixtures")
    void cborDecodesReencodesIdenticallyAndHashesToTheCid(int index, byte[] cbor, String cid) {
        Object value = DagCbor.decode(cbor);
        assertThat(DagCbor.encode(value)).isEqualTo(cbor);
        assertThat(Cid.of(Cid.DAG_CBOR, cbor, 0, cbor.length).toString()).isEqualTo(cid);
        assertThat(Cid.parse(cid).isDigestOf(cbor, 0, cbor.length)).isTrue();
    }
}
