package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InspectCommandTest {
    static List<String> realCars() {
        return CliRun.realCars().toList();
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void jsonMatchesTheDerivedSummary(String car) throws IOException {
        CliRun r = CliRun.run("inspect", "--json", CliRun.car(car));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode j = Derived.JSON.readTree(r.out());
        JsonNode s = Derived.summary(car);
        JsonNode c = s.get("commit");
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertThat(names.subList(0, 5)).containsExactly("did", "rev", "version", "commit", "data");
        assertThat(names).contains("prev", "records", "collections", "blocks", "unreachableBlocks", "bytes");

        assertThat(j.get("did").asText()).isEqualTo(c.get("did").asText());
        assertThat(j.get("version").asInt()).isEqualTo(c.get("version").asInt());
        assertThat(j.get("rev").isNull()).isEqualTo(!c.has("rev"));
        if (c.has("rev")) {
            assertThat(j.get("rev").asText()).isEqualTo(c.get("rev").asText());
        }
        assertThat(j.get("commit").asText()).isEqualTo(s.get("roots").get(0).asText());
        assertThat(j.get("data").asText()).isEqualTo(c.get("data").asText());
        assertThat(j.get("prev")).isEqualTo(c.get("prev"));
        assertThat(j.get("records").asLong()).isEqualTo(s.get("mst_leaf_count").asLong());
        assertThat(j.get("recordsMissing").asLong()).isEqualTo(s.get("records_missing").asLong());
        assertThat(j.get("mstNodes").asLong()).isEqualTo(s.get("mst_nodes_present").asLong());
        assertThat(j.get("mstNodesMissing").asLong()).isEqualTo(s.get("mst_nodes_missing").size());
        assertThat(j.get("collections")).isEqualTo(s.get("collections"));
        assertThat(j.get("blocks").asLong()).isEqualTo(s.get("unique_blocks").asLong());
        assertThat(j.get("sections").asLong()).isEqualTo(s.get("block_sections").asLong());
        assertThat(j.get("unreachableBlocks").asLong()).isEqualTo(s.get("unreferenced_blocks").asLong());
        assertThat(j.get("bytes").asLong()).isEqualTo(s.get("size_bytes").asLong());
        assertThat(j.get("complete").asBoolean()).isEqualTo(!CliRun.partial(car));
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void textShowsTheSameFacts(String car) throws IOException {
        CliRun r = CliRun.run("inspect", CliRun.car(car));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode s = Derived.summary(car);
        assertThat(r.outLines()).contains("did          " + s.get("commit").get("did").asText(),
                "version      " + s.get("commit").get("version").asInt(),
                "commit       " + s.get("roots").get(0).asText(),
                "data         " + s.get("commit").get("data").asText() + " (MST root)",
                "bytes        " + s.get("size_bytes").asLong());
        assertThat(r.outLines()).anyMatch(l -> l.startsWith("records      " + s.get("mst_leaf_count").asLong()));
        s.get("collections").properties().forEach(e -> assertThat(r.outLines())
                .anyMatch(l -> l.matches("  " + e.getKey().replace(".", "\\.") + " +" + e.getValue().asLong())));
        assertThat(r.out().contains("partial:")).isEqualTo(CliRun.partial(car));
    }
}
