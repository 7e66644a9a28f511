package carport.core.mst;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DavidBuchanan314/mst-test-suite: 128 exhaustive subset trees and their pairwise diffs. */
class MstTestSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BASE_KEYS = List.of("k/00", "k/02", "k/04", "k/39", "k/40", "k/48", "k/49");
    private static final Map<String, Tree> TREES = new HashMap<>();

    /** What one walk of a suite CAR saw. */
    record Tree(Cid root, TreeMap<String, Cid> leaves, Set<String> nodes, List<String> problems, List<Cid> missing,
            int blocks) {}

    static synchronized Tree tree(String relative) throws IOException {
        Tree t = TREES.get(relative);
        if (t == null) {
            t = walk(TestData.path("mst-test-suite/" + relative));
            TREES.put(relative, t);
        }
        return t;
    }

    static Tree walk(Path file) throws IOException {
        try (CarFile car = CarFile.open(file)) {
            assertThat(car.verifyAll(1)).isEmpty();
            Cid root = car.roots().get(0);
            TreeMap<String, Cid> leaves = new TreeMap<>();
            Set<String> nodes = new TreeSet<>();
            List<String> problems = new ArrayList<>();
            List<Cid> missing = new ArrayList<>();
            MstWalker.walk(car, root, new MstVisitor() {
                @Override
                public void leaf(byte[] key, Cid value) {
                    leaves.put(new String(key, StandardCharsets.UTF_8), value);
                }

                @Override
                public void node(Cid cid, MstNode node, int layer) {
                    nodes.add(cid.toString());
                }

                @Override
                public void missingNode(Cid cid) {
                    missing.add(cid);
                }

                @Override
                public void problem(String message) {
                    problems.add(message);
                }
            }, MstWalker.Options.STRUCTURE);
            return new Tree(root, leaves, nodes, problems, missing, car.blockCount());
        }
    }

    static Stream<Integer> exhaustive() {
        return IntStream.range(0, 128).boxed();
    }

    @ParameterizedTest
    @MethodSource("exhaustive")
    void exhaustiveTreePassesTheStructureCheckAndHoldsItsSubsetOfKeys(int n) throws IOException {
        Tree t = tree(String.format("cars/exhaustive/exhaustive_%03d.car", n));
        assertThat(t.problems()).isEmpty();
        assertThat(t.missing()).isEmpty();
        assertThat(BASE_KEYS).containsAll(t.leaves().keySet());
        // every block in these canonical CARs is an MST node of the tree
        assertThat(t.nodes()).hasSize(t.blocks());
        // rebuilding the same (key, value) pairs gives the same root: the tree is canonical
        TestTrees rebuilt = new TestTrees();
        assertThat(rebuilt.build(t.leaves())).isEqualTo(t.root());
    }

    static List<String> diffCases() throws IOException {
        try (Stream<Path> s = Files.list(TestData.path("mst-test-suite/tests/diff/exhaustive"))) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("diffCases")
    void nodeSetsAndLeafDifferencesMatchTheDiffCase(String name) throws IOException {
        JsonNode c = JSON.readTree(TestData.path("mst-test-suite/tests/diff/exhaustive/" + name).toFile());
        assertThat(c.get("$type").asText()).isEqualTo("mst-diff");
        Tree a = tree(c.get("inputs").get("mst_a").asText().substring(2));
        Tree b = tree(c.get("inputs").get("mst_b").asText().substring(2));
        JsonNode r = c.get("results");

        Set<String> created = new TreeSet<>(b.nodes());
        created.removeAll(a.nodes());
        Set<String> deleted = new TreeSet<>(a.nodes());
        deleted.removeAll(b.nodes());
        assertThat(created).isEqualTo(strings(r.get("created_nodes")));
        assertThat(deleted).isEqualTo(strings(r.get("deleted_nodes")));

        List<String> ops = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.leaves().keySet());
        keys.addAll(b.leaves().keySet());
        for (String k : keys) {
            Cid old = a.leaves().get(k);
            Cid now = b.leaves().get(k);
            if (!Objects.equals(old, now)) {
                ops.add(k + " " + old + " " + now);
            }
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode op : r.get("record_ops")) {
            expected.add(op.get("rpath").asText() + " " + text(op.get("old_value")) + " " + text(op.get("new_value")));
        }
        assertThat(ops).isEqualTo(expected);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.asText();
    }
}
