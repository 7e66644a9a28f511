package carport.core.mst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.mst.TestTrees.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Trees built by hand that break one MST rule each: the walk must report exactly that. */
class MstForgeryTest {
    private static final List<String> H0 = TestTrees.keysAtHeight("app.bsky.feed.post/a", 0, 6);
    private static final List<String> H1 = TestTrees.keysAtHeight("app.bsky.feed.post/b", 1, 3);
    private static final List<String> H2 = TestTrees.keysAtHeight("app.bsky.feed.post/c", 2, 1);
    private static final List<String> H0_LATE = TestTrees.keysAtHeight("app.bsky.feed.post/z", 0, 2);

    private final TestTrees t = new TestTrees();

    /** Result of a collecting walk. */
    record Walk(List<String> keys, List<String> problems, List<Cid> missing) {}

    private Walk walk(Cid root, MstWalker.Options options) {
        List<String> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Cid> missing = new ArrayList<>();
        MstWalker.walk(t, root, new MstVisitor() {
            @Override
            public void leaf(byte[] key, Cid value) {
                keys.add(new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void missingNode(Cid cid) {
                missing.add(cid);
            }

            @Override
            public void problem(String message) {
                problems.add(message);
            }
        }, options);
        return new Walk(keys, problems, missing);
    }

    private Walk walk(Cid root) {
        return walk(root, MstWalker.Options.STRUCTURE);
    }

    private static Cid v(String k) {
        return TestTrees.value(k);
    }

    private static Entry e(String k) {
        return Entry.of(k, v(k), null);
    }

    private static Entry e(String k, Cid right) {
        return Entry.of(k, v(k), right);
    }

    private static TreeMap<String, Cid> map(List<String> keys) {
        TreeMap<String, Cid> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, v(k)));
        return m;
    }

    @Test
    void canonicalTreesWithEveryShapePassTheCheck() {
        List<String> all = new ArrayList<>(H0);
        all.addAll(H1);
        all.addAll(H2);
        TreeMap<String, Cid> m = map(all);
        Walk w = walk(t.build(m));
        assertThat(w.problems()).isEmpty();
        assertThat(w.keys()).containsExactlyElementsOf(m.keySet());
        // only a key of height 2 and keys of height 0: the tree needs empty intermediate nodes on layer 1
        TreeMap<String, Cid> gap = map(List.of(H0.get(0), H0.get(1), H2.get(0), H0.get(5)));
        Walk g = walk(t.build(gap));
        assertThat(g.problems()).isEmpty();
        assertThat(g.keys()).containsExactlyElementsOf(gap.keySet());
        assertThat(walk(t.build(new TreeMap<>())).problems()).isEmpty();
    }

