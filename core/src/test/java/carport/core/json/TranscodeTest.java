package carport.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.CarBlocks;
import carport.core.cbor.CborException;
import carport.core.cbor.DagCbor;
import carport.core.cbor.GenericCborFeatures;
import carport.core.cbor.TestFiles;
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
        try (Stream<Path> files = Files.walk(TestFiles.path("dag-cbor"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".dag-cbor") || n.endsWith(".cbor")) {
                    out.add(Arguments.of(TestFiles.path("dag-cbor").relativize(f).toString(), Files.readAllBytes(f)));
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
