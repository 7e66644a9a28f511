package carport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.syntax.Did;
import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import carport.core.identity.DidDocument;
import carport.export.identity.AccountResolver;
import carport.export.identity.ResolvedAccount;
import carport.export.store.ExportLock;
import carport.net.xrpc.SyncClient;
import carport.export.unpack.RecordFileNames;
import carport.net.xrpc.RepoDeactivatedException;
import carport.net.xrpc.RepoTakendownException;
import carport.testbed.PdsClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports against the real local PLC + PDS, and compares what was written with what they serve. */
@RequiresTestbed
class ExportTestbedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void firstExportHoldsEveryRecordBlobAndDocumentThePdsServes(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Testbed.Account alice = tb.account("alice");
        ExportResult r = Accounts.export(tb, out, alice.did());
        Path dir = out.resolve(alice.did());
        assertThat(r.dir()).isEqualTo(dir);

        JsonNode head = tb.pds().latestCommit(alice.did());
        ExportManifest m = ExportManifest.parse(Files.readAllBytes(dir.resolve("_export.json")));
        assertThat(m.did()).isEqualTo(alice.did());
        assertThat(m.rev()).isEqualTo(head.get("rev").asText());
        assertThat(m.commit()).isEqualTo(head.get("cid").asText());
        assertThat(m.verified()).isTrue();
        assertThat(m.failures()).isEmpty();
        assertThat(m.sync()).isEqualTo(Sync.FULL);
        assertThat(m.records()).isEqualTo(alice.totalRecords());
        assertThat(m.blobs()).isEqualTo(alice.blobs().size());

        assertThat(Files.readAllBytes(dir.resolve("_did.json"))).isEqualTo(httpGet(URI.create(tb.plcUrl() + "/" + alice.did())));
        assertThat(Files.readAllBytes(dir.resolve("_plc_audit.json")))
                .isEqualTo(httpGet(URI.create(tb.plcUrl() + "/" + alice.did() + "/log/audit")));

        // every record the PDS lists has a file with the same JSON
        int files = 0;
        for (Map.Entry<String, Integer> c : alice.records().entrySet()) {
            for (JsonNode rec : listRecords(tb, alice.did(), c.getKey())) {
                String[] parts = rec.get("uri").asText().split("/");
                Path file = RecordFileNames.PLAIN.resolve(dir, Nsid.parse(parts[3]), RecordKey.parse(parts[4]));
                assertThat(JSON.readTree(Files.readAllBytes(file))).as(file.toString()).isEqualTo(rec.get("value"));
                files++;
            }
        }
        assertThat(files).isEqualTo(alice.totalRecords());
        assertThat(countRecordFiles(dir)).isEqualTo(alice.totalRecords());

        // every blob, byte for byte, and the manifest line for it
        assertThat(names(dir.resolve("_blob"))).isEqualTo(new TreeSet<>(alice.blobs()));
        String someBlob = alice.blobs().get(0);
        assertThat(Files.readAllBytes(dir.resolve("_blob").resolve(someBlob))).isEqualTo(tb.pds().getBlob(alice.did(), someBlob));
        List<String> lines = Files.readAllLines(dir.resolve("_blobs.jsonl"));
        assertThat(lines).hasSize(alice.blobs().size());
        for (String line : lines) {
            JsonNode b = JSON.readTree(line);
            assertThat(b.get("size").asLong()).isEqualTo(Files.size(dir.resolve("_blob").resolve(b.get("cid").asText())));
            assertThat(b.get("mimeType").asText()).startsWith("image/");
            assertThat(b.get("records").size()).isGreaterThan(0);
        }
        assertThat(Files.readAllLines(dir.resolve("_history.jsonl"))).hasSize(1);
        assertThat(Files.exists(dir.resolve(".carport"))).isFalse();
    }

    @Test
    void reRunWithTheSameCommitDownloadsNothingAndSaysUnchanged(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Testbed.Account carol = tb.account("carol");
        Accounts.export(tb, out, carol.did());
        Path dir = out.resolve(carol.did());
        Map<String, Long> before = modificationTimes(dir);
        ExportResult again = Accounts.export(tb, out, carol.did());
        assertThat(again.manifest().sync()).isEqualTo(Sync.UNCHANGED);
        assertThat(again.manifest().verified()).isTrue();
        Map<String, Long> after = modificationTimes(dir);
        after.keySet().removeAll(Set.of("_export.json", "_history.jsonl"));
        before.keySet().removeAll(Set.of("_export.json", "_history.jsonl"));
        assertThat(after).isEqualTo(before);
        List<String> history = Files.readAllLines(dir.resolve("_history.jsonl"));
        assertThat(history).hasSize(2);
        assertThat(JSON.readTree(history.get(1)).get("sync").asText()).isEqualTo("unchanged");
    }

    @Test
    void changesAreMergedIncrementallyAndEqualAFreshExport(@TempDir Path out, @TempDir Path fresh) throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        ExportResult first = Accounts.export(tb, out, own.did());
        assertThat(first.manifest().blobs()).isEqualTo(2);
        Path dir = out.resolve(own.did());

        // create, update, delete records; upload and reference a new blob; drop a blob's only record
        Testbed.RecordRef created = own.post("a new post");
        own.pds.putRecord(own.session, "app.bsky.actor.profile", "self", Map.of("displayName", "Renamed"));
        List<JsonNode> posts = listRecords(tb, own.did(), "app.bsky.feed.post");
        String deletedKey = posts.get(posts.size() - 1).get("uri").asText().split("/")[4];
        own.pds.deleteRecord(own.session, "app.bsky.feed.post", deletedKey);
        String[] newFile = own.fileRecord("third file", Accounts.randomBytes(4000));
        List<JsonNode> fileRecords = listRecords(tb, own.did(), "com.example.export.file");
        JsonNode dropped = fileRecords.stream().filter(f -> f.get("value").get("name").asText().equals("first file"))
                .findFirst().orElseThrow();
        String droppedBlob = dropped.get("value").get("file").get("ref").get("$link").asText();
        own.pds.deleteRecord(own.session, "com.example.export.file", dropped.get("uri").asText().split("/")[4]);

        ExportResult second = Accounts.export(tb, out, own.did());
        assertThat(second.manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        assertThat(second.manifest().verified()).isTrue();
        assertThat(second.added()).isEqualTo(2);
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(2);
        assertThat(second.manifest().commit()).isEqualTo(tb.pds().latestCommit(own.did()).get("cid").asText());

        Path createdFile = dir.resolve("app.bsky.feed.post").resolve(created.rkey() + ".json");
        assertThat(createdFile).exists();
        assertThat(dir.resolve("app.bsky.feed.post").resolve(deletedKey + ".json")).doesNotExist();
        assertThat(JSON.readTree(Files.readAllBytes(dir.resolve("app.bsky.actor.profile/self.json"))).get("displayName")
                .asText()).isEqualTo("Renamed");
        assertThat(dir.resolve("_blob").resolve(newFile[1])).exists();
        assertThat(dir.resolve("_blob").resolve(droppedBlob)).doesNotExist();

        JsonNode last = JSON.readTree(Files.readAllLines(dir.resolve("_history.jsonl")).get(1));
        assertThat(last.get("sync").asText()).isEqualTo("incremental");
        assertThat(last.get("added").asLong()).isEqualTo(2);
        assertThat(last.get("updated").asLong()).isEqualTo(1);
        assertThat(last.get("deleted").asLong()).isEqualTo(2);

        Accounts.export(tb, fresh, own.did());
        ExportTrees.assertSameExport(dir, fresh.resolve(own.did()));
    }

    @Test
    void changesThatCannotBeMergedFallBackToAFullDownloadAndSaySo(@TempDir Path out, @TempDir Path fresh)
            throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        Accounts.export(tb, out, own.did());
        Path dir = out.resolve(own.did());
        // Take an unchanged record's block out of the stored repository: the diff cannot supply it.
        Fixtures.dropOneRecordBlock(dir.resolve("_repo.car"), "app.bsky.feed.post/");
        own.post("one more");

        List<String> notices = new ArrayList<>();
        ExportResult r = Accounts.exporter(tb, out, false).export(Did.parse(own.did()), new ExportListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        });
        assertThat(notices).anyMatch(n -> n.contains("cannot be merged") && n.contains("downloading the whole repository"));
        assertThat(r.notices()).isEqualTo(notices);
        assertThat(r.manifest().sync()).isEqualTo(Sync.FULL);
        assertThat(r.manifest().verified()).isTrue();
        assertThat(r.added()).isEqualTo(1);
        Accounts.export(tb, fresh, own.did());
        ExportTrees.assertSameExport(dir, fresh.resolve(own.did()));
    }

    @Test
    void anExportThatRecordedAMissingBlobRetriesItOnTheNextRun(@TempDir Path out, @TempDir Path fresh)
            throws Exception {
        Testbed tb = Testbed.get();
        String carol = tb.account("carol").did();
        Accounts.export(tb, out, carol);
        Path dir = out.resolve(carol);
        // Make it look as if one blob could not be fetched, exactly as an export records that.
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("_blobs.jsonl")));
        com.fasterxml.jackson.databind.node.ObjectNode line =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(lines.get(0));
        String cid = line.get("cid").asText();
        Files.delete(dir.resolve("_blob").resolve(cid));
        line.put("missing", true).put("error", "HTTP 500");
        lines.set(0, JSON.writeValueAsString(line));
        Files.write(dir.resolve("_blobs.jsonl"), lines);
        ExportManifest m = ExportManifest.parse(Files.readAllBytes(dir.resolve("_export.json")));
        Files.write(dir.resolve("_export.json"), new ExportManifest(m.did(), m.handle(), m.pds(), m.rev(), m.commit(),
                m.records(), m.blobs() - 1, false, m.sync(), m.started(), m.finished(), m.carportVersion(),
                List.of(new Failure("blob", cid, "HTTP 500")), m.recordFileNames()).toJson());
        assertThat(ExportChecker.check(dir).intact()).isTrue();
        assertThat(ExportChecker.check(dir).ok()).isFalse();

        ExportResult r = Accounts.export(tb, out, carol);
        assertThat(r.manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        assertThat(r.manifest().failures()).isEmpty();
        assertThat(r.verified()).isTrue();
        assertThat(dir.resolve("_blob").resolve(cid)).exists();
        Accounts.export(tb, fresh, carol);
        ExportTrees.assertSameExport(dir, fresh.resolve(carol));
    }

    @Test
    void aRepositoryThatDoesNotVerifyIsRefusedAndTheExportStaysAsItWas(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        Accounts.export(tb, out, own.did());
        Path dir = out.resolve(own.did());
        Map<String, Long> before = modificationTimes(dir);
        own.post("after the export");
        // An identity whose #atproto key did not sign the repository (and no audit log to fall back on).
        AccountResolver real = Accounts.resolver(tb);
        AccountResolver liar = id -> {
            ResolvedAccount a = real.resolve(id);
            try {
                com.fasterxml.jackson.databind.node.ObjectNode doc =
                        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(a.didJson());
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("verificationMethod").get(0))
                        .put("type", "Multikey")
                        .put("publicKeyMultibase", TestKey.generate().publicKey().toMultibase());
                byte[] json = JSON.writeValueAsBytes(doc);
                return new ResolvedAccount(a.did(), a.handle(), a.pds(), DidDocument.parse(json), json,
                        java.util.Optional.empty());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        AccountExporter exporter = new AccountExporter(new SyncClient(Accounts.http()), liar,
                ExportOptions.defaults(out).withVersion("test"));
        assertThatThrownBy(() -> exporter.export(Did.parse(own.did()), ExportListener.NONE))
                .isInstanceOf(carport.core.InvalidDataException.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining("signature");
        assertThat(modificationTimes(dir)).isEqualTo(before);
        assertThat(dir.resolve(".carport")).doesNotExist();
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    @Test
    void keepDeletedMovesDeletedRecordsAndBlobsAside(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        Accounts.exporter(tb, out, true).export(Did.parse(own.did()), ExportListener.NONE);
        Path dir = out.resolve(own.did());
        JsonNode file = listRecords(tb, own.did(), "com.example.export.file").get(0);
        String rkey = file.get("uri").asText().split("/")[4];
        String blob = file.get("value").get("file").get("ref").get("$link").asText();
        byte[] recordBytes = Files.readAllBytes(dir.resolve("com.example.export.file").resolve(rkey + ".json"));
        own.pds.deleteRecord(own.session, "com.example.export.file", rkey);

        ExportResult r = Accounts.exporter(tb, out, true).export(Did.parse(own.did()), ExportListener.NONE);
        assertThat(r.manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        assertThat(dir.resolve("com.example.export.file").resolve(rkey + ".json")).doesNotExist();
        assertThat(dir.resolve("_deleted/com.example.export.file").resolve(rkey + ".json")).hasBinaryContent(recordBytes);
        assertThat(dir.resolve("_deleted/_blob").resolve(blob)).exists();
        assertThat(dir.resolve("_blob").resolve(blob)).doesNotExist();
    }

    @Test
    void deactivatedAccountFailsClearlyAndLeavesTheExportUntouched(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        Accounts.export(tb, out, own.did());
        Path dir = out.resolve(own.did());
        Map<String, Long> before = modificationTimes(dir);
        Map<String, byte[]> content = contents(dir);
        own.pds.deactivate(own.session);
        try {
            assertThatThrownBy(() -> Accounts.export(tb, out, own.did()))
                    .isInstanceOf(RepoDeactivatedException.class)
                    .hasMessageContaining("deactivated");
        } finally {
            own.pds.activate(own.session);
        }
        assertThat(modificationTimes(dir)).isEqualTo(before);
        Map<String, byte[]> after = contents(dir);
        assertThat(after.keySet()).isEqualTo(content.keySet());
        for (String k : content.keySet()) {
            assertThat(after.get(k)).as(k).isEqualTo(content.get(k));
        }
    }

    @Test
    void takenDownAccountFailsWithoutCreatingAnything(@TempDir Path out) {
        Testbed tb = Testbed.get();
        Testbed.Account erin = tb.account("erin");
        assertThatThrownBy(() -> Accounts.export(tb, out, erin.did()))
                .isInstanceOf(RepoTakendownException.class)
                .hasMessageContaining("taken down");
        assertThat(out.resolve(erin.did())).doesNotExist();
    }

    @Test
    void aSecondExportIntoTheSameFolderRefusesWhileTheFirstHoldsTheLock(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        Testbed.Account carol = tb.account("carol");
        Path lockFile = out.resolve(carol.did()).resolve(".carport/lock");
        try (ExportLock held = ExportLock.acquire(lockFile)) {
            assertThatThrownBy(() -> Accounts.export(tb, out, carol.did()))
                    .isInstanceOf(ExportLockedException.class)
                    .hasMessageContaining("another carport export")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        assertThat(out.resolve(carol.did()).resolve("_export.json")).doesNotExist();
        ExportResult r = Accounts.export(tb, out, carol.did());
        assertThat(r.verified()).isTrue();
        assertThat(out.resolve(carol.did()).resolve(".carport")).doesNotExist();
    }

    // ------------------------------------------------------------------ helpers

    static List<JsonNode> listRecords(Testbed tb, String did, String collection) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> params = new HashMap<>(Map.of("repo", did, "collection", collection, "limit", "100"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode page = tb.pds().query("com.atproto.repo.listRecords", params, null);
            page.get("records").forEach(all::add);
            cursor = page.hasNonNull("cursor") && page.get("records").size() > 0 ? page.get("cursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    static byte[] httpGet(URI uri) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
        return r.body();
    }

    static long countRecordFiles(Path dir) throws IOException {
        return ExportTrees.files(dir).stream().filter(p -> !p.startsWith("_") && !p.startsWith(".")).count();
    }

    static Set<String> names(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    static Map<String, Long> modificationTimes(Path dir) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String f : ExportTrees.files(dir)) {
            m.put(f, Files.getLastModifiedTime(dir.resolve(f)).toMillis());
        }
        return m;
    }

    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        for (String f : ExportTrees.files(dir)) {
            m.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        return m;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