    @Test
    void keyOnTheWrongLayerIsReported() {
        List<String> ks = new ArrayList<>(List.of(H0.get(0), H1.get(0)));
        ks.sort(null);
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(ks.get(0)), e(ks.get(1)))));
        assertThat(walk(root).problems()).singleElement().asString().contains("has height").contains("on layer");
    }

    @Test
    void subtreeThatSkipsALayerIsReported() {
        // a height-2 root whose left subtree holds height-0 keys directly, without the empty layer-1 node
        String top = H2.get(0);
        List<String> below = H0.stream().filter(k -> k.compareTo(top) < 0).limit(1).toList();
        assertThat(below).isNotEmpty();
        Cid leafNode = t.put(TestTrees.encodeCompressed(null, List.of(e(below.get(0)))));
        Cid root = t.put(TestTrees.encodeCompressed(leafNode, List.of(e(top))));
        assertThat(walk(root).problems()).singleElement().asString().contains("has height 0").contains("on layer 1");
        // the canonical form with the intermediate node passes
        Cid middle = t.put(TestTrees.encodeCompressed(leafNode, List.of()));
        Cid good = t.put(TestTrees.encodeCompressed(middle, List.of(e(top))));
        assertThat(walk(good).problems()).isEmpty();
        assertThat(good).isEqualTo(new TestTrees().build(map(List.of(below.get(0), top))));
    }

    @Test
    void unsortedKeysAreReportedAndNotHandedOut() {
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(H0.get(1)), e(H0.get(0)))));
        Walk w = walk(root);
        assertThat(w.problems()).singleElement().asString().contains("out of order");
        assertThat(w.keys()).containsExactly(H0.get(1));
        // key order is checked even without the structure rules
        assertThat(walk(root, MstWalker.Options.LENIENT).problems()).singleElement().asString().contains("out of order");
    }

    @Test
    void subtreeKeysOutsideTheirRangeAreReported() {
        String top = H1.get(0);
        String smaller = H0.stream().filter(k -> k.compareTo(top) < 0).findFirst().orElseThrow();
        Cid right = t.put(TestTrees.encodeCompressed(null, List.of(e(smaller))));
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(top, right))));
        assertThat(walk(root).problems()).singleElement().asString().contains("out of order");
    }

    @Test
    void nonMaximalPrefixCompressionIsReported() {
        byte[] a = H0.get(0).getBytes(StandardCharsets.UTF_8);
        byte[] b = H0.get(1).getBytes(StandardCharsets.UTF_8);
        int cp = MstKeys.commonPrefixLength(a, b);
        assertThat(cp).isGreaterThan(2);
        Entry first = new Entry(0, a, v(H0.get(0)), null);
        Entry second = new Entry(cp - 2, Arrays.copyOfRange(b, cp - 2, b.length), v(H0.get(1)), null);
        Cid root = t.put(TestTrees.encodeRaw(null, List.of(first, second)));
        Walk w = walk(root);
        assertThat(w.keys()).containsExactly(H0.get(0), H0.get(1));
        assertThat(w.problems()).singleElement().asString().contains("prefix length " + (cp - 2))
                .contains("shares " + cp);
    }

    @Test
    void emptySubtreeNodeIsReported() {
        String top = H1.get(0);
        Cid empty = t.put(TestTrees.encodeCompressed(null, List.of()));
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(top, empty))));
        assertThat(walk(root).problems()).singleElement().asString().contains("is empty and links to nothing");
    }

    @Test
    void emptyRootOverASubtreeIsReported() {
        Cid leafNode = t.put(TestTrees.encodeCompressed(null, List.of(e(H0.get(0)))));
        Cid root = t.put(TestTrees.encodeCompressed(leafNode, List.of()));
        Walk w = walk(root);
        assertThat(w.problems()).singleElement().asString().contains("only links to a subtree");
        assertThat(w.keys()).containsExactly(H0.get(0));
    }

    @Test
    void subtreeBelowLayerZeroIsReported() {
        Cid child = t.put(TestTrees.encodeCompressed(null, List.of(e(H0.get(1)))));
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(H0.get(0), child))));
        assertThat(walk(root).problems()).anySatisfy(p -> assertThat(p).contains("is on layer 0 but links to subtree"));
    }

    @Test
    void missingNodesAreReportedAndTheRestIsWalked() {
        String top = H1.get(0);
        List<String> before = H0.stream().filter(k -> k.compareTo(top) < 0).limit(1).toList();
        List<String> after = H0_LATE;
        TreeMap<String, Cid> m = map(List.of(before.get(0), top, after.get(0)));
        Cid root = t.build(m);
        Cid leftNode = t.put(TestTrees.encodeCompressed(null, List.of(e(before.get(0)))));
        t.blocks.remove(leftNode);
        Walk w = walk(root);
        assertThat(w.missing()).containsExactly(leftNode);
        assertThat(w.problems()).isEmpty();
        assertThat(w.keys()).containsExactly(top, after.get(0));
        // the default visitor is strict
        assertThatThrownBy(() -> MstWalker.walk(t, root, (k, val) -> {}, MstWalker.Options.STRUCTURE))
                .isInstanceOf(MstException.class).hasMessageContaining(leftNode + " is missing");
    }

    @Test
    void missingRootIsReportedAsMissing() {
        Cid nowhere = TestTrees.value("nowhere");
        assertThat(walk(nowhere).missing()).containsExactly(nowhere);
    }

    @Test
    void keyCheckRejectsKeysThatAreNotAccepted() {
        Cid root = t.put(TestTrees.encodeCompressed(null, List.of(e(H0.get(0)))));
        MstWalker.Options o = new MstWalker.Options(true, k -> "no thanks");
        assertThat(walk(root, o).problems()).singleElement().asString().contains("no thanks");
    }

    @Test
    void aDagThatReusesSubtreesCannotMakeTheWalkExplode() {
        // each level links both sides to the same child: 2^60 paths without the safeguards
        Cid child = t.put(TestTrees.encodeCompressed(null, List.of(e("k/000"))));
        for (int i = 1; i <= 60; i++) {
            child = t.put(TestTrees.encodeCompressed(child, List.of(e(String.format("k/%03d", i), child))));
        }
        Cid root = child;
        Walk w = walk(root, MstWalker.Options.LENIENT);
        assertThat(w.problems()).hasSizeLessThanOrEqualTo(MstWalker.MAX_PROBLEMS + 1).isNotEmpty();
        assertThat(w.problems().get(w.problems().size() - 1)).contains("stopped after");
        assertThatThrownBy(() -> MstWalker.walk(t, root, (k, val) -> {}, MstWalker.Options.LENIENT))
                .isInstanceOf(MstException.class).hasMessageContaining("out of order");
    }

    // ------------------------------------------------------------------------------ node decoding

    private static byte[] node(Map<String, Object> fields) {
        return DagCbor.encode(fields);
    }

    private static Map<String, Object> entry(Object k, Object p, Object t, Object v) {
        Map<String, Object> m = new HashMap<>();
        m.put("k", k);
        m.put("p", p);
        m.put("t", t);
        m.put("v", v);
        return m;
    }

    private static Map<String, Object> nodeMap(Object l, Object... entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", List.of(entries));
        m.put("l", l);
        return m;
    }

    @Test
    void decodingAcceptsTheCanonicalSchema() {
        Cid val = v("x");
        MstNode n = MstNode.decode(node(nodeMap(null, entry("ab".getBytes(), 0L, null, val),
                entry("c".getBytes(), 1L, null, val))));
        assertThat(n.size()).isEqualTo(2);
        assertThat(new String(n.key(1), StandardCharsets.UTF_8)).isEqualTo("ac");
        assertThat(n.prefixLength(1)).isEqualTo(1);
        assertThat(n.value(0)).isEqualTo(val);
        assertThat(n.left()).isNull();
    }

    @Test
    void decodingRejectsSchemaViolationsWithAReason() {
        Cid val = v("x");
        Map<String, Object> extra = nodeMap(null, entry("a".getBytes(), 0L, null, val));
        extra.put("z", 1L);
        assertDecodeFails(node(extra), "unexpected field z");
        Map<String, Object> noT = entry("a".getBytes(), 0L, null, val);
        noT.remove("t");
        assertDecodeFails(node(nodeMap(null, noT)), "entry 0 has no field t");
        Map<String, Object> noL = new LinkedHashMap<>();
        noL.put("e", List.of());
        assertDecodeFails(node(noL), "has no field l");
        assertDecodeFails(node(nodeMap(null, entry("a".getBytes(), 1L, null, val))), "first entry has prefix length 1");
        assertDecodeFails(node(nodeMap(null, entry("a".getBytes(), 0L, null, val), entry("b".getBytes(), 2L, null, val))),
                "previous key has only 1 bytes");
        assertDecodeFails(node(nodeMap(null, entry("a", 0L, null, val))), "field k is not a byte string");
        assertDecodeFails(node(nodeMap(null, entry("a".getBytes(), -1L, null, val))), "field p");
        assertDecodeFails(node(nodeMap(null, entry("a".getBytes(), 0L, null, null))), "field v is not a CID link");
        assertDecodeFails(node(nodeMap(Cid.of(Cid.RAW, new byte[] {1}))), "not a dag-cbor");
        assertDecodeFails(node(nodeMap("x")), "field l is not a CID link");
        assertDecodeFails(DagCbor.encode(List.of()), "not a map");
    }

    @Test
    void decodingRejectsNonCanonicalOrTruncatedCbor() {
        byte[] good = node(nodeMap(null, entry("a".getBytes(), 0L, null, v("x"))));
        assertDecodeFails(Arrays.copyOf(good, good.length - 1), "invalid MST node");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertDecodeFails(trailing, "invalid MST node");
        // p written as a two-byte integer: not minimal
        byte[] nonMinimal = node(nodeMap(null, entry("a".getBytes(), 0L, null, v("x"))));
        int p = indexOf(nonMinimal, new byte[] {0x61, 'p', 0x00});
        byte[] widened = new byte[nonMinimal.length + 1];
        System.arraycopy(nonMinimal, 0, widened, 0, p + 2);
        widened[p + 2] = 0x18;
        widened[p + 3] = 0x00;
        System.arraycopy(nonMinimal, p + 3, widened, p + 4, nonMinimal.length - p - 3);
        assertDecodeFails(widened, "invalid MST node");
    }

    @Test
    void leafValuesMayBeForeignCidsButSubtreeLinksMayNot() {
        byte[] cidv0 = new byte[34];
        cidv0[0] = 0x12;
        cidv0[1] = 0x20;
        Cid foreign = Cid.fromBytesLenient(cidv0, 0, 34);
        MstNode n = MstNode.decode(node(nodeMap(null, entry("a".getBytes(), 0L, null, foreign))));
        assertThat(n.value(0)).isEqualTo(foreign);
        assertDecodeFails(node(nodeMap(null, entry("a".getBytes(), 0L, foreign, v("x")))), "invalid MST node");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static void assertDecodeFails(byte[] block, String expected) {
        assertThatThrownBy(() -> MstNode.decode(block)).isInstanceOf(MstException.class).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
