package carport.core.mst;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Mst} against the mst-test-suite (DavidBuchanan314): building each of the 128 exhaustive trees from its
 * entries gives its root, and applying a diff case's record operations to tree A gives tree B's root and
 * exactly the case's created nodes as new blocks. Trees built by the official TypeScript library are checked
 * in {@link MstReferenceTreesTest}.
 */
class MstTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Integer> exhaustive() {
        return IntStream.range(0, 128).boxed();
    }

    @ParameterizedTest
    @MethodSource("exhaustive")
    void buildingTheEntriesOfASuiteTreeGivesItsRootAndBlocks(int n) throws IOException {
        MstTestSuiteTest.Tree t = MstTestSuiteTest.tree(String.format("cars/exhaustive/exhaustive_%03d.car", n));
        Mst built = Mst.build(t.leaves().entrySet());
        assertThat(built.root()).isEqualTo(t.root());
        assertThat(built.newBlocks().keySet().stream().map(Cid::toString).toList())
                .containsExactlyInAnyOrderElementsOf(t.nodes());
        Mst inserted = Mst.empty();
        List<String> keys = new ArrayList<>(t.leaves().keySet());
        Collections.shuffle(keys, new Random(n));
        for (String k : keys) {
            inserted = inserted.put(k, t.leaves().get(k));
        }
        assertThat(inserted.root()).isEqualTo(t.root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("carport.core.mst.MstTestSuiteTest#diffCases")
    void applyingADiffCaseToTreeAGivesTreeBAndExactlyTheCreatedNodes(String name) throws IOException {
        JsonNode c = JSON.readTree(TestData.path("mst-test-suite/tests/diff/exhaustive/" + name).toFile());
        String a = c.at("/inputs/mst_a").asText().substring(2);
        MstTestSuiteTest.Tree b = MstTestSuiteTest.tree(c.at("/inputs/mst_b").asText().substring(2));
        try (CarFile car = CarFile.open(TestData.path("mst-test-suite/" + a))) {
            Mst tree = Mst.load(car, car.roots().get(0));
            for (JsonNode op : c.at("/results/record_ops")) {
                JsonNode v = op.get("new_value");
                tree = v == null || v.isNull() ? tree.delete(op.get("rpath").asText())
                        : tree.put(op.get("rpath").asText(), Cid.parse(v.asText()));
            }
            assertThat(tree.root()).isEqualTo(b.root());
            Set<String> created = new TreeSet<>();
            c.at("/results/created_nodes").forEach(x -> created.add(x.asText()));
            Set<String> written = new TreeSet<>();
            tree.newBlocks().keySet().forEach(x -> written.add(x.toString()));
            if (!tree.root().equals(car.roots().get(0))) {
                assertThat(written).isEqualTo(created);
            }
        }
    }

    @Test
    void putDeleteAndGetKeepTheCanonicalTreeAcrossHeights() {
        TreeMap<String, Cid> expected = new TreeMap<>();
        Mst tree = Mst.empty();
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        keys.addAll(TestTrees.keysAtHeight("app.bsky.feed.post/a", 0, 300));
        keys.addAll(TestTrees.keysAtHeight("app.bsky.feed.post/b", 1, 40));
        keys.addAll(TestTrees.keysAtHeight("app.bsky.feed.like/c", 2, 6));
        keys.addAll(TestTrees.keysAtHeight("app.bsky.graph.follow/d", 3, 2));
        for (int step = 0; step < 2000; step++) {
            String k = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) == 0) {
                expected.remove(k);
                tree = tree.delete(k);
            } else {
                Cid v = TestTrees.value(k + step);
                expected.put(k, v);
                tree = tree.put(k, v);
            }
            if (step % 97 == 0) {
                assertThat(tree.root()).isEqualTo(Mst.build(expected.entrySet()).root());
            }
        }
        assertThat(tree.root()).isEqualTo(Mst.build(expected.entrySet()).root());
        for (String k : keys) {
            assertThat(tree.get(k)).isEqualTo(java.util.Optional.ofNullable(expected.get(k)));
        }
        Map<String, Cid> seen = new TreeMap<>();
        tree.forEach(seen::put);
        assertThat(seen).isEqualTo(expected);
        // a tree reloaded from its own blocks edits to the same roots
        Map<Cid, byte[]> blocks = new HashMap<>(tree.newBlocks());
        Mst reloaded = Mst.load(blocks::get, tree.root());
        String first = expected.firstKey();
        assertThat(reloaded.delete(first).root()).isEqualTo(tree.delete(first).root());
        assertThat(reloaded.put("zzz/new", TestTrees.value("n")).root())
                .isEqualTo(tree.put("zzz/new", TestTrees.value("n")).root());
        // and reports only the nodes the edit changed
        assertThat(reloaded.delete(first).newBlocks()).hasSizeLessThan(blocks.size());
        for (String k : new ArrayList<>(expected.keySet())) {
            tree = tree.delete(k);
        }
        assertThat(tree.root()).isEqualTo(Mst.empty().root());
    }

    @Test
    void theEmptyTreeHasTheEmptyNodeAsRoot() {
        // an empty MST is one node {e: [], l: null}
        assertThat(Mst.empty().root().toString())
                .isEqualTo("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
        assertThat(Mst.build(List.of()).root()).isEqualTo(Mst.empty().root());
        assertThat(Mst.empty().newBlocks()).containsOnlyKeys(Mst.empty().root());
        assertThat(Mst.empty().delete("a/b")).isNotNull();
    }

    @Test
    void buildRefusesUnsortedOrEmptyKeys() {
        Cid v = TestTrees.value("x");
        assertThatThrownBy(() -> Mst.build(List.of(Map.entry("b/1", v), Map.entry("a/1", v))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increasing");
        assertThatThrownBy(() -> Mst.build(List.of(Map.entry("a/1", v), Map.entry("a/1", v))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mst.empty().put("", v)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingNodeIsReportedWhenAnEditNeedsIt() {
        TreeMap<String, Cid> m = new TreeMap<>();
        for (String k : TestTrees.keysAtHeight("a/", 0, 50)) {
            m.put(k, TestTrees.value(k));
        }
        m.put(TestTrees.keysAtHeight("a/", 1, 1).get(0), TestTrees.value("h1"));
        Mst built = Mst.build(m.entrySet());
        Map<Cid, byte[]> blocks = new HashMap<>(built.newBlocks());
        blocks.keySet().removeIf(c -> !c.equals(built.root()));
        Mst partial = Mst.load(blocks::get, built.root());
        assertThatThrownBy(() -> partial.put(TestTrees.keysAtHeight("a/z", 0, 1).get(0), TestTrees.value("z")).root())
                .isInstanceOf(MstException.class).hasMessageContaining("is missing");
    }
}
