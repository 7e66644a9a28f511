package carport.core.car;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CarFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<String> realCars() {
        return TestData.realCars().toList();
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void lookingUpManyCidsAtOnceAnswersAsOneAtATime(String name) throws IOException {
        try (CarFile car = CarFile.open(TestData.path("cars/" + name))) {
            // every section's CID (repeats give their first section), in file order, shuffled, and absent ones
            List<Cid> cids = new ArrayList<>();
            for (int i = 0; i < car.sectionCount(); i++) {
                cids.add(car.cidAt(i));
                if (i % 7 == 0) {
                    cids.add(Cid.of(Cid.DAG_CBOR, new byte[] {(byte) i, 1, 2}));
                }
            }
            cids.add(Cid.of(Cid.RAW, car.block(0)));
            cids.add(Cid.parseLenient("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"));
            List<Cid> shuffled = new ArrayList<>(cids);
            java.util.Collections.shuffle(shuffled, new java.util.Random(7));
            for (List<Cid> list : List.of(cids, shuffled)) {
                for (int from = 0; from < list.size(); from += 100) {
                    int n = Math.min(100, list.size() - from);
                    Cid[] batch = list.subList(from, from + n).toArray(new Cid[0]);
                    int[] out = new int[n];
                    car.indexOfAll(batch, n, out);
                    for (int k = 0; k < n; k++) {
                        assertThat(out[k]).as("%s", batch[k]).isEqualTo(car.indexOf(batch[k]));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void realCarSectionCountsRootsAndHashesMatchTheSummary(String name) throws IOException {
        JsonNode s = JSON.readTree(TestData.path("cars/derived/" + name + ".summary.json").toFile());
        try (CarFile car = CarFile.open(TestData.path("cars/" + name))) {
            assertThat(car.sectionCount()).isEqualTo(s.get("block_sections").asInt());
            assertThat(car.blockCount()).isEqualTo(s.get("unique_blocks").asInt());
            assertThat(car.duplicateSectionCount()).isEqualTo(s.get("duplicate_block_sections").asInt());
            assertThat(car.size()).isEqualTo(s.get("size_bytes").asLong());
            List<String> roots = new ArrayList<>();
            s.get("roots").forEach(r -> roots.add(r.asText()));
            assertThat(car.roots()).extracting(Cid::toString).isEqualTo(roots);
            assertThat(car.verifyAll(2)).isEmpty();
            assertThat(car.verifyAll(1)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void tinyMappingChunksGiveTheSameBlocksAsOneMapping(String name) throws IOException {
        Path p = TestData.path("cars/" + name);
        try (CarFile whole = CarFile.open(p); CarFile chunked = CarFile.open(p, 8, 64)) {
            assertThat(chunked.sectionCount()).isEqualTo(whole.sectionCount());
            for (int i = 0; i < whole.sectionCount(); i++) {
                Cid cid = whole.cidAt(i);
                assertThat(chunked.cidAt(i)).isEqualTo(cid);
                assertThat(chunked.block(i)).isEqualTo(whole.block(i));
                assertThat(chunked.get(cid)).isEqualTo(whole.get(cid));
                byte[] viaBuffer = new byte[chunked.blockLength(i)];
                chunked.blockBuffer(i).get(viaBuffer);
                assertThat(viaBuffer).isEqualTo(whole.block(i));
            }
            assertThat(chunked.verifyAll(2)).isEmpty();
        }
    }

    @Test
    void atprotoTsCarFixturesReadBackTheSameBlocksInOrder() throws IOException {
        JsonNode fixtures = JSON.readTree(TestData.path("cars/synthetic/atproto-ts-repo-car-file-fixtures.json").toFile());
        assertThat(fixtures.size()).isPositive();
        int n = 0;
        for (JsonNode f : fixtures) {
            Path file = Files.write(tmp.resolve("fixture" + n++ + ".car"), Base64.getDecoder().decode(f.get("car").asText()));
            try (CarFile car = CarFile.open(file)) {
                assertThat(car.roots()).containsExactly(Cid.parse(f.get("root").asText()));
                JsonNode blocks = f.get("blocks");
                assertThat(car.sectionCount()).isEqualTo(blocks.size());
                for (int i = 0; i < blocks.size(); i++) {
                    Cid cid = Cid.parse(blocks.get(i).get("cid").asText());
                    byte[] bytes = Base64.getDecoder().decode(blocks.get(i).get("bytes").asText());
                    assertThat(car.cidAt(i)).isEqualTo(cid);
                    assertThat(car.block(i)).isEqualTo(bytes);
                    assertThat(car.get(cid)).isEqualTo(bytes);
                }
                assertThat(car.verifyAll(1)).isEmpty();
            }
        }
    }

    @Test
    void duplicateSectionsAreCountedOnceAndLookupsReturnTheFirst() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        byte[] b = DagCbor.encode(Map.of("b", 2L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        Cid ca = w.add(a);
        Cid cb = w.add(b);
        w.add(a);
        w.add(a);
        try (CarFile car = CarFile.open(w.write(tmp.resolve("dup.car")))) {
            assertThat(car.sectionCount()).isEqualTo(4);
            assertThat(car.blockCount()).isEqualTo(2);
            assertThat(car.duplicateSectionCount()).isEqualTo(2);
            assertThat(car.indexOf(ca)).isZero();
            assertThat(car.indexOf(cb)).isEqualTo(1);
            assertThat(car.isFirstOccurrence(2)).isFalse();
            assertThat(car.get(cb)).isEqualTo(b);
            assertThat(car.get(Cid.of(Cid.DAG_CBOR, new byte[] {1}))).isNull();
            // same digest, other codec: a different CID
            assertThat(car.get(Cid.of(Cid.RAW, a))).isNull();
        }
    }

    @Test
    void lookupsInFileOrderNeverReturnALaterDuplicate() throws IOException {
        // lookups try the section after the last one found first: here that section repeats an earlier CID
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        byte[] b = DagCbor.encode(Map.of("b", 2L));
        byte[] c = DagCbor.encode(Map.of("c", 3L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        Cid ca = w.add(a);
        Cid cb = w.add(b);
        w.add(a);
        Cid cc = w.add(c);
        try (CarFile car = CarFile.open(w.write(tmp.resolve("dup-order.car")))) {
            assertThat(car.indexOf(cb)).isEqualTo(1);
            assertThat(car.indexOf(ca)).isZero();
            assertThat(car.indexOf(cb)).isEqualTo(1);
            assertThat(car.indexOf(cb)).isEqualTo(1);
            assertThat(car.indexOf(cc)).isEqualTo(3);
            assertThat(car.indexOf(ca)).isZero();
            assertThat(car.indexOf(Cid.of(Cid.RAW, b))).isEqualTo(-1);
            assertThat(car.indexOf(cb)).isEqualTo(1);
            assertThat(car.isFirstOccurrence(0)).isTrue();
            assertThat(car.isFirstOccurrence(2)).isFalse();
            assertThat(car.isFirstOccurrence(3)).isTrue();
        }
    }

    @Test
    void repeatedCidsInACarWithManySectionsAreCountedAndFoundAtTheirFirstSection() throws IOException {
        // enough sections for the lookup table to be built region by region
        int n = 60_000;
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.RAW, new byte[] {0}));
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cids.add(w.add(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}));
        }
        for (int i = 0; i < n; i += 997) {
            w.add(cids.get(i), new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
        }
        int repeats = (n + 996) / 997;
        try (CarFile car = CarFile.fromBytes(w.bytes())) {
            assertThat(car.sectionCount()).isEqualTo(n + repeats);
            assertThat(car.blockCount()).isEqualTo(n);
            assertThat(car.duplicateSectionCount()).isEqualTo(repeats);
            for (int i = n - 1; i >= 0; i -= 7) {
                assertThat(car.indexOf(cids.get(i))).isEqualTo(i);
            }
            for (int i = 0; i < n; i += 997) {
                assertThat(car.indexOf(cids.get(i))).isEqualTo(i);
            }
            for (int s = 0; s < n + repeats; s++) {
                assertThat(car.isFirstOccurrence(s)).isEqualTo(s < n);
            }
            assertThat(car.verifyAll(2)).isEmpty();
        }
    }

    @Test
    void readBlockFillsAReusedBufferAndChecksTheCid() throws IOException {
        byte[] a = DagCbor.encode(Map.of("text", "a longer block than the next one"));
        byte[] b = DagCbor.encode(Map.of("t", "b"));
        byte[] c = DagCbor.encode(Map.of("t", "c"));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        w.add(a);
        w.add(b);
        byte[] bad = c.clone();
        bad[bad.length - 1] ^= 1;
        w.add(Cid.of(Cid.DAG_CBOR, c), bad);
        try (CarFile car = CarFile.open(w.write(tmp.resolve("reuse.car")))) {
            byte[] buf = new byte[64];
            assertThat(car.readBlock(0, buf)).isEqualTo(a.length);
            assertThat(Arrays.copyOf(buf, a.length)).isEqualTo(a);
            assertThat(car.readBlock(1, buf)).isEqualTo(b.length);
            assertThat(Arrays.copyOf(buf, b.length)).isEqualTo(b);
            assertThatThrownBy(() -> car.readBlock(2, buf)).isInstanceOf(CarFormatException.class)
                    .hasMessageContaining("does not match its CID");
        }
    }

    @Test
    void verifyAllChecksBlocksLargerThanItsCopyBufferAndTheSmallOnesAroundThem() throws IOException {
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, new byte[] {(byte) 0xa0}));
        List<Cid> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] block = DagCbor.encode(Map.of("i", (long) i, "pad", new byte[i % 10 == 3 ? 700_000 : 100 * i]));
            Cid cid = Cid.of(Cid.DAG_CBOR, block);
            if (i % 10 == 3 || i % 7 == 0) {
                block[block.length - 1] ^= 1;
                expected.add(cid);
            }
            w.add(cid, block);
        }
        Path file = w.write(tmp.resolve("large.car"));
        try (CarFile car = CarFile.open(file)) {
            assertThat(car.verifyAll(1)).extracting(CorruptBlock::cid).containsExactlyElementsOf(expected);
        }
        try (CarFile car = CarFile.open(file, 12, 64)) {
            assertThat(car.verifyAll(1)).extracting(CorruptBlock::cid).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aFlippedByteIsReportedByVerifyAllAndRefusedOnRead() throws IOException {
        byte[] a = DagCbor.encode(Map.of("text", "hello"));
        byte[] b = DagCbor.encode(Map.of("text", "world"));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        Cid ca = w.add(a);
        Cid cb = Cid.of(Cid.DAG_CBOR, b);
        byte[] tampered = b.clone();
        tampered[tampered.length - 1] ^= 1;
        w.add(cb, tampered);
        Path file = w.write(tmp.resolve("tampered.car"));
        try (CarFile car = CarFile.open(file)) {
            assertThat(car.get(ca)).isEqualTo(a);
            assertThatThrownBy(() -> car.get(cb)).isInstanceOf(CarFormatException.class)
                    .hasMessageContaining(cb.toString()).hasMessageContaining("does not match its CID");
        }
        try (CarFile car = CarFile.open(file)) {
            List<CorruptBlock> bad = car.verifyAll(2);
            assertThat(bad).extracting(CorruptBlock::cid).containsExactly(cb);
            assertThatThrownBy(() -> car.blockBuffer(1)).isInstanceOf(CarFormatException.class);
        }
    }

    @Test
    void aCorruptDuplicateSectionIsReportedToo() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        Cid ca = w.add(a);
        byte[] bad = a.clone();
        bad[1] ^= 0x20;
        w.add(ca, bad);
        try (CarFile car = CarFile.open(w.write(tmp.resolve("dup-bad.car")))) {
            assertThat(car.verifyAll(1)).extracting(CorruptBlock::offset).containsExactly(car.blockOffset(1));
            assertThat(car.get(ca)).isEqualTo(a);
        }
    }

    @Test
    void parallelVerificationFindsTheSameCorruptBlocksAsSingleThreaded() throws IOException {
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, new byte[] {(byte) 0xa0}));
        List<Cid> expected = new ArrayList<>();
        byte[] filler = new byte[600];
        for (int i = 0; i < 5000; i++) {
            byte[] block = DagCbor.encode(Map.of("i", (long) i, "pad", filler));
            Cid cid = Cid.of(Cid.DAG_CBOR, block);
            if (i % 997 == 0) {
                block[block.length - 1] ^= 1;
                expected.add(cid);
            }
            w.add(cid, block);
        }
        Path file = w.write(tmp.resolve("many.car"));
        try (CarFile one = CarFile.open(file); CarFile two = CarFile.open(file)) {
            assertThat(one.verifyAll(1)).extracting(CorruptBlock::cid).containsExactlyElementsOf(expected);
            assertThat(two.verifyAll(2)).extracting(CorruptBlock::cid).containsExactlyElementsOf(expected);
        }
    }

    // ------------------------------------------------------------------ malformed files, one-line errors

    private void assertOneLineError(byte[] content, String expected) throws IOException {
        Path file = Files.write(tmp.resolve("bad.car"), content);
        assertThatThrownBy(() -> CarFile.open(file).close()).isInstanceOf(CarFormatException.class)
                .hasMessageContaining(expected).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static byte[] header(Object version, Object roots) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        if (version != null) {
            m.put("version", version);
        }
        if (roots != null) {
            m.put("roots", roots);
        }
        return DagCbor.encode(m);
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        assertOneLineError(new byte[0], "empty");
    }

    @Test
    void versionsOtherThanOneAreRejected() throws IOException {
        assertOneLineError(new TestCars.Builder(header(42L, null)).bytes(), "unsupported CAR version 42");
        assertOneLineError(new TestCars.Builder(header(2L, null)).bytes(), "CARv2");
        assertOneLineError(new TestCars.Builder(header(null, List.of())).bytes(), "no version");
    }

    @Test
    void missingOrMistypedRootsAreRejected() throws IOException {
        assertOneLineError(new TestCars.Builder(header(1L, null)).bytes(), "no roots");
        assertOneLineError(new TestCars.Builder(header(1L, "x")).bytes(), "roots is not an array");
        assertOneLineError(new TestCars.Builder(header(1L, List.of("x"))).bytes(), "not a CID");
    }

    @Test
    void headerThatIsNotDagCborIsRejected() throws IOException {
        assertOneLineError(new TestCars.Builder(new byte[] {(byte) 0xff, 0x00}).bytes(), "invalid CAR header");
        assertOneLineError(new TestCars.Builder(new byte[] {0x01}).bytes(), "not a map");
    }

    @Test
    void hugeOrTruncatedHeaderLengthsAreRejected() throws IOException {
        assertOneLineError(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, "larger than the limit");
        assertOneLineError(new byte[] {0x20, (byte) 0xa2}, "truncated");
        assertOneLineError(new byte[] {0x00}, "header length is zero");
    }

    @Test
    void badVarintsAreRejected() throws IOException {
        byte[] h = header(1L, List.of());
        assertOneLineError(new TestCars.Builder(h).raw((byte) 0x81).bytes(), "incomplete section length");
        assertOneLineError(new TestCars.Builder(h).raw((byte) 0x80, (byte) 0x00).bytes(), "not a minimally encoded varint");
        byte[] tenBytes = new byte[10];
        java.util.Arrays.fill(tenBytes, (byte) 0xff);
        assertOneLineError(new TestCars.Builder(h).raw(tenBytes).bytes(), "not a valid varint");
    }

    @Test
    void zeroLengthSectionIsRejected() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        w.add(a);
        w.raw((byte) 0);
        assertOneLineError(w.bytes(), "zero-length section at offset");
    }

    @Test
    void truncatedTailAndOverlongSectionsAreRejected() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        w.add(a);
        byte[] whole = w.bytes();
        assertOneLineError(java.util.Arrays.copyOf(whole, whole.length - 1), "truncated");
        assertOneLineError(new TestCars.Builder(header(1L, List.of())).raw((byte) 0xff, (byte) 0xff, (byte) 0x03, (byte) 1)
                .bytes(), "needs 65535 bytes but only 1 remain");
    }

    @Test
    void sectionsTooShortForACidAreRejected() throws IOException {
        assertOneLineError(new TestCars.Builder(header(1L, List.of())).section(new byte[] {1, 0x71, 0x12}).bytes(),
                "unreadable CID");
    }

    @Test
    void nonAtprotoCidsAreRejected() throws IOException {
        byte[] h = header(1L, List.of());
        byte[] v0 = new byte[40];
        v0[0] = 0x12;
        v0[1] = 0x20;
        assertOneLineError(new TestCars.Builder(h).section(v0).bytes(), "CIDv0");
        byte[] blake = new byte[45];
        blake[0] = 1;
        blake[1] = 0x71;
        blake[2] = (byte) 0xa0;
        blake[3] = (byte) 0xe4;
        blake[4] = 0x02;
        blake[5] = 0x20;
        assertOneLineError(new TestCars.Builder(h).section(blake).bytes(), "multihash 0xb220");
        byte[] pb = new byte[40];
        pb[0] = 1;
        pb[1] = 0x70;
        pb[2] = 0x12;
        pb[3] = 0x20;
        assertOneLineError(new TestCars.Builder(h).section(pb).bytes(), "codec 0x70");
    }

    @Test
    void emptyRootsAndNoSectionsIsAValidCar() throws IOException {
        try (CarFile car = CarFile.open(Files.write(tmp.resolve("e.car"), new TestCars.Builder(header(1L, List.of())).bytes()))) {
            assertThat(car.roots()).isEmpty();
            assertThat(car.sectionCount()).isZero();
            assertThat(car.verifyAll(2)).isEmpty();
        }
    }

    @Test
    void extraHeaderFieldsAreTolerated() throws IOException {
        byte[] h = DagCbor.encode(Map.of("version", 1L, "roots", List.of(), "comment", "hi"));
        try (CarFile car = CarFile.open(Files.write(tmp.resolve("x.car"), new TestCars.Builder(h).bytes()))) {
            assertThat(car.roots()).isEmpty();
        }
    }
}
