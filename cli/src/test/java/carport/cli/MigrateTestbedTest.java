package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.testbed.PdsClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.TcpProxy;
import carport.testbed.Testbed;
import carport.testbed.TestbedInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate}, {@code identity add-rotation-key} and {@code export --login} on a private two-PDS
 * test bed (real PLC, PDS 1 and PDS 2): app and wrong passwords refused before anything changes, a
 * full move of alice killed with SIGKILL at several steps and re-run, the emailed token round, the
 * printed comparison; the target going down mid-upload; a rotation key put first.
 */
@RequiresTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateTestbedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestbedInstance instance;
    private static Testbed bed;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void launch() {
        instance = TestbedInstance.launch(TestbedInstance.Options.twoPds().bobRecords(20));
        bed = instance.testbed();
    }

    @AfterAll
    static void close() {
        if (instance != null) {
            instance.close();
        }
    }

    private static Path secretFile(String name, String value) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, value + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static String plc() {
        return bed.plcUrl().toString();
    }

    private static boolean activeOn(PdsClient pds, String did) {
        JsonNode s = pds.query("com.atproto.sync.getRepoStatus", Map.of("did", did), null);
        return s.path("active").asBoolean(false);
    }

    private static boolean hasAccount(PdsClient pds, String did) {
        try {
            pds.query("com.atproto.sync.getRepoStatus", Map.of("did", did), null);
            return true;
        } catch (PdsClient.XrpcException e) {
            return false;
        }
    }

    private static JsonNode plcData(String did) throws IOException {
        try (java.io.InputStream in = java.net.URI.create(bed.plcUrl() + "/" + did + "/data").toURL().openStream()) {
            return JSON.readTree(in);
        }
    }

    @Test
    @Order(1)
    void anAppPasswordOrAWrongPasswordIsRefusedBeforeAnythingIsTouched() throws IOException {
        Testbed.Account bob = bed.account("bob");
        PdsClient.Session s = bed.pds().createSession(bob);
        String app = bed.pds().procedure("com.atproto.server.createAppPassword", Map.of("name", "migrate-test"), s)
                .path("password").asText();
        Path out = tmp.resolve("refused");

        CliRun r = CliRun.run("migrate", bob.did(), "--to", bed.pds2Url(), "--password-file", secretFile("app", app),
                "--handle", "bob.test2", "-o", out, "--plc-host", plc());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("app password").contains("main password").doesNotContain(app);
        assertThat(out.resolve(bob.did())).doesNotExist();
        assertThat(hasAccount(bed.pds2(), bob.did())).isFalse();

        CliRun wrong = CliRun.run("migrate", bob.did(), "--to", bed.pds2Url(), "--password-file",
                secretFile("wrong", "not-bobs-password"), "--handle", "bob.test2", "-o", out, "--plc-host", plc());

        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(2);
        assertThat(wrong.err()).contains("Invalid identifier or password").doesNotContain("not-bobs-password");
        // one line says it (resolution may add retry notices before it, e.g. an unreachable handle host)
        assertThat(wrong.errLines()).filteredOn(l -> l.contains("refused the login")).hasSize(1);
        assertThat(wrong.err()).doesNotContain("\tat ");
        assertThat(out.resolve(bob.did())).doesNotExist();
        assertThat(activeOn(bed.pds(), bob.did())).isTrue();
    }

    @Test
    @Order(2)
    void exportLoginKeepsThePreferencesAndCheckAcceptsThem() throws IOException {
        Testbed.Account bob = bed.account("bob");
        Path out = tmp.resolve("login");

        CliRun r = CliRun.run("export", bob.did(), "--login", "--password-file", secretFile("bob", bob.password()),
                "-o", out, "--plc-host", plc());

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode kept = JSON.readTree(out.resolve(bob.did()).resolve("_preferences.json").toFile());
        assertThat(kept.path("did").asText()).isEqualTo(bob.did());
        assertThat(kept.path("preferences")).isEqualTo(bob.preferences().orElseThrow());
        CliRun check = CliRun.run("check", out.resolve(bob.did()));
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("_preferences.json");

        Files.writeString(out.resolve(bob.did()).resolve("_preferences.json"), "{\"did\":\"" + bob.did() + "\"}");
        assertThat(CliRun.run("check", out.resolve(bob.did())).code()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theTargetGoingDownMidUploadStopsWithExit3AndAReRunContinues() throws Exception {
        Testbed.Account bob = bed.account("bob");
        Path out = tmp.resolve("outage");
        Path pw = secretFile("bob2", bob.password());
        try (TcpProxy proxy = TcpProxy.to(bed.pds2Url())) {
            Child c = Child.run(line -> {
                if (line.startsWith("blobs: ") && line.endsWith("to upload")) {
                    proxy.down();
                }
            }, null, "migrate", bob.did(), "--to", proxy.url(), "--password-file", pw, "--handle", "bob.test2",
                    "-o", out, "--plc-host", plc(), "--blob-threads", "1");
            assertThat(c.exit).as(c.log.toString()).isEqualTo(3);
            assertThat(c.log.toString()).contains("cannot connect to");
            JsonNode state = JSON.readTree(out.resolve(bob.did()).resolve("_move.json").toFile());
            assertThat(state.path("step").asText()).isEqualTo("repo_imported");
            assertThat(activeOn(bed.pds(), bob.did())).as("the old account stays active").isTrue();

            proxy.up();
            CliRun again = CliRun.run("migrate", bob.did(), "--to", proxy.url(), "--password-file", pw,
                    "-o", out, "--plc-host", plc(), "--blob-threads", "1");
            assertThat(again.code()).as(again.toString()).isEqualTo(5);
            assertThat(again.err()).contains("--plc-token TOKEN").contains("continuing");
            state = JSON.readTree(out.resolve(bob.did()).resolve("_move.json").toFile());
            assertThat(state.path("step").asText()).isEqualTo("plc_token_requested");
            assertThat(activeOn(bed.pds(), bob.did())).isTrue();
        }
    }

    @Test
    @Order(4)
    void aRateLimitOnBlobUploadsStopsBeforeTheIdentityWithExit4AndTheOldAccountActive() throws Exception {
        Testbed.Account carol = bed.account("carol");
        Path out = tmp.resolve("limited");
        Path pw = secretFile("carol-limited", carol.password());
        try (Forwarder pds2 = new Forwarder(bed.pds2Url())) {
            pds2.limitUploads = true;
            CliRun r = CliRun.run("migrate", carol.did(), "--to", pds2.url(), "--password-file", pw,
                    "--handle", "carol.test2", "-o", out, "--plc-host", plc(), "--blob-threads", "2");

            assertThat(r.code()).as(r.toString()).isEqualTo(4);
            assertThat(r.err()).contains("rate limit").contains("still active").contains("Re-run");
            assertThat(r.errLines().stream().filter(l -> l.contains("held back")).findFirst().orElseThrow())
                    .contains("uploadBlob (HTTP 429)").contains("run again then");
            JsonNode state = JSON.readTree(out.resolve(carol.did()).resolve("_move.json").toFile());
            assertThat(state.path("blobsLeft").asLong()).isPositive();
            assertThat(state.path("step").asText()).isEqualTo("repo_imported");
            assertThat(activeOn(bed.pds(), carol.did())).isTrue();
            assertThat(plcData(carol.did()).path("services").path("atproto_pds").path("endpoint").asText())
                    .isEqualTo(bed.pdsUrl().toString());

            pds2.limitUploads = false;
            CliRun again = CliRun.run("migrate", carol.did(), "--to", pds2.url(), "--password-file", pw,
                    "-o", out, "--plc-host", plc());
            assertThat(again.code()).as(again.toString()).isEqualTo(5);
            assertThat(JSON.readTree(out.resolve(carol.did()).resolve("_move.json").toFile()).path("blobsLeft")
                    .asLong()).isZero();
        }
    }

    @Test
    @Order(5)
    void aliceMovesKilledAtSeveralStepsAndIsProvenAfter() throws Exception {
        Testbed.Account alice = bed.account("alice");
        Path out = tmp.resolve("move");
        Path pw = secretFile("alice", alice.password());
        List<Object> cmd = List.of("migrate", alice.did(), "--to", bed.pds2Url(), "--password-file", pw,
                "--handle", "alice.test2", "-o", out, "--plc-host", plc());
        Path dir = out.resolve(alice.did());

        // SIGKILL while the account is being created, then while the repository is imported,
        // then in the middle of the blobs: each re-run continues.
        for (String at : new String[] {"creating the account", "importing the repository", "blobs: 5 of"}) {
            Child c = Child.run(null, at, cmd.toArray());
            assertThat(c.killed).as("killed at '" + at + "'\n" + c.log.toString()).isTrue();
            assertThat(activeOn(bed.pds(), alice.did())).isTrue();
        }
        assertThat(JSON.readTree(dir.resolve("_move.json").toFile()).path("step").asText()).isIn("account_created",
                "repo_imported");

        CliRun waiting = CliRun.run(cmd.toArray());
        assertThat(waiting.code()).as(waiting.toString()).isEqualTo(5);
        assertThat(waiting.err()).contains("carport migrate " + alice.did()).contains("--plc-token TOKEN")
                .doesNotContain(alice.password());
        String token = bed.control().emailToken(alice.did()).orElseThrow();

        // SIGKILL right after the identity switch, before activation: the re-run must not sign again.
        List<Object> withToken = new ArrayList<>(cmd);
        withToken.addAll(List.of("--plc-token", token));
        Child c = Child.run(null, "identity: the DID now names", withToken.toArray());
        assertThat(c.killed).as(c.log.toString()).isTrue();
        assertThat(plcData(alice.did()).path("services").path("atproto_pds").path("endpoint").asText())
                .isEqualTo(bed.pds2Url().toString());
        assertThat(activeOn(bed.pds(), alice.did())).as("never two inactive accounts").isTrue();

        CliRun done = CliRun.run(withToken.toArray());
        assertThat(done.code()).as(done.toString()).isZero();
        assertThat(done.out()).contains("ok    records: ").contains("ok    blobs: ").contains("ok    preferences: ")
                .contains("ok    identity: ").contains("ok    head: ").contains("ok    account: ")
                .contains("nothing was lost").doesNotContain("FAIL");
        JsonNode data = plcData(alice.did());
        assertThat(data.path("rotationKeys").get(0).asText()).isEqualTo(alice.rotationKey().orElseThrow().didKey());
        assertThat(activeOn(bed.pds2(), alice.did())).isTrue();
        assertThat(activeOn(bed.pds(), alice.did())).isFalse();
        assertThat(JSON.readTree(dir.resolve("_move.json").toFile()).path("step").asText()).isEqualTo("proven");
        assertThat(Files.readString(dir.resolve("_move.json"))).doesNotContain(alice.password()).doesNotContain(token);

        CliRun status = CliRun.run("migrate", alice.did(), "--status", "-o", out, "--plc-host", plc());
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).contains("last step done: proven").contains(bed.pds2Url() + ": active")
                .contains(bed.pdsUrl() + ": inactive");
        assertThat(CliRun.run("check", dir).code()).isZero();

        // The comparison can fail: preferences in the export that the new PDS does not have.
        Path prefs = dir.resolve("_preferences.json");
        String kept = Files.readString(prefs);
        Files.writeString(prefs, "{\"did\":\"" + alice.did() + "\",\"preferences\":[{\"$type\":"
                + "\"app.bsky.actor.defs#adultContentPref\",\"enabled\":true}]}");
        CliRun differs = CliRun.run(withToken.toArray());
        assertThat(differs.code()).as(differs.toString()).isEqualTo(1);
        assertThat(differs.out()).contains("FAIL  preferences").contains("ok    records: ");
        Files.writeString(prefs, kept);
        assertThat(CliRun.run(withToken.toArray()).code()).isZero();
    }

    @Test
    @Order(6)
    void addRotationKeyPutsTheUsersKeyFirst() throws Exception {
        Testbed.Account carol = bed.account("carol");
        Path key = tmp.resolve("carol.key");
        CliRun gen = CliRun.run("key", "generate", "-o", key);
        assertThat(gen.code()).as(gen.toString()).isZero();
        String didKey = gen.out().strip();
        Path pw = secretFile("carol", carol.password());
        List<String> before = new ArrayList<>();
        plcData(carol.did()).path("rotationKeys").forEach(k -> before.add(k.asText()));

        CliRun waiting = CliRun.run("identity", "add-rotation-key", carol.did(), "--key-file", key,
                "--password-file", pw, "--plc-host", plc());
        assertThat(waiting.code()).as(waiting.toString()).isEqualTo(5);
        String token = bed.control().emailToken(carol.did()).orElseThrow();

        CliRun wrongToken = CliRun.run("identity", "add-rotation-key", carol.did(), "--key-file", key,
                "--password-file", pw, "--plc-host", plc(), "--plc-token", "AAAAA-BBBBB");
        assertThat(wrongToken.code()).as(wrongToken.toString()).isEqualTo(3);
        assertThat(wrongToken.err()).contains("token");

        CliRun done = CliRun.run("identity", "add-rotation-key", carol.did(), "--key-file", key,
                "--password-file", pw, "--plc-host", plc(), "--plc-token", token);
        assertThat(done.code()).as(done.toString()).isZero();
        List<String> after = new ArrayList<>();
        plcData(carol.did()).path("rotationKeys").forEach(k -> after.add(k.asText()));
        List<String> expected = new ArrayList<>(List.of(didKey));
        expected.addAll(before);
        assertThat(after).isEqualTo(expected);

        CliRun again = CliRun.run("identity", "add-rotation-key", carol.did(), "--key-file", key,
                "--password-file", pw, "--plc-host", plc());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already the first rotation key");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun open = CliRun.run("identity", "add-rotation-key", carol.did(), "--key-file", key,
                "--password-file", pw, "--plc-host", plc());
        assertThat(open.code()).isEqualTo(2);
        assertThat(open.err()).contains("chmod 600");
    }

    /**
     * An HTTP reverse proxy in front of PDS 2 that can answer {@code uploadBlob} with the 429 a real
     * PDS gives when its daily upload limit is used up (the test bed's PDSes have no rate limits).
     */
    private static final class Forwarder implements AutoCloseable {
        private static final java.util.Set<String> HOP = java.util.Set.of("host", "content-length", "connection",
                "expect", "upgrade", "transfer-encoding", "keep-alive");
        final com.sun.net.httpserver.HttpServer server;
        final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        volatile boolean limitUploads;

        Forwarder(java.net.URI target) throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                try (ex) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    String path = ex.getRequestURI().getRawPath();
                    if (limitUploads && path.endsWith("/com.atproto.repo.uploadBlob")) {
                        ex.getResponseHeaders().set("RateLimit-Limit", "1000");
                        ex.getResponseHeaders().set("RateLimit-Remaining", "0");
                        ex.getResponseHeaders().set("RateLimit-Reset",
                                Long.toString(java.time.Instant.now().plusSeconds(6 * 3600).getEpochSecond()));
                        byte[] b = "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}"
                                .getBytes(StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("Content-Type", "application/json");
                        ex.sendResponseHeaders(429, b.length);
                        ex.getResponseBody().write(b);
                        return;
                    }
                    String q = ex.getRequestURI().getRawQuery();
                    java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(target + path + (q == null ? "" : "?" + q)))
                            .method(ex.getRequestMethod(), body.length == 0 && !ex.getRequestHeaders().containsKey(
                                    "Content-Type") ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
                    ex.getRequestHeaders().forEach((k, vs) -> {
                        if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                            vs.forEach(v -> rb.header(k, v));
                        }
                    });
                    java.net.http.HttpResponse<byte[]> resp = client.send(rb.build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    for (String h : new String[] {"content-type", "content-encoding"}) {
                        resp.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
                    }
                    byte[] b = resp.body();
                    ex.sendResponseHeaders(resp.statusCode(), b.length == 0 ? -1 : b.length);
                    ex.getResponseBody().write(b);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        java.net.URI url() {
            return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** carport in a child JVM, its stderr watched line by line; SIGKILLed when a line starts with {@code killAt}. */
    private static final class Child {
        boolean killed;
        int exit = -1;
        final StringBuilder log = new StringBuilder();

        static Child run(Consumer<String> onLine, String killAt, Object... args) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            for (Object a : args) {
                cmd.add(a.toString());
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Child c = new Child();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    c.log.append(line).append('\n');
                    if (onLine != null) {
                        onLine.accept(line);
                    }
                    if (killAt != null && line.startsWith(killAt)) {
                        p.destroyForcibly();
                        p.waitFor(30, TimeUnit.SECONDS);
                        c.killed = true;
                        return c;
                    }
                }
                p.waitFor(120, TimeUnit.SECONDS);
                c.exit = p.exitValue();
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            return c;
        }
    }
}
