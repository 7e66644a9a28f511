package carport.net.xrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.HttpConfig;
import carport.net.http.ProgressListener;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.identity.ResolverOptions;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sync client against the test bed's real PDS (Bluesky's reference implementation). */
@RequiresTestbed
class SyncClientTestbedTest {
    @TempDir
    Path dir;

    private final SyncClient client = new SyncClient(HttpConfig.defaults());

    private static Testbed tb() {
        return Testbed.get();
    }

    private static Did did(String account) {
        return Did.parse(tb().account(account).did());
    }

    /** The PDS as alice's DID document names it, found through the test bed's PLC directory. */
    private static URI pdsOf(String account) {
        IdentityResolver resolver = new IdentityResolver(ResolverOptions.builder().plcHost(tb().plcUrl()).build());
        ResolvedIdentity id = resolver.resolveDid(did(account), false);
        return id.requirePds();
    }

    @Test
    void aliceRepoDownloadsThroughHerDidDocumentsPdsAndIsAWellFormedCar() throws IOException {
        Testbed.Account alice = tb().account("alice");
        URI pds = pdsOf("alice");
        assertThat(pds).isEqualTo(tb().pdsUrl());
        Path target = dir.resolve("alice.car");
        long[] last = {0};

        long n = client.getRepo(pds, did("alice"), Optional.empty(), target, (bytes, total) -> last[0] = bytes);

        assertThat(n).isEqualTo(Files.size(target)).isEqualTo(last[0]).isGreaterThan(10_000);
        CarFileCheck.Summary car = CarFileCheck.check(target);
        assertThat(car.roots()).containsExactly(Cid.parse(alice.commitCid()));
        assertThat(car.blocks()).isGreaterThan(alice.totalRecords());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aRepoDownloadSinceAnEarlierRevIsSmallerAndWellFormed() throws IOException {
        Testbed.Account alice = tb().account("alice");
        assertThat(alice.sinceRev()).isNotNull();
        Path full = dir.resolve("full.car");
        Path diff = dir.resolve("diff.car");

        client.getRepo(tb().pdsUrl(), did("alice"), Optional.empty(), full, ProgressListener.NONE);
        client.getRepo(tb().pdsUrl(), did("alice"), Optional.of(alice.sinceRev()), diff, ProgressListener.NONE);

        assertThat(Files.size(diff)).isLessThan(Files.size(full));
        assertThat(CarFileCheck.check(diff).roots()).containsExactly(Cid.parse(alice.commitCid()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "carol"})
    void listBlobsGivesTheBlobsTheTestBedRecorded(String account) {
        List<Cid> expected = tb().account(account).blobs().stream().map(Cid::parse).toList();

        assertThat(client.listBlobs(tb().pdsUrl(), did(account), Optional.empty()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyBlobOfAliceDownloadsAndMatchesItsCid() throws IOException {
        List<Cid> blobs = client.listBlobs(tb().pdsUrl(), did("alice"), Optional.empty());
        assertThat(blobs).isNotEmpty();
        long biggest = 0;
        for (Cid cid : blobs) {
            Path target = dir.resolve(cid.toString());
            long n = client.getBlob(tb().pdsUrl(), did("alice"), cid, target);
            byte[] bytes = Files.readAllBytes(target);
            assertThat(bytes).hasSize((int) n);
            assertThat(Cid.of(Cid.RAW, bytes)).isEqualTo(cid);
            biggest = Math.max(biggest, n);
        }
        assertThat(biggest).as("the ~690 KB image").isGreaterThan(500_000);
    }

    @Test
    void latestCommitAndStatusMatchTheTestBed() {
        Testbed.Account alice = tb().account("alice");

        assertThat(client.getLatestCommit(tb().pdsUrl(), did("alice")))
                .isEqualTo(new LatestCommit(Cid.parse(alice.commitCid()), alice.rev()));
        assertThat(client.getRepoStatus(tb().pdsUrl(), did("alice")).active()).isTrue();
        assertThat(client.getRepoStatus(tb().pdsUrl(), did("dave")))
                .isEqualTo(new RepoStatus(did("dave"), false, Optional.of("deactivated"), Optional.empty()));
        assertThat(client.getRepoStatus(tb().pdsUrl(), did("erin")).status()).contains("takendown");
    }

    @Test
    void aDeactivatedAccountGivesRepoDeactivated() {
        assertThatThrownBy(() -> client.getRepo(tb().pdsUrl(), did("dave"), Optional.empty(), dir.resolve("d.car"),
                ProgressListener.NONE))
                .isInstanceOf(RepoDeactivatedException.class)
                .hasMessageContaining(did("dave").toString())
                .hasMessageContaining("deactivated");
        assertThatThrownBy(() -> client.listBlobs(tb().pdsUrl(), did("dave"), Optional.empty()))
                .isInstanceOf(RepoDeactivatedException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aTakenDownAccountGivesRepoTakendown() {
        assertThatThrownBy(() -> client.getRepo(tb().pdsUrl(), did("erin"), Optional.empty(), dir.resolve("e.car"),
                ProgressListener.NONE))
                .isInstanceOf(RepoTakendownException.class)
                .hasMessageContaining("taken down");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anUnknownDidGivesRepoNotFound() {
        Did ghost = Did.parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");

        assertThatThrownBy(() -> client.getRepo(tb().pdsUrl(), ghost, Optional.empty(), dir.resolve("g.car"),
                ProgressListener.NONE))
                .isInstanceOf(RepoNotFoundException.class)
                .hasMessageContaining(ghost.toString());
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aBlobTheAccountDoesNotHaveGivesBlobNotFound() {
        Cid missing = Cid.of(Cid.RAW, "carport: no such blob".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> client.getBlob(tb().pdsUrl(), did("alice"), missing, dir.resolve("b")))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining(missing.toString());
        assertThat(dir).isEmptyDirectory();
    }
}
