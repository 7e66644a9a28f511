package carport.net.xrpc;

import static carport.net.testserver.TestHttpServer.json;
import static carport.net.testserver.TestHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.BadResponseException;
import carport.net.http.BodyTooLargeException;
import carport.net.http.ConnectionException;
import carport.net.http.DnsException;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.http.ProgressListener;
import carport.net.http.RateLimitedException;
import carport.net.http.RemoteTimeoutException;
import carport.net.XrpcException;
import carport.net.testserver.RawHttpServer;
import carport.net.testserver.TestHttpServer;
import carport.net.testserver.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sync client against servers that misbehave on purpose, over real sockets: every case ends in
 * a retry that succeeds or in a clear exception, and never leaves a partial file at the target.
 */
class SyncClientHostileServerTest {
    private static final Did DID = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
    private static final String GET_REPO = "/xrpc/com.atproto.sync.getRepo";
    private static final String GET_BLOB = "/xrpc/com.atproto.sync.getBlob";
    private static final String LIST_BLOBS = "/xrpc/com.atproto.sync.listBlobs";

    @TempDir
    Path dir;

    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private byte[] repo;
    private byte[] blob;
    private Cid blobCid;

    @BeforeEach
    void data() {
        Random r = new Random(42);
        repo = new byte[300_000];
        r.nextBytes(repo);
        blob = new byte[100_000];
        r.nextBytes(blob);
        blobCid = Cid.of(Cid.RAW, blob);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private HttpConfig.Builder config() {
        return HttpConfig.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofMillis(800))
                .maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
                .rateLimit(Duration.ofSeconds(3), 3)
                .listener(notices::add);
    }

    private SyncClient client() {
        return new SyncClient(config().build());
    }

    private TestHttpServer http() throws IOException {
        TestHttpServer s = TestHttpServer.http();
        servers.add(s);
        return s;
    }

    private RawHttpServer raw(RawHttpServer.Script script) throws IOException {
        RawHttpServer s = new RawHttpServer(script);
        servers.add(s);
        return s;
    }

