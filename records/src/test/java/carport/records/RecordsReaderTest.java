package carport.records;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.VerifyingKey;
import carport.core.json.AtJson;
import carport.core.plc.PlcAuditLog;
import carport.core.repo.RepoReader;
import carport.core.repo.TestRepo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsReaderTest {
    static final Path DATA = Path.of("../core/src/test/resources/testdata");
    static final Path CARS = DATA.resolve("cars");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ReadOptions NO_SIG = ReadOptions.defaults().withSignature(Signature.none());

    static List<RecordRow> rows(RecordsInput in, ReadOptions o, RepoRow[] repo) {
        List<RecordRow> rows = new ArrayList<>();
        RepoRow r = RecordsReader.read(in, o, rows::add);
        if (repo != null) {
            repo[0] = r;
        }
        return rows;
    }

    static List<RecordRow> rows(Path car, ReadOptions o) {
        RepoRow[] r = new RepoRow[1];
        List<RecordRow> rows = rows(RecordsInput.car(car), o, r);
        assertThat(r[0].problem()).as(car + " problem").isNull();
        assertThat(r[0].records()).isEqualTo(rows.size());
        return rows;
    }

    /** (key, cid, size) of every leaf, from the independent listing in derived/ (see its PROVENANCE.md). */
    static List<String> derived(Path car) throws IOException {
        Path tsv = CARS.resolve("derived").resolve(car.getFileName() + ".mst.tsv");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.startsWith("#") && !line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    static List<Path> realCars() throws IOException {
        try (Stream<Path> s = Files.list(CARS)) {
            return s.filter(p -> p.toString().endsWith(".car")).sorted().toList();
        }
    }

    @Test
    void everyRealCarGivesTheIndependentListingAndTheRecordsJson() throws IOException {
        int good = 0;
        for (Path car : realCars()) {
            RepoRow[] repo = new RepoRow[1];
            List<RecordRow> rows = rows(RecordsInput.car(car), NO_SIG, repo);
            List<String> expected = derived(car);
            boolean complete = expected.stream().noneMatch(l -> l.endsWith("\t-1"));
            if (!complete) {
                // a partial CAR is a bad input: no rows, and the repos row says why
                assertThat(repo[0].problem()).as(car.toString()).contains("missing");
                assertThat(rows).isEmpty();
                continue;
            }
            assertThat(repo[0].problem()).as(car.toString()).isNull();
            assertThat(repo[0].verified()).isFalse(); // no signature was checked
            List<String> got = rows.stream().map(r -> r.collection() + "/" + r.rkey() + "\t" + r.cid() + "\t" + r.size())
                    .toList();
            assertThat(got).as(car.toString()).isEqualTo(expected);
            try (RepoReader reader = RepoReader.open(car)) {
                String did = reader.commit().did().toString();
                for (RecordRow r : rows) {
                    assertThat(r.did()).isEqualTo(did);
                    assertThat(r.rev()).isEqualTo(reader.commit().rev());
                    assertThat(r.uri()).isEqualTo("at://" + did + "/" + r.collection() + "/" + r.rkey());
                    byte[] block = reader.recordBlock(Cid.parse(r.cid()));
                    // the value unpack-records writes (pretty), parsed, equals the compact JSON
                    JsonNode unpacked = JSON.readTree(AtJson.transcode(block, 0, block.length, true));
                    assertThat(JSON.readTree(r.recordJson())).isEqualTo(unpacked);
                    assertThat(r.type()).isEqualTo(unpacked.path("$type").isTextual()
                            ? unpacked.get("$type").asText() : null);
                }
            }
            good++;
        }
        assertThat(good).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aCarInMemoryGivesTheSameRowsAsTheFile() throws IOException {
        Path car = CARS.resolve("repo-stream-little.car");
        List<RecordRow> fromFile = rows(car, NO_SIG);
        RepoRow[] r = new RepoRow[1];
        List<RecordRow> fromBytes = rows(RecordsInput.car("little", Files.readAllBytes(car)), NO_SIG, r);
        assertThat(r[0].path()).isEqualTo("little");
        assertThat(strings(fromBytes)).isEqualTo(strings(fromFile)).hasSize(278);
    }

    static List<String> strings(List<RecordRow> rows) {
        return rows.stream().map(x -> x.uri() + " " + x.cid() + " " + x.type() + " " + x.createdAt() + " " + x.size()
                + " " + x.record()).toList();
    }

    @Test
    void aCollectionFilterGivesExactlyThatCollectionsRows() throws IOException {
        for (String name : List.of("repo-stream-little.car", "pegasus-mist-sample-bsky.app.car",
                "atproto.dart-atproto_core-repo.car")) {
            Path car = CARS.resolve(name);
            List<RecordRow> all = rows(car, NO_SIG);
            List<String> collections = all.stream().map(RecordRow::collection).distinct().toList();
            assertThat(collections).hasSizeGreaterThan(3);
            for (String c : collections) {
                List<RecordRow> one = rows(car, NO_SIG.withCollections(List.of(c)));
                assertThat(strings(one)).as(name + " " + c)
                        .isEqualTo(strings(all.stream().filter(r -> r.collection().equals(c)).toList()));
            }
            List<String> two = List.of(collections.get(collections.size() - 1), collections.get(0));
            assertThat(strings(rows(car, NO_SIG.withCollections(two))))
                    .isEqualTo(strings(all.stream().filter(r -> two.contains(r.collection())).toList()));
            assertThat(rows(car, NO_SIG.withCollections(List.of("com.example.none")))).isEmpty();
        }
    }

    @Test
    void collectionsThatArePrefixesOfEachOtherStayApart(@TempDir Path tmp) throws IOException {
        TestRepo.Builder b = new TestRepo.Builder();
        for (String c : List.of("app.bsky.feed.post", "app.bsky.feed.postgate", "app.bsky.feed.post.x", "app.bsky.feedx")) {
            for (int i = 0; i < 40; i++) {
                b.record(c + "/" + TestRepo.tid(i), TestRepo.record(c, i, 10));
            }
        }
        Path car = b.write(tmp.resolve("r.car"));
        List<RecordRow> rows = rows(car, NO_SIG.withCollections(List.of("app.bsky.feed.post")));
        assertThat(rows).hasSize(40).allMatch(r -> r.collection().equals("app.bsky.feed.post"));
        assertThat(rows(car, NO_SIG.withCollections(List.of("app.bsky.feed.post.x")))).hasSize(40)
                .allMatch(r -> r.collection().equals("app.bsky.feed.post.x"));
    }

    @Test
    void unaskedColumnsAreNotBuilt() {
        Path car = CARS.resolve("repo-stream-little.car");
        List<RecordRow> rows = rows(car, NO_SIG.withColumns(EnumSet.of(RecordColumn.DID, RecordColumn.COLLECTION,
                RecordColumn.RKEY, RecordColumn.SIZE)));
        assertThat(rows).hasSize(278).allMatch(r -> r.recordJson() == null && r.uri() == null && r.cid() == null
                && r.type() == null && r.createdAt() == null && r.size() > 0);
        List<RecordRow> typed = rows(car, NO_SIG.withColumns(EnumSet.of(RecordColumn.TYPE, RecordColumn.CREATED_AT)));
        assertThat(typed).allMatch(r -> r.recordJson() == null && r.type() != null);
        assertThat(typed).anyMatch(r -> r.createdAt() != null);
    }

    @Test
    void aCorruptCarGivesNoRowsAndSaysWhy(@TempDir Path tmp) throws IOException {
        byte[] car = Files.readAllBytes(CARS.resolve("repo-stream-little.car"));
        car[car.length - 5] ^= 1; // inside the last record block
        Path bad = Files.write(tmp.resolve("bad.car"), car);
        RepoRow[] r = new RepoRow[1];
        assertThat(rows(RecordsInput.car(bad), NO_SIG, r)).isEmpty();
        assertThat(r[0].problem()).contains("does not match its CID");
        assertThat(r[0].verified()).isFalse();
        assertThat(r[0].did()).isEqualTo("did:plc:lulmyldiq4sb2ikags5sfb25");

        Path notCar = Files.write(tmp.resolve("text.car"), "hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(rows(RecordsInput.car(notCar), NO_SIG, r)).isEmpty();
        assertThat(r[0].problem()).isNotBlank();
        assertThat(r[0].did()).isNull();
        assertThat(rows(RecordsInput.car(tmp.resolve("absent.car")), NO_SIG, r)).isEmpty();
        assertThat(r[0].problem()).contains("no such file");
    }

    @Test
    void aCollectionFilterChecksEveryBlockInItsRangeButNotOutside(@TempDir Path tmp) throws IOException {
        TestRepo.Builder b = TestRepo.synthetic(300);
        Map<String, Object> marked = TestRepo.record("app.bsky.feed.post", 7, 0);
        marked.put("text", "CORRUPT-ME");
        b.record("app.bsky.feed.post/" + TestRepo.tid(100_000), marked);
        byte[] car = Files.readAllBytes(b.write(tmp.resolve("a.car")));
        String s = new String(car, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("CORRUPT-ME");
        car[at] = 'X';
        Path bad = Files.write(tmp.resolve("bad.car"), car);
        RepoRow[] r = new RepoRow[1];
        assertThat(rows(RecordsInput.car(bad), NO_SIG.withCollections(List.of("app.bsky.feed.post")), r)).isEmpty();
        assertThat(r[0].problem()).contains("does not match its CID");
        // likes do not need the post's block: their range is fine...
        assertThat(rows(RecordsInput.car(bad), NO_SIG.withCollections(List.of("app.bsky.feed.like")), r)).hasSize(180);
        assertThat(r[0].problem()).isNull();
        // ...unless the whole tree is verified as well
        assertThat(rows(RecordsInput.car(bad), NO_SIG.withCollections(List.of("app.bsky.feed.like"))
                .withFullVerify(true), r)).isEmpty();
        assertThat(r[0].problem()).contains("does not match its CID");
    }

    @Test
    void bytesLinksHugeRecordsOddKeysAndTimes(@TempDir Path tmp) throws IOException {
        Cid link = Cid.of(Cid.DAG_CBOR, "x".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("$type", "com.example.thing");
        bytes.put("data", new byte[] {0, 1, 2, (byte) 0xff});
        bytes.put("link", link);
        bytes.put("createdAt", "2024-01-01T01:00:00.123456789+02:00");
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("$type", "com.example.big");
        huge.put("text", "y".repeat(1 << 20));
        huge.put("createdAt", "not a date");
        Map<String, Object> untyped = new LinkedHashMap<>();
        untyped.put("$type", 5L);
        untyped.put("createdAt", "2024-02-30T00:00:00Z"); // no such day
        Path car = new TestRepo.Builder()
                .record("com.example.thing/a:b~c.d_e-f", bytes)
                .record("com.example.big/self", huge)
                .record("com.example.odd/" + "k".repeat(512), untyped)
                .write(tmp.resolve("odd.car"));
        List<RecordRow> rows = rows(car, NO_SIG);
        assertThat(rows).extracting(RecordRow::rkey).containsExactly("self", "k".repeat(512), "a:b~c.d_e-f");
        RecordRow big = rows.get(0);
        assertThat(big.size()).isGreaterThan(1 << 20);
        assertThat(big.createdAt()).isNull();
        assertThat(JSON.readTree(big.recordJson()).get("text").asText()).hasSize(1 << 20);
        RecordRow odd = rows.get(1);
        assertThat(odd.type()).isNull();
        assertThat(odd.createdAt()).isNull();
        RecordRow thing = rows.get(2);
        assertThat(thing.uri()).isEqualTo("at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/com.example.thing/a:b~c.d_e-f");
        assertThat(thing.createdAt()).isEqualTo(Instant.parse("2023-12-31T23:00:00.123456Z"));
        assertThat(thing.createdAtMicros()).isEqualTo(1704063600123456L);
        JsonNode j = JSON.readTree(thing.recordJson());
        assertThat(j.get("data").get("$bytes").asText()).isEqualTo("AAEC/w");
        assertThat(j.get("link").get("$link").asText()).isEqualTo(link.toString());
        assertThat(DagCbor.encode(AtJson.fromJson(thing.recordJson()))).isEqualTo(DagCbor.encode(bytes));
    }

    @Test
    void signaturesAreCheckedWithTheKeyGivenOrResolved() throws IOException {
        Path car = CARS.resolve("indigo-bnewbold.robocracy.org.20250310005405.car");
        VerifyingKey key = PlcAuditLog.parse(Files.readAllBytes(DATA.resolve(
                "plc/audit_log/valid/log_bnewbold_robocracy.json"))).current().atprotoKey().orElseThrow();
        String did = "did:plc:nhxcyu4ewwhl5pqil4dotqjo";
        RepoRow[] r = new RepoRow[1];
        assertThat(rows(RecordsInput.car(car), NO_SIG.withSignature(Signature.key(key, did)), r)).hasSize(38);
        assertThat(r[0].verified()).isTrue();
        assertThat(r[0].problem()).isNull();
        assertThat(rows(RecordsInput.car(car), NO_SIG.withSignature(Signature.resolver(d -> key)), r)).hasSize(38);
        assertThat(r[0].verified()).isTrue();
        // one collection: the signature is still checked
        assertThat(rows(RecordsInput.car(car), NO_SIG.withSignature(Signature.key(key, did))
                .withCollections(List.of("app.bsky.feed.post")), r)).isNotEmpty();
        assertThat(r[0].verified()).isTrue();

        VerifyingKey wrong = new TestAccount.Key().publicKey;
        for (ReadOptions o : List.of(NO_SIG.withSignature(Signature.key(wrong, null)),
                NO_SIG.withSignature(Signature.key(wrong, null)).withCollections(List.of("app.bsky.feed.post")))) {
            assertThat(rows(RecordsInput.car(car), o, r)).isEmpty();
            assertThat(r[0].problem()).contains("signature");
            assertThat(r[0].verified()).isFalse();
        }
        assertThat(rows(RecordsInput.car(car), NO_SIG.withSignature(Signature.key(key, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")),
                r)).isEmpty();
        assertThat(r[0].problem()).contains("expected did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(rows(RecordsInput.car(car), NO_SIG.withSignature(Signature.resolver(d -> {
            throw new IOException("PLC directory unreachable");
        })), r)).isEmpty();
        assertThat(r[0].problem()).contains("PLC directory unreachable");
        assertThat(rows(RecordsInput.car(car), ReadOptions.defaults(), r)).isEmpty();
        assertThat(r[0].problem()).contains("bare CAR");
    }

    @Test
    void anExportWhoseAccountRotatedItsKeyStillVerifies(@TempDir Path tmp) throws IOException {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        TestAccount.Key oldKey = new TestAccount.Key();
        TestAccount.Key newKey = new TestAccount.Key();
        TestAccount acct = new TestAccount(oldKey, t0);
        byte[] car = acct.signedCar(TestRepo.synthetic(50), oldKey, t0.plus(Duration.ofDays(10)), tmp);
        acct.rotate(newKey, t0.plus(Duration.ofDays(20)));
        // _did.json names only the new key, which did not sign this commit: the audit log gives the old one
        Path dir = acct.exportFolder(tmp.resolve("out"), car, acct.didDocument(newKey), true);
        RepoRow[] r = new RepoRow[1];
        List<RecordRow> rows = rows(RecordsInput.exportFolder(dir), ReadOptions.defaults(), r);
        assertThat(r[0].problem()).isNull();
        assertThat(r[0].verified()).isTrue();
        assertThat(r[0].did()).isEqualTo(acct.did);
        assertThat(rows).hasSize(50);
        assertThat(rows(RecordsInput.exportFolder(dir), ReadOptions.defaults()
                .withCollections(List.of("app.bsky.graph.follow")), r)).hasSize(5);
        assertThat(r[0].verified()).isTrue();

        // without the audit log the rotated key cannot be found: the input is bad
        Files.delete(dir.resolve(ExportFiles.PLC_AUDIT));
        assertThat(rows(RecordsInput.exportFolder(dir), ReadOptions.defaults(), r)).isEmpty();
        assertThat(r[0].problem()).contains("_plc_audit.json");
        // --no-signature still reads it
        assertThat(rows(RecordsInput.exportFolder(dir), NO_SIG, r)).hasSize(50);
        assertThat(r[0].verified()).isFalse();
    }

    @Test
    void anExportSignedByAKeyTheAccountNeverHadFails(@TempDir Path tmp) throws IOException {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        TestAccount.Key key = new TestAccount.Key();
        TestAccount acct = new TestAccount(key, t0);
        byte[] car = acct.signedCar(TestRepo.synthetic(5), new TestAccount.Key(), t0.plus(Duration.ofDays(1)), tmp);
        Path dir = acct.exportFolder(tmp.resolve("out"), car, acct.didDocument(key), true);
        RepoRow[] r = new RepoRow[1];
        assertThat(rows(RecordsInput.exportFolder(dir), ReadOptions.defaults(), r)).isEmpty();
        assertThat(r[0].problem()).contains("signature");
        Files.writeString(dir.resolve(ExportFiles.MANIFEST), "{");
        assertThat(rows(RecordsInput.exportFolder(dir), ReadOptions.defaults(), r)).isEmpty();
        assertThat(r[0].problem()).contains("_export.json");
    }

    @Test
    void foldersAreSearchedForCarsAndExportFolders(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a/did:plc:x"));
        TestAccount.writeManifest(a, Files.readAllBytes(CARS.resolve("repo-stream-tiny.car")));
        Files.copy(CARS.resolve("repo-stream-tiny.car"), a.resolve("_repo.car"));
        Files.copy(CARS.resolve("repo-stream-tiny.car"), Files.createDirectories(tmp.resolve("b")).resolve("t.car"));
        Files.copy(CARS.resolve("repo-stream-tiny.car"), Files.createDirectories(tmp.resolve("_skip")).resolve("t.car"));
        Files.copy(CARS.resolve("repo-stream-tiny.car"), Files.createDirectories(tmp.resolve(".hidden")).resolve("t.car"));
        Files.writeString(tmp.resolve("b/notes.txt"), "x");
        assertThat(RecordsInput.expand(tmp)).containsExactly(RecordsInput.exportFolder(a),
                RecordsInput.car(tmp.resolve("b/t.car")));
        assertThat(RecordsInput.expand(a)).containsExactly(RecordsInput.exportFolder(a));
        assertThat(RecordsInput.expand(tmp.resolve("b/notes.txt"))).containsExactly(RecordsInput.car(tmp.resolve("b/notes.txt")));
    }

    @Test
    void theSinksExceptionsPassThrough() {
        IllegalStateException boom = new IllegalStateException("disk full");
        try {
            RecordsReader.read(RecordsInput.car(CARS.resolve("repo-stream-tiny.car")), NO_SIG, row -> {
                throw boom;
            });
            throw new AssertionError("no exception");
        } catch (IllegalStateException e) {
            assertThat(e).isSameAs(boom);
        }
    }

    @Test
    void columnNamesAreTheDocumentedOnes() {
        assertThat(Stream.of(RecordColumn.values()).map(RecordColumn::columnName)).containsExactly("did",
                "collection", "rkey", "uri", "cid", "rev", "type", "created_at", "record", "size");
        assertThat(RecordColumn.named("created_at")).isEqualTo(RecordColumn.CREATED_AT);
    }
}
