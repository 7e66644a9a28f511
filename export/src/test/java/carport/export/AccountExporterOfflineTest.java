package carport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.car.CarWriter;
import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import carport.core.syntax.Tid;
import carport.export.MemoryPds.Call;
import carport.net.RemoteException;
import carport.net.XrpcException;
import carport.net.http.ConnectionException;
import carport.net.http.RateLimitedException;
import carport.net.xrpc.RepoTakendownException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AccountExporter} against a PDS in memory ({@link MemoryPds}: real signed repositories, real CAR
 * bytes, no network): the first export, incremental updates, a server that fails mid-download and the run
 * after it, and a server that lies. The same paths against the real PDS are in {@code ExportTestbedTest}.
 */
class AccountExporterOfflineTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final byte[] AVATAR = "the bytes of an avatar".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path out;
    @TempDir
    Path freshOut;

    private final TestKey key = TestKey.generate();
    private final SyntheticAccount acct = new SyntheticAccount(key, T0);
    private final MemoryPds pds = new MemoryPds(acct);
    private Cid avatar;

    /** 40 posts (their keys spread over several tree layers) and a profile whose avatar is a blob. */
    @BeforeEach
    void firstCommit() throws IOException {
        avatar = pds.addBlob(AVATAR);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("$type", "blob");
        image.put("ref", avatar);
        image.put("mimeType", "image/png");
        image.put("size", (long) AVATAR.length);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("$type", "app.bsky.actor.profile");
        profile.put("displayName", "Synthetic");
        profile.put("avatar", image);
        pds.put("app.bsky.actor.profile/self", profile);
        for (int i = 0; i < 40; i++) {
            pds.put(post(i), "post " + i);
        }
        pds.commit(key, day(1));
    }

    private static String post(int i) {
        return "app.bsky.feed.post/" + Tid.of(T0.toEpochMilli() * 1000 + i * 7_919_000L, 0);
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    private ExportResult export() {
        return pds.export(key, ExportOptions.defaults(out));
    }

    private Path dir() {
        return out.resolve(acct.did);
    }

    private Path postFile(int i) {
        return dir().resolve("app.bsky.feed.post").resolve(post(i).substring(post(i).indexOf('/') + 1) + ".json");
    }

    /** A fresh export of what the PDS serves now, into another folder. */
    private Path freshExport() {
        return pds.export(key, ExportOptions.defaults(freshOut)).dir();
    }

    /** Every file below the account folder with its bytes, to show that a failed run changed nothing. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir())) {
            return files;
        }
        try (Stream<Path> s = Files.walk(dir())) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                files.put(dir().relativize(p).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    /** The second commit: 3 posts added, 2 deleted, 1 edited. */
    private void secondCommit() throws IOException {
        for (int i = 40; i < 43; i++) {
            pds.put(post(i), "post " + i);
        }
        pds.delete(post(3)).delete(post(17)).put(post(5), "post 5, edited");
        pds.commit(key, day(2));
    }

    // ------------------------------------------------------------------ first and incremental exports

    @Test
    void aFirstExportHoldsEveryRecordAndBlobAndVerifies() throws IOException {
        ExportResult r = export();

        assertThat(r.verified()).isTrue();
        assertThat(r.manifest().sync()).isEqualTo(Sync.FULL);
        assertThat(r.manifest().records()).isEqualTo(41);
        assertThat(r.manifest().blobs()).isEqualTo(1);
        assertThat(r.added()).isEqualTo(41);
        assertThat(pds.calls).contains("getRepo", "listBlobs", "getBlob " + avatar);
        assertThat(Files.readString(postFile(7))).contains("\"text\": \"post 7\"");
        assertThat(dir().resolve("app.bsky.actor.profile/self.json")).exists();
        assertThat(dir().resolve("_blob").resolve(avatar.toString())).hasBinaryContent(AVATAR);
        assertThat(ExportChecker.check(dir()).ok()).isTrue();
    }

    @Test
    void aRunWithNothingNewDownloadsNothing() throws IOException {
        export();
        pds.calls.clear();

        ExportResult again = export();

        assertThat(again.manifest().sync()).isEqualTo(Sync.UNCHANGED);
        assertThat(again.verified()).isTrue();
        assertThat(pds.calls).containsExactly("getLatestCommit");
    }

    @Test
    void addedEditedAndDeletedRecordsArriveIncrementallyAndEqualAFreshExport() throws IOException {
        ExportResult first = export();
        long fullBytes = pds.lastRepoBytes;
        secondCommit();
        pds.calls.clear();

        ExportResult r = export();

        assertThat(r.manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        assertThat(pds.calls).contains("getRepo since=" + first.manifest().rev()).doesNotContain("getRepo");
        assertThat(pds.lastRepoBytes).as("the changes, not the whole repository").isLessThan(fullBytes / 2);
        assertThat(r.added()).isEqualTo(3);
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(2);
        assertThat(r.manifest().records()).isEqualTo(42);
        assertThat(postFile(3)).doesNotExist();
        assertThat(postFile(17)).doesNotExist();
        assertThat(Files.readString(postFile(5))).contains("post 5, edited");
        assertThat(Files.readString(postFile(42))).contains("\"text\": \"post 42\"");
        assertThat(ExportChecker.check(dir()).ok()).isTrue();
        ExportTrees.assertSameExport(dir(), freshExport());
    }

    // ------------------------------------------------------------------ a server that fails, and the next run

    static Stream<RemoteException> failuresMidDownload() {
        return Stream.of(
                new ConnectionException("pds.example.com closed the connection in the middle of the body"),
                new RateLimitedException("pds.example.com keeps answering 429 Too Many Requests", 429,
                        "RateLimitExceeded"),
                new RepoTakendownException("the account was taken down on pds.example.com", 400, "RepoTakendown"));
    }

    @ParameterizedTest
    @MethodSource("failuresMidDownload")
    void anUpdateThatFailsMidDownloadChangesNothingAndTheNextRunCompletes(RemoteException failure)
            throws IOException {
        export();
        secondCommit();
        Map<String, String> before = snapshot();
        pds.failNext(Call.GET_REPO, failure);
        pds.calls.clear();

        assertThatThrownBy(this::export).isSameAs(failure);

        // the server's refusal ends the run: no second, whole-repository request after it
        assertThat(pds.calls).containsExactly("getLatestCommit", "getRepo since=" + rev(1));
        assertThat(snapshot()).isEqualTo(before);
        ExportResult next = export();
        assertThat(next.manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        assertThat(next.verified()).isTrue();
        assertThat(ExportChecker.check(dir()).ok()).isTrue();
        ExportTrees.assertSameExport(dir(), freshExport());
    }

    @ParameterizedTest
    @MethodSource("failuresMidDownload")
    void aFirstExportThatFailsMidDownloadLeavesNothingThatLooksCompleteAndTheNextRunCompletes(
            RemoteException failure) throws IOException {
        pds.failNext(Call.GET_REPO, failure);

        assertThatThrownBy(this::export).isSameAs(failure);

        assertThat(dir().resolve(ExportDir.MANIFEST)).doesNotExist();
        assertThat(dir().resolve(ExportDir.REPO)).doesNotExist();
        assertThat(dir().resolve(ExportDir.WORK)).doesNotExist();
        ExportResult next = export();
        assertThat(next.manifest().sync()).isEqualTo(Sync.FULL);
        assertThat(next.verified()).isTrue();
        assertThat(ExportChecker.check(dir()).ok()).isTrue();
    }

    @Test
    void aSinceRequestThePdsRefusesFallsBackToAFullDownloadAndSaysSo() throws IOException {
        ExportResult first = export();
        secondCommit();
        pds.failNext(Call.GET_REPO, new XrpcException("pds.example.com: InvalidRequest: unknown rev", 400,
                "InvalidRequest"));
        pds.calls.clear();

        ExportResult r = export();

        assertThat(pds.calls).containsSubsequence("getRepo since=" + first.manifest().rev(), "getRepo");
        assertThat(pds.notices).anyMatch(n -> n.contains("cannot be merged") && n.contains("InvalidRequest")
                && n.contains("downloading the whole repository instead"));
        assertThat(r.manifest().sync()).isEqualTo(Sync.FULL);
        assertThat(r.verified()).isTrue();
        ExportTrees.assertSameExport(dir(), freshExport());
    }

    @Test
    void aTakenDownAccountFailsBeforeAnythingIsTouchedAndIsExportedOnceRestored() throws IOException {
        export();
        secondCommit();
        Map<String, String> before = snapshot();
        pds.status("takendown");

        assertThatThrownBy(this::export).isInstanceOf(RepoTakendownException.class);

        assertThat(snapshot()).isEqualTo(before);
        pds.status(null);
        assertThat(export().manifest().sync()).isEqualTo(Sync.INCREMENTAL);
        ExportTrees.assertSameExport(dir(), freshExport());
    }

    @Test
    void aBlobTheServerFailsToSendIsRecordedAndFetchedOnTheNextRun() throws IOException {
        pds.failNext(Call.GET_BLOB, new ConnectionException("pds.example.com reset the connection"));

        ExportResult first = export();

        assertThat(first.verified()).isFalse();
        assertThat(first.manifest().failures()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("blob");
            assertThat(f.message()).contains("reset the connection").contains("app.bsky.actor.profile/self");
        });
        assertThat(dir().resolve("_blob").resolve(avatar.toString())).doesNotExist();
        ExportResult next = export();
        assertThat(next.verified()).isTrue();
        assertThat(next.manifest().failures()).isEmpty();
        assertThat(dir().resolve("_blob").resolve(avatar.toString())).hasBinaryContent(AVATAR);
        assertThat(ExportChecker.check(dir()).ok()).isTrue();
    }

    // ------------------------------------------------------------------ a server that lies

    @Test
    void aRepositoryOfAnotherAccountIsRefusedAndTheExportStaysAsItWas() throws IOException {
        export();
        Map<String, String> before = snapshot();
        TestKey otherKey = TestKey.generate();
        SyntheticAccount other = new SyntheticAccount(otherKey, T0);
        pds.serve(other.repo(otherKey, day(3), 12));

        assertThatThrownBy(this::export).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is signed for " + other.did);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aRepositoryOfAnotherAccountIsRefusedOnAFirstExport() throws IOException {
        TestKey otherKey = TestKey.generate();
        SyntheticAccount other = new SyntheticAccount(otherKey, T0);
        pds.serve(other.repo(otherKey, day(3), 12));

        assertThatThrownBy(this::export).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is signed for " + other.did);

        assertThat(dir().resolve(ExportDir.MANIFEST)).doesNotExist();
        assertThat(dir().resolve(ExportDir.REPO)).doesNotExist();
    }

    @Test
    void aTamperedBlockIsRefusedAndTheNextHonestAnswerIsTaken() throws IOException {
        export();
        Map<String, String> before = snapshot();
        for (int i = 40; i < 43; i++) {
            pds.put(post(i), "post " + i);
        }
        byte[] honest = pds.commit(key, day(2));
        Cid target = recordCid(honest, post(41));
        pds.serve(withBlockChanged(honest, target));

        assertThatThrownBy(this::export).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("does not verify").hasMessageContaining(target.toString());

        assertThat(snapshot()).isEqualTo(before);
        pds.serve(honest);
        ExportResult next = export();
        assertThat(next.verified()).isTrue();
        assertThat(Files.readString(postFile(41))).contains("\"text\": \"post 41\"");
        ExportTrees.assertSameExport(dir(), freshExport());
    }

    @Test
    void aTamperedBlockIsRefusedOnAFirstExport() throws IOException {
        byte[] honest = pds.commit(key, day(2));
        Cid target = recordCid(honest, post(9));
        pds.serve(withBlockChanged(honest, target));

        assertThatThrownBy(this::export).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("does not verify").hasMessageContaining(target.toString());

        assertThat(dir().resolve(ExportDir.MANIFEST)).doesNotExist();
        assertThat(dir().resolve(ExportDir.REPO)).doesNotExist();
    }

    // ------------------------------------------------------------------ helpers

    /** The revision of a commit made on {@code day}. */
    private static String rev(int day) {
        return Tid.of(day(day).toEpochMilli() * 1000, 0).toString();
    }

    private static Cid recordCid(byte[] car, String path) {
        return RepoReader.of(CarFile.fromBytes(car)).find(path).orElseThrow().cid();
    }

    /** The same CAR with one block's last byte changed, still under its old CID. */
    private static byte[] withBlockChanged(byte[] car, Cid target) throws IOException {
        CarFile f = CarFile.fromBytes(car);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(bytes, f.roots().get(0));
        for (int i = 0; i < f.sectionCount(); i++) {
            byte[] b = f.block(i);
            if (f.cidAt(i).equals(target)) {
                b[b.length - 1] ^= 0x01;
            }
            w.write(f.cidAt(i), b);
        }
        return bytes.toByteArray();
    }
}
