package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.crypto.Curve;
import carport.core.crypto.KeyFile;
import carport.core.crypto.SigningKey;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcState;
import carport.export.move.MoveState;
import carport.testbed.PdsClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.TcpProxy;
import carport.testbed.Testbed;
import carport.testbed.TestbedInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carport restore} end to end on a private two-PDS test bed: PDS 1 is where the accounts
 * live, then it is stopped for good and they come back on PDS 2 from their exports alone.
 * Bad input first (while PDS 1 is alive), then the restores.
 */
@RequiresTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestbedInstance instance;
    private static Testbed bed;

    @TempDir
    static Path work;

    @BeforeAll
    static void launch() {
        instance = TestbedInstance.launch(TestbedInstance.Options.twoPds());
        bed = instance.testbed();
    }

    @AfterAll
    static void close() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    @Order(1)
    void aTamperedExportIsRefusedBeforeAnyServerIsTouched() throws Exception {
        Testbed.Account bob = bed.account("bob");
        Path dir = export(bob, work.resolve("tampered"));
        Path profile = dir.resolve("app.bsky.actor.profile/self.json");
        Files.writeString(profile, Files.readString(profile).replace("Bob", "Rob"));
        int before = auditLog(bob).entries().size();

        CliRun r = restore(dir, bob, bed.pds2Url(), keyFile(bob));
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("does not verify").contains("nothing was sent anywhere");
        assertThat(r.err().lines().filter(l -> l.startsWith("carport:"))).hasSize(1);
        assertThat(auditLog(bob).entries()).hasSize(before);
        assertThat(dir.resolve(MoveState.NAME)).doesNotExist();
        assertThat(dir.resolve(MoveState.SIGNING_KEY_FILE)).doesNotExist();
        assertThat(pds2HasAccount(bob)).isFalse();
    }

    @Test
    @Order(2)
    void aKeyThatIsNotARotationKeyIsRefused() throws Exception {
        Testbed.Account bob = bed.account("bob");
        Path dir = export(bob, work.resolve("wrongkey"));
        Path stranger = work.resolve("stranger.key");
        KeyFile.write(stranger, SigningKey.generate(Curve.K256));
        int before = auditLog(bob).entries().size();

        CliRun r = restore(dir, bob, bed.pds2Url(), stranger);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("is not among the rotation keys");
        assertThat(auditLog(bob).entries()).hasSize(before);
        assertThat(pds2HasAccount(bob)).isFalse();

        Path open = work.resolve("open.key");
        Files.writeString(open, bob.rotationKey().orElseThrow().privateKeyHex());
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun o = restore(dir, bob, bed.pds2Url(), open);
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(o.err()).contains("chmod 600").doesNotContain(bob.rotationKey().get().privateKeyHex());
    }

    @Test
    @Order(3)
    void anOldPdsThatStillServesTheAccountIsRefused() throws Exception {
        Testbed.Account bob = bed.account("bob");
        Path dir = export(bob, work.resolve("alive"));
        CliRun r = restore(dir, bob, bed.pds2Url(), keyFile(bob));
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("still serves").contains("carport migrate").contains("--force");
        assertThat(pds2HasAccount(bob)).isFalse();
    }

    /** Exported while PDS 1 was alive; restored after it is gone, killed (SIGKILL) at several steps on the way. */
    @Test
    @Order(4)
    void restoresAfterThePdsIsGoneThroughKillsAtSeveralSteps() throws Exception {
        Testbed.Account bob = bed.account("bob");
        Path dir = export(bob, work.resolve("bob"));
        Path alice = export(bed.account("alice"), work.resolve("alice")); // for the outage test, while PDS 1 lives
        assertThat(alice).isDirectory();
        assertThat(bed.control().stopPds1()).isTrue();
        Path key = keyFile(bob);

        List<String> killedAt = new ArrayList<>();
        for (MoveState.Step step : List.of(MoveState.Step.SIGNING_KEY_SET, MoveState.Step.ACCOUNT_CREATED,
                MoveState.Step.REPO_IMPORTED)) {
            MoveState.Step reached = killAt(dir, bob, key, step);
            killedAt.add(reached == null ? "end" : reached.wireName());
        }
        assertThat(killedAt).as("steps reached when killed").isNotEmpty();

        CliRun r = restore(dir, bob, bed.pds2Url(), key);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("everything holds").contains("restored on");
        assertProvenRestore(bob, dir);
        // the export stays a valid export: check ignores _move.json
        CliRun check = CliRun.run("check", dir);
        assertThat(check.code()).as(check.toString()).isZero();
        // and a second run finds everything done and changes nothing
        int entries = auditLog(bob).entries().size();
        CliRun again = restore(dir, bob, bed.pds2Url(), key);
        assertThat(again.code()).as(again.toString()).isEqualTo(ExitCode.OK);
        assertThat(auditLog(bob).entries()).hasSize(entries);
        CliRun status = CliRun.run("restore", dir, "--status", "--plc-host", bed.plcUrl());
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).contains("last step done: proven").contains(bed.pds2Url() + ": active");
    }

    @Test
    @Order(5)
    void theTargetGoingDownMidUploadStopsWithExit3AndARerunFinishes() throws Exception {
        Testbed.Account alice = bed.account("alice");
        Path dir = work.resolve("alice").resolve(alice.did());
        assertThat(dir.resolve(MoveState.NAME)).doesNotExist();
        try (TcpProxy proxy = TcpProxy.to(bed.pds2Url())) {
            long car = Files.size(dir.resolve("_repo.car"));
            proxy.downAfterUpstreamBytes(car + 200_000); // past importRepo, inside the blob uploads
            CliRun r = restore(dir, alice, proxy.url(), keyFile(alice), "--blob-threads", "2");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.REMOTE);
            List<String> lines = r.err().lines().toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("carport: cannot connect");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(MoveState.read(dir).orElseThrow().step()).isEqualTo(MoveState.Step.REPO_IMPORTED);

            proxy.up();
            CliRun again = restore(dir, alice, proxy.url(), keyFile(alice));
            assertThat(again.code()).as(again.toString()).isEqualTo(ExitCode.OK);
            assertThat(again.err()).contains("continuing the restore");
        }
        assertProvenRestore(alice, dir);
    }

    @Test
    @Order(6)
    void importRepoTooLargeNamesTheSetting() throws Exception {
        try (TestbedInstance small = TestbedInstance.launch(TestbedInstance.Options.twoPds().bobRecords(200)
                .pds2Limit(20_000))) {
            Testbed t = small.testbed();
            Testbed.Account bob = t.account("bob");
            Path dir = exportFrom(t, bob, work.resolve("small"));
            assertThat(Files.size(dir.resolve("_repo.car"))).isGreaterThan(20_000);
            assertThat(t.control().stopPds1()).isTrue();
            CliRun r = CliRun.run(restoreArgs(t, dir, bob, t.pds2Url(), keyFile(bob)));
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.REMOTE);
            assertThat(r.err()).contains("PDS_MAX_REPO_IMPORT_SIZE");
            assertThat(MoveState.read(dir).orElseThrow().step()).isEqualTo(MoveState.Step.ACCOUNT_CREATED);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertProvenRestore(Testbed.Account account, Path dir) throws Exception {
        PlcAuditLog log = auditLog(account);
        PlcState now = log.current();
        String userKey = account.rotationKey().orElseThrow().didKey();
        assertThat(now.rotationKeys().get(0)).isEqualTo(userKey);
        assertThat(now.rotationKeys()).hasSize(2);
        assertThat(now.pdsEndpoint()).contains(bed.pds2Url().toString());
        assertThat(log.canonicalEntries()).as("create, the signing key, the new PDS").hasSize(3);
        assertThat(MoveState.read(dir).orElseThrow().step()).isEqualTo(MoveState.Step.PROVEN);
        assertThat(dir.resolve(MoveState.SIGNING_KEY_FILE)).doesNotExist();
        assertThat(Files.readString(dir.resolve(MoveState.NAME))).doesNotContain("restored-pass")
                .doesNotContain(account.rotationKey().get().privateKeyMultibase());
        // the records are served by PDS 2
        PdsClient pds2 = bed.pds2();
        assertThat(pds2.latestCommit(account.did()).get("cid").asText()).isNotEmpty();
        PdsClient.Session s = pds2.createSession(account.did(), "restored-pass");
        assertThat(s.did()).isEqualTo(account.did());
    }

    /** Runs restore in its own JVM and SIGKILLs it once _move.json reaches {@code step}; returns the step recorded. */
    private static MoveState.Step killAt(Path dir, Testbed.Account account, Path key, MoveState.Step step)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        for (Object a : restoreArgs(bed, dir, account, bed.pds2Url(), key)) {
            cmd.add(a.toString());
        }
        Path log = Files.createTempFile(work, "restore", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (p.isAlive() && System.nanoTime() < deadline) {
                MoveState.Step now = readStep(dir);
                if (now != null && now.compareTo(step) >= 0) {
                    p.destroyForcibly(); // SIGKILL
                    break;
                }
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).doesNotContain("Exception");
        return readStep(dir);
    }

    private static MoveState.Step readStep(Path dir) {
        try {
            return MoveState.read(dir).map(MoveState::step).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null; // being replaced at this very moment
        }
    }

    private static CliRun restore(Path dir, Testbed.Account account, URI to, Path key, Object... more)
            throws IOException {
        List<Object> args = new ArrayList<>(List.of(restoreArgs(bed, dir, account, to, key)));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray());
    }

    private static Object[] restoreArgs(Testbed t, Path dir, Testbed.Account account, URI to, Path key)
            throws IOException {
        Path pw = work.resolve("new-password");
        if (!Files.exists(pw)) {
            Files.writeString(pw, "restored-pass\n");
        }
        return new Object[] {"restore", dir, "--to", to, "--rotation-key", key, "--email",
            account.name() + "@restored.test", "--handle", account.name() + ".test2", "--new-password-file", pw,
            "--plc-host", t.plcUrl()};
    }

    private static Path keyFile(Testbed.Account account) throws IOException {
        Path f = work.resolve(account.did() + "-" + account.name() + ".key");
        if (!Files.exists(f)) {
            Files.writeString(f, account.rotationKey().orElseThrow().privateKeyMultibase() + "\n",
                    StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return f;
    }

    private static Path export(Testbed.Account account, Path out) throws IOException {
        return exportFrom(bed, account, out);
    }

    /** {@code carport export --login}: the account's folder, with its preferences. */
    private static Path exportFrom(Testbed t, Testbed.Account account, Path out) throws IOException {
        Path pw = Files.createTempFile(work, "pw", "");
        Files.writeString(pw, account.password());
        CliRun r = CliRun.run("export", account.did(), "-o", out, "--plc-host", t.plcUrl(), "--login",
                "--password-file", pw, "-q");
        assertThat(r.code()).as(r.toString()).isZero();
        Path dir = out.resolve(account.did());
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("_repo.car", "_export.json", "_preferences.json");
        }
        return dir;
    }

    private static PlcAuditLog auditLog(Testbed.Account account) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(bed.plcUrl() + "/" + account.did()
                + "/log/audit")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        PlcAuditLog log = PlcAuditLog.parse(r.body());
        log.validate();
        return log;
    }

    private static boolean pds2HasAccount(Testbed.Account account) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(bed.pds2Url()
                + "/xrpc/com.atproto.sync.getRepoStatus?did=" + account.did())).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        return r.statusCode() == 200 || !"RepoNotFound".equals(n.path("error").asText());
    }
}
