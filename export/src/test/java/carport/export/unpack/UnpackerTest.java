package carport.export.unpack;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.repo.RepoReader;
import carport.core.repo.TestRepo;
import carport.core.syntax.Did;
import carport.core.syntax.RepoPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnpackerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<String> realCars() {
        return TestData.realCars();
    }

    /** One line of derived/<car>.mst.tsv: key, record CID, block length or -1 if the CAR lacks it. */
    record Leaf(String key, String cid, int length) {}

    static List<Leaf> leaves(String car) throws IOException {
        List<Leaf> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.path("cars/derived/" + car + ".mst.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Leaf(f[0], f[1], Integer.parseInt(f[2])));
        }
        return out;
    }

    private Unpacker.Result unpack(Path car, Path dir, Unpacker.Options options) throws IOException {
        try (RepoReader r = RepoReader.open(car)) {
            return Unpacker.unpack(r, dir, options);
        }
    }

    private static Set<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void everyPresentRecordBecomesAFileWhoseJsonRoundTripsToTheBlock(String name) throws IOException {
        Path car = TestData.path("cars/" + name);
        Path dir = tmp.resolve("out");
        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults());

        List<Leaf> leaves = leaves(name);
        long present = leaves.stream().filter(l -> l.length() >= 0).count();
        assertThat(r.records()).isGreaterThanOrEqualTo(present);
        assertThat(r.written()).isEqualTo(present);
        assertThat(r.invalid()).isZero();
        assertThat(r.missingRecords()).isEqualTo(leaves.size() - present);
        assertThat(r.target()).isEqualTo(dir.resolve(r.did().toString()));
        // DIR holds the DID folder and nothing else: no staging folder, lock or trash left behind
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(r.did().toString());
        }

        Set<String> expectedFiles = new TreeSet<>();
        expectedFiles.add(Unpacker.COMMIT_FILE);
        try (CarFile cf = CarFile.open(car)) {
            for (Leaf l : leaves) {
                if (l.length() < 0) {
                    continue;
                }
                String rel = RecordFileNames.PLAIN.relativePath(RepoPath.parse(l.key()));
                expectedFiles.add(rel);
                byte[] block = cf.get(Cid.parse(l.cid()));
                String text = Files.readString(r.target().resolve(rel), StandardCharsets.UTF_8);
                assertThat(text).isEqualTo(AtJson.toJson(DagCbor.decode(block), true) + "\n");
                assertThat(DagCbor.encode(AtJson.fromJson(text))).as(l.key()).isEqualTo(block);
            }
            byte[] commitBlock = cf.get(cf.roots().get(0));
            String commitJson = Files.readString(r.target().resolve(Unpacker.COMMIT_FILE));
            assertThat(DagCbor.encode(AtJson.fromJson(commitJson))).isEqualTo(commitBlock);
            JsonNode c = JSON.readTree(commitJson);
            assertThat(c.get("did").asText()).isEqualTo(r.did().toString());
            assertThat(c.get("data").get("$link").asText()).startsWith("bafyrei");
            assertThat(c.get("sig").get("$bytes").asText()).matches("[A-Za-z0-9+/]+");
            assertThat(c.get("version").asInt()).isIn(2, 3);
            assertThat(c.has("prev")).isTrue();
        }
        assertThat(filesUnder(r.target())).isEqualTo(expectedFiles);
    }

    @Test
    void recordsEqualTheArrobaCompanionJson() throws IOException {
        Unpacker.Result r = unpack(TestData.path("cars/arroba-snarfed2.car"), tmp, Unpacker.Options.defaults());
        // companions/arroba-snarfed2.json: {collection: {rkey: record}} with links as DAG-JSON {"/": cid}
        JsonNode companion = JSON.readTree(TestData.path("cars/companions/arroba-snarfed2.json").toFile());
        int n = 0;
        for (Map.Entry<String, JsonNode> c : companion.properties()) {
            for (Map.Entry<String, JsonNode> rec : c.getValue().properties()) {
                Path file = r.target().resolve(c.getKey()).resolve(rec.getKey() + ".json");
                assertThat(JSON.readTree(file.toFile())).as(c.getKey() + "/" + rec.getKey())
                        .isEqualTo(dagJsonToAtJson(rec.getValue()));
                n++;
            }
        }
        assertThat(n).isEqualTo(5).isEqualTo(r.written());
    }

    @Test
    void theRepoSliceRecordEqualsItsCompanion() throws IOException {
        Unpacker.Result r = unpack(TestData.path("cars/indigo-repo_slice.car"), tmp, Unpacker.Options.defaults());
        JsonNode companion = JSON.readTree(TestData.path("cars/companions/indigo-repo_slice_record.json").toFile());
        String uri = companion.get("uri").asText();
        String key = uri.substring(("at://" + r.did() + "/").length());
        assertThat(JSON.readTree(r.target().resolve(key + ".json").toFile())).isEqualTo(companion.get("value"));
        assertThat(r.written()).isEqualTo(1);
        assertThat(leaves("indigo-repo_slice.car")).filteredOn(l -> l.key().equals(key)).singleElement()
                .extracting(Leaf::cid).isEqualTo(companion.get("cid").asText());
    }

    /** {"/": "cid"} becomes {"$link": "cid"}, {"/": {"bytes": b64}} becomes {"$bytes": b64}. */
    static JsonNode dagJsonToAtJson(JsonNode n) {
        if (n.isObject()) {
            if (n.size() == 1 && n.has("/")) {
                JsonNode v = n.get("/");
                ObjectNode o = JSON.createObjectNode();
                if (v.isTextual()) {
                    o.put("$link", v.asText());
                } else {
                    o.put("$bytes", v.get("bytes").asText());
                }
                return o;
            }
            ObjectNode o = JSON.createObjectNode();
            n.properties().forEach(e -> o.set(e.getKey(), dagJsonToAtJson(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            var a = JSON.createArrayNode();
            n.forEach(x -> a.add(dagJsonToAtJson(x)));
            return a;
        }
        return n;
    }

    @Test
    void anExistingFolderIsKeptWithoutForceAndReplacedWithForce() throws IOException {
        Path car = TestData.path("cars/arroba-snarfed2.car");
        Path target = tmp.resolve("did:plc:5zspv27pk4iqtrl2ql2nykjh");
        Files.createDirectories(target.resolve("mine"));
        Files.writeString(target.resolve("mine/note.txt"), "keep me");

        assertThatThrownBy(() -> unpack(car, tmp, Unpacker.Options.defaults()))
                .isInstanceOf(Unpacker.TargetExistsException.class).hasMessageContaining(target.toString());
        assertThat(Files.readString(target.resolve("mine/note.txt"))).isEqualTo("keep me");
        assertThat(filesUnder(tmp)).containsExactly("did:plc:5zspv27pk4iqtrl2ql2nykjh/mine/note.txt");

        Unpacker.Result r = unpack(car, tmp, Unpacker.Options.defaults().withForce(true));
        assertThat(r.replaced()).isTrue();
        assertThat(target.resolve("mine")).doesNotExist();
        assertThat(filesUnder(tmp)).hasSize(6).allMatch(f -> f.startsWith("did:plc:5zspv27pk4iqtrl2ql2nykjh/"));
    }

    @Test
    void leftoversOfAnInterruptedRunAreRemovedAndReported() throws IOException {
        // what a killed run leaves: a staging folder with some records, its lock file, a half-deleted trash folder
        Path staging = tmp.resolve(".carport-unpack-did_plc_x-1a2b3c");
        Files.createDirectories(staging.resolve("app.bsky.feed.post"));
        Files.writeString(staging.resolve("app.bsky.feed.post/3jzfcijpj2z2a.json"), "{\"half\":");
        Files.writeString(tmp.resolve(".carport-unpack-did_plc_x-1a2b3c.lock"), "");
        Files.createDirectories(tmp.resolve(".carport-unpack-did_plc_y-99.old/app.bsky.feed.like"));
        Files.writeString(tmp.resolve("unrelated.txt"), "stays");

        Unpacker.Result r = unpack(TestData.path("cars/repo-stream-tiny.car"), tmp, Unpacker.Options.defaults());

        assertThat(r.removedStale()).containsExactlyInAnyOrder(".carport-unpack-did_plc_x-1a2b3c",
                ".carport-unpack-did_plc_y-99.old");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("unrelated.txt",
                    r.did().toString());
        }
    }

    @Test
    void aStaleEntryThatIsALinkIsRemovedWithoutFollowingIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "do not delete");
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(dir.resolve(".carport-unpack-did_plc_x-66"), outside);
        Files.createSymbolicLink(dir.resolve(".carport-unpack-did_plc_x-66.old"), outside.resolve("precious.txt"));
        Unpacker.Result r = unpack(TestData.path("cars/repo-stream-tiny.car"), dir, Unpacker.Options.defaults());
        assertThat(r.removedStale()).hasSize(2);
        assertThat(outside.resolve("precious.txt")).hasContent("do not delete");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(r.did().toString());
        }
    }

    @Test
    void forceReplacesALinkedTargetWithoutTouchingWhatItPointsTo() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "do not delete");
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Path target = dir.resolve("did:plc:7hptvnhdyeu53xp6rz7e42iy");
        Files.createSymbolicLink(target, outside);
        Path car = TestData.path("cars/repo-stream-tiny.car");
        assertThatThrownBy(() -> unpack(car, dir, Unpacker.Options.defaults()))
                .isInstanceOf(Unpacker.TargetExistsException.class);
        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults().withForce(true));
        assertThat(r.target()).isEqualTo(target);
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(filesUnder(target)).hasSize(9);
        assertThat(filesUnder(outside)).containsExactly("precious.txt");
    }

    @Test
    void concurrentRunsIntoOneFolderDoNotRemoveEachOthersStaging() throws Exception {
        int runs = 4;
        int n = 3000;
        List<Path> cars = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            cars.add(TestRepo.synthetic(n).did("did:plc:concurrent" + i).write(tmp.resolve("r" + i + ".car")));
        }
        Path dir = tmp.resolve("out");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs);
        try {
            List<java.util.concurrent.Future<Unpacker.Result>> results = new ArrayList<>();
            for (Path car : cars) {
                results.add(pool.submit(() -> unpack(car, dir, Unpacker.Options.defaults())));
            }
            for (java.util.concurrent.Future<Unpacker.Result> f : results) {
                Unpacker.Result r = f.get();
                assertThat(r.written()).isEqualTo(n);
                assertThat(filesUnder(r.target())).hasSize(n + 1);
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).hasSize(runs).allMatch(f -> f.startsWith("did:plc:"));
        }
    }

    @Test
    void aStagingFolderWhoseRunStillHoldsItsLockIsLeftAlone() throws IOException {
        Path staging = tmp.resolve(".carport-unpack-did_plc_x-77");
        Files.createDirectories(staging);
        Path lock = tmp.resolve(".carport-unpack-did_plc_x-77.lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            Unpacker.Result r = unpack(TestData.path("cars/repo-stream-tiny.car"), tmp,
                    Unpacker.Options.defaults());
            assertThat(r.removedStale()).isEmpty();
            assertThat(staging).isDirectory();
            assertThat(held.isValid()).isTrue();
        }
    }

    @Test
    void aKilledRunNeverLeavesAFolderThatLooksCompleteAndTheNextRunCleansUp() throws Exception {
        int n = 20000;
        Path car = TestRepo.synthetic(n).write(tmp.resolve("r.car"));
        Path dir = tmp.resolve("out");
        String did;
        try (RepoReader reader = RepoReader.open(car)) {
            did = reader.commit().did().toString();
        }
        Path target = dir.resolve(did);
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 3; round++) {
            boolean force = round > 0;
            Process p = new ProcessBuilder(force ? withForce(UnpackMain.class, car, dir) : plain(UnpackMain.class, car,
                    dir)).redirectErrorStream(true).start();
            // wait until it runs, then kill it (SIGKILL) somewhere in the middle of writing
            p.getInputStream().read();
            Thread.sleep(50 + random.nextInt(400));
            p.destroyForcibly().waitFor();
            // whatever the moment: the target is absent, or it is a complete copy (from the run before)
            if (Files.exists(target)) {
                assertThat(filesUnder(target)).hasSize(n + 1);
            }
        }
        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults().withForce(true));
        assertThat(filesUnder(r.target())).hasSize(n + 1);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactly(did);
        }
    }

    private static List<String> plain(Class<?> main, Path car, Path dir) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), main.getName(), car.toString(), dir.toString()));
    }

    private static List<String> withForce(Class<?> main, Path car, Path dir) {
        List<String> c = plain(main, car, dir);
        c.add("--force");
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void writerThreadCountsGiveTheSameFiles(int threads) throws IOException {
        Path car = TestRepo.synthetic(2000).write(tmp.resolve("r.car"));
        Unpacker.Result r = unpack(car, tmp.resolve("out"), Unpacker.Options.defaults().withWriterThreads(threads));
        assertThat(r.written()).isEqualTo(2000);
        Set<String> files = filesUnder(r.target());
        assertThat(files).hasSize(2001).contains("app.bsky.feed.like/" + TestRepo.tid(0) + ".json",
                "app.bsky.graph.follow/" + TestRepo.tid(1999) + ".json");
        try (CarFile cf = CarFile.open(car); RepoReader rr = RepoReader.open(car)) {
            rr.forEachRecord(rec -> {
                try {
                    String text = Files.readString(r.target().resolve(rec.key() + ".json"));
                    assertThat(DagCbor.encode(AtJson.fromJson(text))).isEqualTo(cf.get(rec.cid()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void hostileKeysAreReportedAndNothingIsWrittenOutsideTheFolder() throws IOException {
        Map<String, Object> rec = TestRepo.record("app.bsky.feed.like", 1, 0);
        byte[] block = DagCbor.encode(rec);
        TestRepo.Builder b = new TestRepo.Builder();
        String[] bad = {"../../escape/x", "app.bsky.feed.post/..", "app.bsky.feed.post/.", "app.bsky.feed.post/a/b",
            "app.bsky.feed.post/a\\b", "/abs", "app.bsky.feed.post/", "noslash", "..%2F..%2Fx/y", "app.bsky.feed.post/%2e%2e",
            "app.bsky.feed.post/+x+", "a..b.c/x", "app.bsky.feed.post/x y"};
        for (String k : bad) {
            b.record(k.getBytes(StandardCharsets.UTF_8), block);
        }
        b.record(new byte[] {'a', '.', 'b', '.', 'c', '/', 'x', 0}, block);
        b.record(("app.bsky.feed.post/caf" + "\u00e9").getBytes(StandardCharsets.UTF_8), block);
        b.record("app.bsky.feed.post/ok", rec);
        Path car = b.write(tmp.resolve("r.car"));
        Path dir = tmp.resolve("deep/out");

        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults());

        assertThat(r.written()).isEqualTo(1);
        assertThat(r.invalid()).isEqualTo(bad.length + 2);
        assertThat(r.problems()).hasSize(bad.length + 2).allMatch(p -> p.endsWith("not written"));
        assertThat(filesUnder(tmp)).containsExactlyInAnyOrder("r.car",
                "deep/out/" + r.did() + "/_commit.json", "deep/out/" + r.did() + "/app.bsky.feed.post/ok.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:..", "did:web:.", "did:web:localhost%3A1234", "did:web:..%2F..%2Fetc",
        "did:web:example.com.", "did:x:%2e%2e"})
    void oddButValidDidsStayOneFolderInsideDir(String did) throws IOException {
        Path car = new TestRepo.Builder().did(did).record("app.bsky.feed.post/a", TestRepo.record("x.y.z", 1, 0))
                .write(tmp.resolve("r.car"));
        Path dir = tmp.resolve("out");
        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults());
        assertThat(r.target().getParent()).isEqualTo(dir);
        assertThat(r.target().getFileName().toString()).isEqualTo(did);
        assertThat(filesUnder(tmp)).containsExactlyInAnyOrder("r.car", "out/" + did + "/_commit.json",
                "out/" + did + "/app.bsky.feed.post/a.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:plc:../../x", "did:plc:a/b", "did:web:a\\b", "did:plc:", "did:plc:abc:",
        "did:PLC:abc", "did:plc:a b", "did:plc:\u00e9"})
    void anInvalidDidInTheCommitWritesNothing(String did) throws IOException {
        Path car = new TestRepo.Builder().did(did).record("app.bsky.feed.post/a", TestRepo.record("x.y.z", 1, 0))
                .write(tmp.resolve("r.car"));
        Path dir = tmp.resolve("out");
        assertThatThrownBy(() -> unpack(car, dir, Unpacker.Options.defaults()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("not a valid DID");
        assertThat(filesUnder(tmp)).containsExactly("r.car");
    }

    @Test
    void aVeryLongDidIsCutIntoPiecesThatStayInsideDir() throws IOException {
        String did = "did:web:" + "a".repeat(400) + ".example.com";
        Path car = new TestRepo.Builder().did(did).record("app.bsky.feed.post/a", TestRepo.record("x.y.z", 1, 0))
                .write(tmp.resolve("r.car"));
        Path dir = tmp.resolve("out");
        Unpacker.Result r = unpack(car, dir, Unpacker.Options.defaults());
        assertThat(r.target()).startsWith(dir);
        assertThat(DidDirNames.PLAIN.parse(dir.relativize(r.target()).toString())).isEqualTo(Did.parse(did));
        assertThat(r.target().resolve("app.bsky.feed.post/a.json")).isRegularFile();
        for (Path p : dir.relativize(r.target())) {
            assertThat(p.toString().length()).isLessThanOrEqualTo(RecordFileNames.MAX_NAME_BYTES);
        }
        // and again with --force: the pieces above the target are reused, the target replaced
        Unpacker.Result again = unpack(car, dir, Unpacker.Options.defaults().withForce(true));
        assertThat(again.replaced()).isTrue();
        assertThat(filesUnder(dir)).hasSize(2);
    }

    @Test
    void missingAndInvalidRecordBlocksAreReportedAndTheRestIsWritten() throws IOException {
        Map<String, Object> ok = TestRepo.record("app.bsky.feed.like", 1, 0);
        byte[] notStrict = {(byte) 0xa1, 0x61, 'a', 0x18, 0x01}; // {a: 1} with a non-minimal integer
        byte[] notAMap = DagCbor.encode(List.of("x"));
        byte[] trailing = {(byte) 0xa0, 0x00};
        Path car = new TestRepo.Builder()
                .record("app.bsky.feed.like/a", ok)
                .missingRecord("app.bsky.feed.like/b")
                .record("app.bsky.feed.like/c".getBytes(StandardCharsets.UTF_8), notStrict)
                .record("app.bsky.feed.like/d".getBytes(StandardCharsets.UTF_8), notAMap)
                .record("app.bsky.feed.like/e".getBytes(StandardCharsets.UTF_8), trailing)
                .record("app.bsky.feed.like/f", ok)
                .write(tmp.resolve("r.car"));
        Unpacker.Result r = unpack(car, tmp.resolve("out"), Unpacker.Options.defaults());
        assertThat(r.written()).isEqualTo(2);
        assertThat(r.missingRecords()).isEqualTo(1);
        assertThat(r.invalid()).isEqualTo(3);
        assertThat(r.problems()).anyMatch(p -> p.contains("app.bsky.feed.like/b") && p.contains("missing"))
                .anyMatch(p -> p.contains("app.bsky.feed.like/c") && p.contains("not valid DAG-CBOR"))
                .anyMatch(p -> p.contains("app.bsky.feed.like/d") && p.contains("not a map"))
                .anyMatch(p -> p.contains("app.bsky.feed.like/e") && p.contains("not valid DAG-CBOR"));
        assertThat(filesUnder(r.target())).containsExactly("_commit.json", "app.bsky.feed.like/a.json",
                "app.bsky.feed.like/f.json");
    }

    @Test
    void aCorruptRecordBlockIsReportedNotWritten() throws IOException {
        Path src = TestData.path("cars/arroba-snarfed2.car");
        byte[] bytes = Files.readAllBytes(src);
        // flip a byte inside the like record's block (its CID stays, so the hash no longer matches)
        byte[] like;
        try (CarFile cf = CarFile.open(src)) {
            like = cf.get(Cid.parse("bafyreihlyuzrqgyz7a4k2ylrhxy4xwmpao2tnpef5rs6s4cypq5smhg23e"));
        }
        int at = indexOf(bytes, like) + like.length / 2;
        bytes[at] ^= 0x01;
        Path car = Files.write(tmp.resolve("bad.car"), bytes);
        Unpacker.Result r = unpack(car, tmp.resolve("out"), Unpacker.Options.defaults());
        assertThat(r.written()).isEqualTo(4);
        assertThat(r.invalid()).isEqualTo(1);
        assertThat(r.problems()).singleElement().asString().contains("app.bsky.feed.like/3lbkj25b7pi2l");
    }

    static int indexOf(byte[] hay, byte[] needle) {
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

    @Test
    void longRecordKeysAndCollectionsGetPieceDirectories() throws IOException {
        String longKey = "k".repeat(500);
        String longNsid = "com." + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".record";
        Map<String, Object> rec = TestRepo.record("x.y.z", 1, 0);
        Path car = new TestRepo.Builder().record("app.bsky.feed.post/" + longKey, rec)
                .record(longNsid + "/self", rec).record(longNsid + "/" + longKey, rec).write(tmp.resolve("r.car"));
        Unpacker.Result r = unpack(car, tmp.resolve("out"), Unpacker.Options.defaults());
        assertThat(r.written()).isEqualTo(3);
        Set<String> files = filesUnder(r.target());
        files.remove(Unpacker.COMMIT_FILE);
        Set<String> keys = new TreeSet<>();
        for (String f : files) {
            keys.add(RecordFileNames.PLAIN.parse(f).toString());
            for (String c : f.split("/")) {
                assertThat(c.length()).isLessThanOrEqualTo(RecordFileNames.MAX_NAME_BYTES);
            }
        }
        assertThat(keys).containsExactlyInAnyOrder("app.bsky.feed.post/" + longKey, longNsid + "/self",
                longNsid + "/" + longKey);
    }

    @Test
    void anEmptyRepoGivesOnlyTheCommit() throws IOException {
        Unpacker.Result r = unpack(TestData.path("cars/repo-stream-empty.car"), tmp, Unpacker.Options.defaults());
        assertThat(r.records()).isZero();
        assertThat(filesUnder(r.target())).containsExactly(Unpacker.COMMIT_FILE);
    }

    @Test
    void dirThatIsAFileIsRefused() throws IOException {
        Path f = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> unpack(TestData.path("cars/repo-stream-tiny.car"), f,
                Unpacker.Options.defaults())).isInstanceOf(java.nio.file.NotDirectoryException.class);
    }

    @Test
    void resolveUnderRefusesEveryUnsafeComponent() {
        for (String bad : new String[] {"..", ".", "", "a/../..", "a//b", "a\\b", "a/"}) {
            assertThatThrownBy(() -> Unpacker.resolveUnder(tmp, bad)).as(bad).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Unpacker.resolveUnder(tmp, "a/b")).isEqualTo(tmp.resolve("a").resolve("b"));
        assertThat(Unpacker.resolveUnder(Path.of("."), "a")).isEqualTo(Path.of(".", "a"));
        assertThat(Unpacker.resolveUnder(Path.of(".."), "a")).isEqualTo(Path.of("..", "a"));
        assertThat(Unpacker.resolveUnder(Path.of(""), "a")).isEqualTo(Path.of("a"));
    }

    @Test
    void aRelativeOutputFolderWorks() throws IOException {
        // relative to the working directory, climbing out of it with ".."
        Path rel = Path.of("").toAbsolutePath().relativize(tmp.resolve("out"));
        assertThat(rel.toString()).startsWith("..");
        Unpacker.Result r = unpack(TestData.path("cars/repo-stream-tiny.car"), rel, Unpacker.Options.defaults());
        assertThat(r.target()).isEqualTo(rel.resolve("did:plc:7hptvnhdyeu53xp6rz7e42iy"));
        assertThat(filesUnder(tmp.resolve("out"))).hasSize(9);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
