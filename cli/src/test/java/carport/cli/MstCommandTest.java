package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MstCommandTest {
    static List<String> realCars() {
        return CliRun.realCars().toList();
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void showsEveryLayerAndCountsTheWholeTree(String car) throws IOException {
        CliRun r = CliRun.run("mst", CliRun.car(car), "--max-nodes", "100000", "--max-keys", "100000");
        JsonNode s = Derived.summary(car);
        int missing = s.get("mst_nodes_missing").size();
        assertThat(r.code()).as(r.toString()).isEqualTo(missing > 0 ? ExitCode.PARTIAL : ExitCode.OK);
        List<String> lines = r.outLines();
        assertThat(lines.get(0)).startsWith("MST of " + s.get("commit").get("did").asText())
                .endsWith("root " + s.get("commit").get("data").asText());
        long keysShown = lines.stream().filter(l -> l.startsWith("    ") && !l.startsWith("    ...")).count();
        long present = Derived.leaves(car).size();
        assertThat(keysShown).isEqualTo(present);
        assertThat(lines.get(lines.size() - 1)).startsWith("total: " + present + " keys in "
                + s.get("mst_nodes_present").asLong() + " nodes");
        // layers count down by one from the top to 0
        List<Integer> layers = lines.stream().filter(l -> l.startsWith("layer "))
                .map(l -> Integer.parseInt(l.split(" ")[1])).toList();
        for (int i = 0; i < layers.size(); i++) {
            assertThat(layers.get(i)).isEqualTo(layers.get(0) - i);
        }
        assertThat(r.out()).doesNotContain("! hash puts it");
    }

    @Test
    void outputIsBoundedForBigTrees() {
        CliRun all = CliRun.run("mst", CliRun.car("pegasus-mist-sample-bsky.app.car"), "--max-nodes", "100000",
                "--max-keys", "100000");
        CliRun few = CliRun.run("mst", CliRun.car("pegasus-mist-sample-bsky.app.car"), "--max-nodes", "2",
                "--max-keys", "2");
        assertThat(all.outLines()).hasSizeGreaterThan(5000);
        assertThat(few.outLines()).hasSizeLessThan(60);
        assertThat(few.outLines().get(few.outLines().size() - 1)).isEqualTo(all.outLines()
                .get(all.outLines().size() - 1)).startsWith("total: 4224 keys in 1110 nodes on 6 layers");
        assertThat(few.out()).contains("more nodes", "more keys");
    }

    @Test
    void negativeLimitsAreUsageErrors() {
        assertThat(CliRun.run("mst", CliRun.car("repo-stream-tiny.car"), "--max-keys", "-1").code())
                .isEqualTo(ExitCode.USAGE);
    }
}
