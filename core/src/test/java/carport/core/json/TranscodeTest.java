package carport.core.json;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.CarBlocks;
import carport.core.cbor.CborException;
import carport.core.cbor.DagCbor;
import carport.core.cbor.GenericCborFeatures;
import carport.core.cid.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CBOR → JSON straight from bytes must equal toJson(decode(bytes)), and fail exactly where decode fails. */
class TranscodeTest {
    static Stream<Arguments> committedBlocks() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestData.path("dag-cbor"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".dag-cbor") || n.endsWith(".cbor")) {
                    out.add(Arguments.of(TestData.path("dag-cbor").relativize(f).toString(), Files.readAllBytes(f)));
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(100);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedBlocks")
    void transcodeEqualsToJsonOfDecode(String name, byte[] data) {
        if (GenericCborFeatures.of(data).isEmpty()) {
            assertSameJson(data);
        } else {
            assertThatThrownBy(() -> AtJson.transcode(data, 0, data.length, false)).isInstanceOf(CborException.class);
        }
    }

    static Stream<Arguments> realCars() throws IOException {
        Path dir = Paths.get("..", "..", "shared", "testdata", "cars").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = Paths.get("/work/shared/testdata/cars");
        }
        List<Arguments> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".car")).sorted().forEach(p -> out.add(Arguments.of(p)));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of((Path) null));
        }
        return out.stream();
    }

    /** Real repositories from the shared test data (not committed here: they are large). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("realCars")
    void everyBlockOfARealCarDecodesReencodesAndTranscodesIdentically(Path car) throws IOException {
        Assumptions.assumeTrue(car != null, "shared test CARs not present");
        int n = 0;
        for (CarBlocks.Block b : CarBlocks.read(car)) {
            if (b.cid.codec() != Cid.DAG_CBOR) {
                continue;
            }
            assertThat(b.cid.isDigestOf(b.data, 0, b.data.length)).as("%s hash", b.cid).isTrue();
            Object v = DagCbor.decode(b.data);
            assertThat(DagCbor.encode(v)).as("%s re-encodes", b.cid).isEqualTo(b.data);
            assertSameJson(b.data);
            n++;
        }
        assertThat(n).isPositive();
    }

    static Stream<Arguments> awkwardValues() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        every.append("\u00e9\u2028\u2029\ud83d\ude02\uffff\u0800");
        String all = every.toString();
        Cid cid = Cid.of(Cid.DAG_CBOR, new byte[] {1, 2, 3});
        java.util.Map<String, Object> keys = new java.util.TreeMap<>();
        for (int c = 0; c < 0x80; c += 7) {
            keys.put("k" + (char) c, (long) c);
        }
        keys.put(all, all);
        keys.put("\ud83d\ude02", "emoji key");
        return Stream.of(
                Arguments.of("every ASCII character and some others as text", all),
                Arguments.of("awkward map keys", keys),
                Arguments.of("numbers", List.of(0L, -1L, 9L, 10L, -10L, 1234567890123L, Long.MIN_VALUE, Long.MAX_VALUE)),
                Arguments.of("empty containers", java.util.Map.of("a", List.of(), "b", java.util.Map.of(),
                        "c", List.of(List.of(), java.util.Map.of()))),
                Arguments.of("bytes and links", java.util.Map.of("b", new byte[] {0, (byte) 0xff, 1},
                        "e", new byte[0], "l", cid, "ls", List.of(cid, cid), "n", java.util.Map.of("x", new byte[] {7}))),
                Arguments.of("scalars in arrays", List.of(true, false, "s", List.of(new byte[] {1}), cid, "")),
                Arguments.of("a bare link", cid),
                Arguments.of("bare bytes", new byte[] {1, 2, 3, 4}),
                Arguments.of("a bare string", "x\"y\\z"),
                Arguments.of("null in a map", new java.util.HashMap<String, Object>(java.util.Collections.singletonMap("n", null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardValues")
    void awkwardValuesTranscodeLikeTheGenerator(String name, Object value) {
        assertSameJson(DagCbor.encode(value));
    }

    private static void assertSameJson(byte[] data) {
        Object v = DagCbor.decode(data);
        for (boolean pretty : new boolean[] {false, true}) {
            String expected = AtJson.toJson(v, pretty);
            assertThat(AtJson.transcode(data, 0, data.length, pretty)).isEqualTo(expected);
            if (!pretty && !(v instanceof byte[]) && !(v instanceof Cid)) {
                // JSON of the model back to the model: same bytes again (links, bytes, unicode survive)
                assertThat(DagCbor.encode(AtJson.fromJson(expected))).isEqualTo(data);
            }
        }
    }
}
