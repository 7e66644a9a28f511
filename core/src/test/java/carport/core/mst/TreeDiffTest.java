package carport.core.mst;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.BlockSource;
import carport.core.car.CarFile;
import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TreeDiff} against the mst-test-suite diff cases (1,009 pairs of MSTs over the same seven
 * keys at heights 0-2, with the expected record operations). The suite lives in core's test data;
 * see its PROVENANCE.md.
 */
class TreeDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** core's copy of shared/testdata/mst-test-suite (same repository, so a fresh clone has it). */
    static final Path SUITE = Path.of("../core/src/test/resources/testdata/mst-test-suite");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(SUITE.resolve("tests/diff/exhaustive"))) {
            List<Path> all = s.sorted().collect(Collectors.toList());
            assertThat(all).hasSizeGreaterThan(1000);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recordOperationsAreExactlyTheSuitesExpectedOnes(Path file) throws IOException {
        JsonNode c = JSON.readTree(file.toFile());
        try (CarFile a = CarFile.open(SUITE.resolve(c.at("/inputs/mst_a").asText()));
                CarFile b = CarFile.open(SUITE.resolve(c.at("/inputs/mst_b").asText()))) {
            List<String> ops = new ArrayList<>();
            TreeDiff.diff(a, a.roots().get(0), b, b.roots().get(0), new TreeDiff.Visitor() {
                @Override
                public void added(String key, Cid cid) {
                    ops.add(key + " null " + cid);
                }

                @Override
                public void updated(String key, Cid oldCid, Cid newCid) {
                    ops.add(key + " " + oldCid + " " + newCid);
                }

                @Override
                public void deleted(String key, Cid oldCid) {
                    ops.add(key + " " + oldCid + " null");
                }
            });
            List<String> expected = new ArrayList<>();
            for (JsonNode op : c.at("/results/record_ops")) {
                expected.add(op.get("rpath").asText() + " " + text(op.get("old_value")) + " " + text(op.get("new_value")));
            }
            assertThat(ops).as("in key order").isEqualTo(expected.stream().sorted().collect(Collectors.toList()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sharedSubtreesAreSkippedUnread(Path file) throws IOException {
        JsonNode c = JSON.readTree(file.toFile());
        try (CarFile a = CarFile.open(SUITE.resolve(c.at("/inputs/mst_a").asText()));
                CarFile b = CarFile.open(SUITE.resolve(c.at("/inputs/mst_b").asText()))) {
            List<String> readA = new ArrayList<>();
            List<String> readB = new ArrayList<>();
            TreeDiff.diff(recording(a, readA), a.roots().get(0), recording(b, readB), b.roots().get(0),
                    new TreeDiff.Counts());
            List<String> deleted = strings(c.at("/results/deleted_nodes"));
            List<String> created = strings(c.at("/results/created_nodes"));
            // Besides the two roots (which must be opened to see anything), a node read is one of the
            // nodes that differ, with at most two exceptions where the trees' shapes differ a lot; for a
            // single record change (the common incremental case) there are none: shared subtrees are
            // skipped unread.
            deleted.add(a.roots().get(0).toString());
            created.add(b.roots().get(0).toString());
            long extra = readA.stream().filter(x -> !deleted.contains(x)).count()
                    + readB.stream().filter(x -> !created.contains(x)).count();
            assertThat(extra).as("shared nodes read").isLessThanOrEqualTo(c.at("/results/record_ops").size() <= 1 ? 0 : 2);
        }
    }

    @Test
    void aTreeComparedWithItselfReadsNothing() throws IOException {
        try (CarFile a = CarFile.open(SUITE.resolve("cars/exhaustive/exhaustive_127.car"))) {
            AtomicInteger reads = new AtomicInteger();
            BlockSource counting = cid -> {
                reads.incrementAndGet();
                return a.get(cid);
            };
            TreeDiff.Counts n = new TreeDiff.Counts();
            TreeDiff.diff(counting, a.roots().get(0), counting, a.roots().get(0), n);
            assertThat(n.added + n.updated + n.deleted).isZero();
            assertThat(reads.get()).isZero();
        }
    }

    private static BlockSource recording(CarFile car, List<String> reads) {
        return cid -> {
            reads.add(cid.toString());
            return car.get(cid);
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.asText();
    }
}