    /** Nothing but {@code expected} (if any) in the download directory: no temp files left behind. */
    private void assertDirHoldsOnly(String... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(expected);
        }
    }

    // ------------------------------------------------------------------ getRepo

    @Test
    void getRepoSavesTheBodyAndSendsUserAgentAndSince() throws Exception {
        TestHttpServer s = http().route(GET_REPO, ex -> send(ex, 200, "application/vnd.ipld.car", repo));
        Path target = dir.resolve("repo.car");
        List<long[]> progress = new CopyOnWriteArrayList<>();

        long n = client().getRepo(s.uri(), DID, Optional.of("3l5zq2b3x4c2a"), target,
                (bytes, total) -> progress.add(new long[] {bytes, total}));

        assertThat(n).isEqualTo(repo.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
        TestHttpServer.Request req = s.requests().get(0);
        assertThat(req.header("User-Agent")).startsWith("carport/");
        assertThat(req.header("Accept-Encoding")).contains("gzip");
        assertThat(req.query()).contains("did=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz").contains("since=3l5zq2b3x4c2a");
        assertThat(progress.get(progress.size() - 1)).containsExactly(repo.length, repo.length);
        assertDirHoldsOnly("repo.car");
    }

    @Test
    void aTargetInAMissingDirectoryIsALocalErrorNotARemoteOne() throws Exception {
        TestHttpServer s = http().route(GET_REPO, ex -> send(ex, 200, "application/vnd.ipld.car", repo));

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("no/such/dir/r.car"),
                ProgressListener.NONE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no/such/dir");
        assertThat(s.count(GET_REPO)).isZero();
    }

    @Test
    void getRepoDecodesAGzipBody() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(repo);
        }
        TestHttpServer s = http().route(GET_REPO, ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            send(ex, 200, "application/vnd.ipld.car", gz.toByteArray());
        });
        Path target = dir.resolve("repo.car");

        assertThat(client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE))
                .isEqualTo(repo.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
    }

    @Test
    void getRepoStartsOverAfterTheConnectionDropsMidBody() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + repo.length));
            out.write(repo, 0, n == 0 ? repo.length / 2 : repo.length);
        });
        Path target = dir.resolve("repo.car");

        client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
        assertThat(s.connections()).isEqualTo(2);
        assertThat(notices).anySatisfy(m -> assertThat(m).contains("127.0.0.1").contains("retrying"));
        assertDirHoldsOnly("repo.car");
    }

    @Test
    void getRepoThatAlwaysDropsFailsAndLeavesTheOldFileUntouched() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + repo.length));
            out.write(repo, 0, 1000);
        });
        Path target = dir.resolve("repo.car");
        Files.writeString(target, "the previous good export");

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + s.uri().getPort());
        assertThat(s.connections()).isEqualTo(3);
        assertThat(Files.readString(target)).isEqualTo("the previous good export");
        assertDirHoldsOnly("repo.car");
    }

    @Test
    void aContentLengthLongerThanTheBodyIsABrokenDownloadNotAShortFile() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + (repo.length + 5000)));
            out.write(repo);
        });

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                ProgressListener.NONE)).isInstanceOf(ConnectionException.class);
        assertThat(s.connections()).isEqualTo(3);
        assertDirHoldsOnly();
    }

    @Test
    void aContentLengthShorterThanTheBlobFailsItsCidCheck() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + (blob.length - 10)));
            out.write(blob);
        });

        assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, dir.resolve("blob")))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("does not match");
        assertDirHoldsOnly();
    }

    @Test
    void aBodyThatStallsTimesOutInsteadOfHanging() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + repo.length));
            out.write(repo, 0, 5000);
            out.flush();
            Thread.sleep(20_000);
        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                ProgressListener.NONE))
                .isInstanceOf(RemoteTimeoutException.class)
                .hasMessageContaining("no data");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(s.connections()).isEqualTo(3);
        assertDirHoldsOnly();
    }

    @Test
    void aSlowButSteadyBodyIsNotCutOffByTheIdleTimeout() throws Exception {
        // 2.4 s in all, three times the idle timeout, but never 0.8 s without a byte
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + repo.length));
            int chunk = repo.length / 12;
            for (int off = 0; off < repo.length; off += chunk) {
                out.write(repo, off, Math.min(chunk, repo.length - off));
                out.flush();
                Thread.sleep(200);
            }
        });
        Path target = dir.resolve("repo.car");

        client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
        assertThat(s.connections()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        RawHttpServer s = raw((n, head, out) -> Thread.sleep(20_000));

        assertThatThrownBy(() -> client().getLatestCommit(s.uri(), DID))
                .isInstanceOf(RemoteTimeoutException.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port);

        assertThatThrownBy(() -> client().getLatestCommit(nobody, DID))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port + " (connection refused)");
        assertThat(notices).hasSize(2);
    }

    @Test
    void aHostNameThatDoesNotResolveIsADnsErrorAndNotRetried() {
        // .invalid never resolves (RFC 6761)
        assertThatThrownBy(() -> client().getLatestCommit(URI.create("https://carport-test.invalid"), DID))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("carport-test.invalid");
        assertThat(notices).isEmpty();
    }

    // ------------------------------------------------------------------ getBlob

    @Test
    void getBlobSavesBytesThatMatchTheCid() throws Exception {
        TestHttpServer s = http().route(GET_BLOB, ex -> send(ex, 200, "image/png", blob));

        assertThat(client().getBlob(s.uri(), DID, blobCid, dir.resolve("b"))).isEqualTo(blob.length);
        assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(blob);
        assertThat(s.requests().get(0).query()).contains("cid=" + blobCid);
    }

    @Test
    void getBlobWithWrongBytesSavesNothingAndDoesNotRetry() throws Exception {
        byte[] wrong = blob.clone();
        wrong[777] ^= 1;
        TestHttpServer s = http().route(GET_BLOB, ex -> send(ex, 200, "image/png", wrong));
        Path target = dir.resolve("b");

        assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, target))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("SHA-256 does not match");
        assertThat(s.count(GET_BLOB)).isEqualTo(1);
        assertDirHoldsOnly();
    }

    // ------------------------------------------------------------------ size limits and slow bodies

    /** Writes up to {@code max} bytes of the same chunk, counting what the socket took. */
    private static void writeUpTo(java.io.OutputStream out, long max, AtomicLong sent) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        new Random(7).nextBytes(chunk);
        while (sent.get() < max) {
            out.write(chunk);
            sent.addAndGet(chunk.length);
        }
    }

    @Test
    void anEndlessBlobStopsAtTheBlobLimitAndSavesNothing() throws Exception {
        AtomicLong sent = new AtomicLong();
        // no Content-Length: the body ends when the server closes, which this one does only after 400 MiB
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Type: image/png"));
            writeUpTo(out, 400L << 20, sent);
        });

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, dir.resolve("b")))
                        .isInstanceOf(BadResponseException.class)
                        .hasMessageContaining("more than the limit of 100 MiB (--max-blob-size)"));
        assertThat(s.connections()).isEqualTo(1);
        assertThat(sent.get()).isLessThan(200L << 20);
        assertDirHoldsOnly();
    }

    @Test
    void aGzipBombBlobStopsAtTheBlobLimit() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                out.write(zeros);
            }
        }
        TestHttpServer s = http().route(GET_BLOB, ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            send(ex, 200, "image/png", gz.toByteArray());
        });

        assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, dir.resolve("b")))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("more than the limit of 100 MiB (--max-blob-size)");
        assertDirHoldsOnly();
    }

    @Test
    void aBlobThatDeclaresMoreThanTheLimitIsRefusedBeforeItsBody() throws Exception {
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + (200L << 20)));
            out.write(blob, 0, 1000);
            out.flush();
            Thread.sleep(20_000);
        });

        assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, dir.resolve("b")))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("declares " + (200L << 20) + " bytes")
                .hasMessageContaining("the limit of 100 MiB (--max-blob-size)");
        assertThat(s.connections()).isEqualTo(1);
        assertDirHoldsOnly();
    }

    @Test
    void aBlobLargerThanItsContentLengthIsCutThereAndFailsItsCidCheckWithoutRetry() throws Exception {
        AtomicLong sent = new AtomicLong();
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: 1000"));
            out.write(blob);
            writeUpTo(out, 50L << 20, sent);
        });

        assertThatThrownBy(() -> client().getBlob(s.uri(), DID, blobCid, dir.resolve("b")))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("sent 1000 bytes whose SHA-256 does not match");
        assertThat(s.connections()).isEqualTo(1);
        assertDirHoldsOnly();
    }

    @Test
    void aRepoLargerThanTheRepoLimitIsStoppedThere() throws Exception {
        TestHttpServer s = http().route(GET_REPO, ex -> send(ex, 200, "application/vnd.ipld.car", repo));
        SyncClient c = new SyncClient(new HttpTransport(config().build()),
                SyncClient.Limits.defaults().withMaxRepoBytes(100_000));

        assertThatThrownBy(() -> c.getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                ProgressListener.NONE))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("declares " + repo.length + " bytes")
                .hasMessageContaining("the limit of 100000 B (--max-repo-size)");
        assertDirHoldsOnly();
    }

    @Test
    void aBodyThatDripsAFewBytesASecondFailsInBoundedTime() throws Exception {
        // never 0.8 s (the idle timeout) without a byte, but far less than 1 KiB in any 0.8 s
        RawHttpServer s = raw((n, head, out) -> {
            out.write(RawHttpServer.head(200, "Content-Length: " + repo.length));
            for (int off = 0; off < repo.length; off += 10) {
                out.write(repo, off, 10);
                out.flush();
                Thread.sleep(100);
            }
        });
        long start = System.nanoTime();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                        ProgressListener.NONE))
                        .isInstanceOf(RemoteTimeoutException.class)
                        .hasMessageContaining("sent only")
                        .hasMessageContaining("too slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertDirHoldsOnly();
    }

    // ------------------------------------------------------------------ redirects

    @Test
    void aRedirectToPlainHttpOnANonLoopbackHostIsRefusedWithoutFollowingIt() throws Exception {
        TestHttpServer s = http().route(GET_REPO, ex -> {
            ex.getResponseHeaders().set("Location", "http://carport-test.invalid/xrpc/com.atproto.sync.getRepo");
            send(ex, 302, "text/plain", "moved");
        });

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                ProgressListener.NONE))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("redirected /xrpc/com.atproto.sync.getRepo to http://carport-test.invalid")
                .hasMessageContaining("plain http");
        assertThat(notices).isEmpty();
        assertDirHoldsOnly();
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        TestPki pki = TestPki.create("localhost");
        TestHttpServer plain = http().route(GET_REPO, ex -> send(ex, 200, "application/vnd.ipld.car", repo));
        TestHttpServer tls = TestHttpServer.https(pki.serverContext());
        servers.add(tls);
        tls.route(GET_REPO, ex -> {
            ex.getResponseHeaders().set("Location", plain.uri() + GET_REPO + "?" + ex.getRequestURI().getRawQuery());
            send(ex, 307, "text/plain", "moved");
        });
        SyncClient c = new SyncClient(config().sslContext(pki.clientContext()).build());

        assertThatThrownBy(() -> c.getRepo(URI.create("https://localhost:" + tls.port()), DID, Optional.empty(),
                dir.resolve("repo.car"), ProgressListener.NONE))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("downgrade https to plain http");
        assertThat(plain.count(GET_REPO)).isZero();
        assertDirHoldsOnly();
    }

    @Test
    void aRedirectToAnotherHostIsFollowedLikeARelayToItsPds() throws Exception {
        TestHttpServer pds = http().route(GET_REPO, ex -> send(ex, 200, "application/vnd.ipld.car", repo));
        TestHttpServer relay = http().route(GET_REPO, ex -> {
            ex.getResponseHeaders().set("Location", "http://localhost:" + pds.port() + GET_REPO + "?"
                    + ex.getRequestURI().getRawQuery());
            send(ex, 302, "text/plain", "moved");
        });
        Path target = dir.resolve("repo.car");

        client().getRepo(relay.uri(), DID, Optional.empty(), target, ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
        assertThat(pds.requests().get(0).query()).contains("did=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz");
    }

    @Test
    void aRedirectLoopEndsAfterAFewRedirects() throws Exception {
        TestHttpServer s = http();
        s.route(GET_REPO, ex -> {
            ex.getResponseHeaders().set("Location", GET_REPO + "?" + ex.getRequestURI().getRawQuery());
            send(ex, 301, "text/plain", "moved");
        });

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("repo.car"),
                ProgressListener.NONE))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("more than 5 times");
        assertThat(s.count(GET_REPO)).isEqualTo(6);
        assertDirHoldsOnly();
    }

    // ------------------------------------------------------------------ 429 and 5xx

    @Test
    void a429WithRetryAfterSecondsIsWaitedOutAndSaidOnTheListener() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestHttpServer s = http().route(GET_BLOB, ex -> {
            if (calls.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("Retry-After", "1");
                json(ex, 429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}");
            } else {
                send(ex, 200, "image/png", blob);
            }
        });
        long start = System.nanoTime();

        client().getBlob(s.uri(), DID, blobCid, dir.resolve("b"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(s.count(GET_BLOB)).isEqualTo(2);
        assertThat(notices).singleElement().asString().contains("429").contains("waiting 1 s");
        assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(blob);
    }

    @Test
    void a429WithAnHttpDateRetryAfterWaitsUntilThatTime() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestHttpServer s = http().route(GET_BLOB, ex -> {
            if (calls.getAndIncrement() == 0) {
                String when = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
                ex.getResponseHeaders().set("Retry-After", when);
                json(ex, 429, "{\"error\":\"RateLimitExceeded\"}");
            } else {
                send(ex, 200, "image/png", blob);
            }
        });
        long start = System.nanoTime();

        client().getBlob(s.uri(), DID, blobCid, dir.resolve("b"));

        // An HTTP date has whole seconds, so "now + 2 s" is 1 to 2 s away.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(s.count(GET_BLOB)).isEqualTo(2);
    }

    @Test
    void a429WithRateLimitResetEpochSecondsWaitsUntilThen() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestHttpServer s = http().route(GET_BLOB, ex -> {
            if (calls.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 2));
                json(ex, 429, "{\"error\":\"RateLimitExceeded\"}");
            } else {
                send(ex, 200, "image/png", blob);
            }
        });
        long start = System.nanoTime();

        client().getBlob(s.uri(), DID, blobCid, dir.resolve("b"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(notices).singleElement().asString().contains("as it asked");
    }

    @Test
    void endless429sAreWaitedOutAtMostTheCappedNumberOfTimes() throws Exception {
        TestHttpServer s = http().route(GET_BLOB, ex -> {
            ex.getResponseHeaders().set("Retry-After", "3600");
            json(ex, 429, "{\"error\":\"RateLimitExceeded\",\"message\":\"slow down\"}");
        });
        SyncClient c = new SyncClient(config().rateLimit(Duration.ofMillis(150), 2).build());
        long start = System.nanoTime();

        assertThatThrownBy(() -> c.getBlob(s.uri(), DID, blobCid, dir.resolve("b")))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("429");
        // two waits, each cut from an hour to the 150 ms cap
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        assertThat(s.count(GET_BLOB)).isEqualTo(3);
        assertThat(notices).hasSize(2).allSatisfy(m -> assertThat(m).contains("0.2 s"));
        assertDirHoldsOnly();
    }

    @Test
    void fiveHundredsAreRetriedUntilTheServerRecovers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestHttpServer s = http().route(GET_REPO, ex -> {
            int n = calls.getAndIncrement();
            if (n == 0) {
                json(ex, 500, "{\"error\":\"InternalServerError\"}");
            } else if (n == 1) {
                send(ex, 503, "text/html", "<html>bad gateway</html>");
            } else {
                send(ex, 200, "application/vnd.ipld.car", repo);
            }
        });
        Path target = dir.resolve("repo.car");

        client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(repo);
        assertThat(s.count(GET_REPO)).isEqualTo(3);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("HTTP 500").contains("attempt 2 of 3");
    }

    @Test
    void fiveHundredsForeverEndInAnXrpcErrorAfterTheAttemptBound() throws Exception {
        TestHttpServer s = http().route(GET_REPO,
                ex -> json(ex, 500, "{\"error\":\"InternalServerError\",\"message\":\"db down\"}"));

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("r"),
                ProgressListener.NONE))
                .isInstanceOfSatisfying(XrpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.error()).isEqualTo("InternalServerError");
                })
                .hasMessageContaining("db down")
                .hasMessageContaining("try again later");
        assertThat(s.count(GET_REPO)).isEqualTo(3);
        assertDirHoldsOnly();
    }

    // ------------------------------------------------------------------ account states and errors

    static Stream<Arguments> accountErrors() {
        return Stream.of(
                Arguments.of(GET_REPO, "RepoNotFound", "Could not find repo", RepoNotFoundException.class),
                Arguments.of(GET_REPO, "RepoTakendown", "Repo has been takendown", RepoTakendownException.class),
                Arguments.of(GET_REPO, "RepoSuspended", "Repo has been suspended", RepoSuspendedException.class),
                Arguments.of(GET_REPO, "RepoDeactivated", "Repo has been deactivated", RepoDeactivatedException.class),
                Arguments.of(GET_BLOB, "BlobNotFound", "no such blob", BlobNotFoundException.class),
                Arguments.of(GET_BLOB, "InvalidRequest", "Blob not found", BlobNotFoundException.class),
                Arguments.of(GET_BLOB, "RepoDeactivated", "Repo has been deactivated", RepoDeactivatedException.class));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accountErrors")
    void accountStateErrorsBecomeTheirOwnExceptionWithoutRetry(String path, String error, String message,
            Class<? extends XrpcException> type) throws Exception {
        TestHttpServer s = http().route(path,
                ex -> json(ex, 400, "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}"));
        Path target = dir.resolve("out");

        Runnable call = path.equals(GET_REPO)
                ? () -> client().getRepo(s.uri(), DID, Optional.empty(), target, ProgressListener.NONE)
                : () -> client().getBlob(s.uri(), DID, blobCid, target);

        assertThatThrownBy(call::run)
                .isInstanceOf(type)
                .hasMessageContaining(DID.toString())
                .hasMessageNotContaining("\n");
        assertThat(s.count(path)).isEqualTo(1);
        assertDirHoldsOnly();
    }

    @Test
    void aNonXrpcErrorPageStillGivesAOneLineMessage() throws Exception {
        TestHttpServer s = http().route(GET_REPO, ex -> send(ex, 404, "text/html", "<html>\n<h1>Not Found</h1>"));

        assertThatThrownBy(() -> client().getRepo(s.uri(), DID, Optional.empty(), dir.resolve("r"),
                ProgressListener.NONE))
                .isExactlyInstanceOf(XrpcException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("really a PDS")
                .hasMessageNotContaining("\n");
    }

    // ------------------------------------------------------------------ listBlobs

    private static String page(List<Cid> cids, String cursor) {
        StringBuilder sb = new StringBuilder("{");
        if (cursor != null) {
            sb.append("\"cursor\":\"").append(cursor).append("\",");
        }
        sb.append("\"cids\":[");
        for (int i = 0; i < cids.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(cids.get(i)).append('"');
        }
        return sb.append("]}").toString();
    }

    private static List<Cid> cids(int from, int to) {
        List<Cid> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(Cid.of(Cid.RAW, ("blob " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void listBlobsFollowsTheCursorAndStopsOnAnEmptyPage() throws Exception {
        List<Cid> all = cids(0, 2500);
        TestHttpServer s = http().route(LIST_BLOBS, ex -> {
            String cursor = TestHttpServer.param(ex, "cursor");
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(all.size(), from + Integer.parseInt(TestHttpServer.param(ex, "limit")));
            // like the reference PDS: a cursor on every page, the last one included
            json(ex, 200, page(all.subList(from, to), to == from ? null : Integer.toString(to)));
        });

        assertThat(client().listBlobs(s.uri(), DID, Optional.empty())).containsExactlyElementsOf(all);
        assertThat(s.count(LIST_BLOBS)).isEqualTo(4); // 1000 + 1000 + 500 + the empty page
    }

    @Test
    void aRepeatingListBlobsCursorIsABadResponse() throws Exception {
        List<Cid> first = cids(0, 3);
        List<Cid> last = cids(3, 5);
        TestHttpServer s = http().route(LIST_BLOBS, ex -> {
            String cursor = TestHttpServer.param(ex, "cursor");
            json(ex, 200, cursor == null ? page(first, "c1") : page(last, "c1"));
        });

        assertThatThrownBy(() -> client().listBlobs(s.uri(), DID, Optional.empty()))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("cursor 'c1' again");
        assertThat(s.count(LIST_BLOBS)).isEqualTo(2);
    }

    @Test
    void aListBlobsPageLongerThanTheLimitAskedForIsABadResponse() throws Exception {
        TestHttpServer s = http().route(LIST_BLOBS, ex -> json(ex, 200, page(cids(0, 1001), "next")));

        assertThatThrownBy(() -> client().listBlobs(s.uri(), DID, Optional.empty()))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("1001 CIDs when at most 1000");
        assertThat(s.count(LIST_BLOBS)).isEqualTo(1);
    }

    @Test
    void anEndlessListBlobsCursorIsCutOffAtThePageCap() throws Exception {
        AtomicInteger n = new AtomicInteger();
        TestHttpServer s = http().route(LIST_BLOBS,
                ex -> json(ex, 200, page(cids(0, 2), "next-" + n.incrementAndGet())));
        SyncClient c = new SyncClient(new HttpTransport(config().build()), 25);

        assertThatThrownBy(() -> c.listBlobs(s.uri(), DID, Optional.empty()))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("25 pages");
        assertThat(s.count(LIST_BLOBS)).isEqualTo(25);
    }

    @Test
    void aListBlobsPageWithABadCidIsAMalformedAnswer() throws Exception {
        TestHttpServer s = http().route(LIST_BLOBS, ex -> json(ex, 200, "{\"cids\":[\"not-a-cid\"]}"));

        assertThatThrownBy(() -> client().listBlobs(s.uri(), DID, Optional.empty()))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("listBlobs");
    }

    // ------------------------------------------------------------------ small JSON endpoints

    @Test
    void getLatestCommitAndRepoStatusAreParsed() throws Exception {
        Cid head = Cid.of(Cid.DAG_CBOR, new byte[] {(byte) 0xa0});
        TestHttpServer s = http()
                .route("/xrpc/com.atproto.sync.getLatestCommit",
                        ex -> json(ex, 200, "{\"cid\":\"" + head + "\",\"rev\":\"3l5zq2b3x4c2a\"}"))
                .route("/xrpc/com.atproto.sync.getRepoStatus",
                        ex -> json(ex, 200, "{\"did\":\"" + DID + "\",\"active\":false,\"status\":\"deactivated\"}"));

        assertThat(client().getLatestCommit(s.uri(), DID)).isEqualTo(new LatestCommit(head, "3l5zq2b3x4c2a"));
        assertThat(client().getRepoStatus(s.uri(), DID))
                .isEqualTo(new RepoStatus(DID, false, Optional.of("deactivated"), Optional.empty()));
    }

    @Test
    void aTruncatedJsonAnswerIsAMalformedAnswer() throws Exception {
        TestHttpServer s = http().route("/xrpc/com.atproto.sync.getLatestCommit",
                ex -> json(ex, 200, "{\"cid\":\"bafy"));

        assertThatThrownBy(() -> client().getLatestCommit(s.uri(), DID))
                .isInstanceOf(BadResponseException.class)
                .hasMessageContaining("getLatestCommit");
    }

    @Test
    void aTrailingSlashOnThePdsUrlDoesNotChangeThePath() {
        assertThat(SyncClient.xrpc(URI.create("https://pds.example.com/"), "com.atproto.sync.getRepo", "did",
                "did:web:example.com%3A8080"))
                .hasToString("https://pds.example.com/xrpc/com.atproto.sync.getRepo?did=did%3Aweb%3Aexample.com%253A8080");
    }
}
