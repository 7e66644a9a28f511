package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network commands against the real local PLC + PDS: resolve, download, list and fetch blobs, errors. */
@RequiresTestbed
class NetCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run carport(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String plc() {
        return Testbed.get().plcUrl().toString();
    }

    @Test
    void resolveJsonGivesTheDidDocumentsPdsAndKey() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        Run r = carport("resolve", alice.did(), "--json", "--plc-host", plc());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("did").asText()).isEqualTo(alice.did());
        assertThat(o.get("handle").asText()).isEqualTo(alice.handle());
        assertThat(o.get("pds").asText()).isEqualTo(Testbed.get().pdsUrl().toString().replaceAll("/$", ""));
        assertThat(o.get("signingKey").asText()).startsWith("did:key:z");
        assertThat(o.get("didDoc").get("id").asText()).isEqualTo(alice.did());
    }

    @Test
    @RequiresTestbed(dns = true)
    void resolveAHandleThroughDnsVerifiesIt() throws Exception {
        Testbed tb = Testbed.get();
        Testbed.Account carol = tb.account("carol");
        Testbed.Dns dns = tb.dns().orElseThrow();
        Run r = carport("resolve", carol.handle(), "--json", "--plc-host", plc(),
                "--dns-server", dns.host() + ":" + dns.port());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("did").asText()).isEqualTo(carol.did());
        assertThat(o.get("handleVerified").asBoolean()).isTrue();
    }

    @Test
    void downloadRepoThenVerifyWithTheResolvedKey() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        Path car = tmp.resolve("alice.car");
        Run d = carport("download-repo", alice.did(), "-o", car.toString(), "--plc-host", plc(), "--quiet");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(car).isRegularFile();
        Run again = carport("download-repo", alice.did(), "-o", car.toString(), "--plc-host", plc());
        assertThat(again.code()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("--force");

        JsonNode id = JSON.readTree(carport("resolve", alice.did(), "--json", "--plc-host", plc()).out());
        Run v = carport("verify", car.toString(), "--key", id.get("signingKey").asText(), "--did", alice.did());
        assertThat(v.code()).as(v.out() + v.err()).isZero();

        Run resolved = carport("verify", car.toString(), "--resolve", "--plc-host", plc());
        assertThat(resolved.code()).as(resolved.out() + resolved.err()).isZero();
        assertThat(resolved.out()).contains("signature valid").contains("DID document of " + alice.did());
        Run wrongDid = carport("verify", car.toString(), "--resolve", "--plc-host", plc(), "--did",
                Testbed.get().account("bob").did());
        assertThat(wrongDid.code()).isEqualTo(ExitCode.INVALID);

        Run list = carport("list-records", car.toString());
        assertThat(list.code()).isZero();
        long records = list.out().lines().skip(2).count();
        assertThat(records).isGreaterThanOrEqualTo(alice.totalRecords());
    }

    @Test
    void downloadBlobsIntoAnExportTakesTheExportsLock() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        Path didDir = tmp.resolve(alice.did());
        // an export's folder ("_export.json" present) whose lock an export holds right now
        java.nio.file.Files.createDirectories(didDir.resolve("_blob"));
        java.nio.file.Files.writeString(didDir.resolve("_export.json"), "{}");
        try (carport.export.store.ExportLock held = carport.export.store.ExportLock.acquire(
                didDir.resolve(".carport").resolve("lock"))) {
            assertThat(held.file()).exists();
            Run d = carport("download-blobs", alice.did(), "-o", tmp.toString(), "--plc-host", plc());

            assertThat(d.code()).as(d.err()).isEqualTo(ExitCode.USAGE);
            assertThat(d.err()).contains("is being written by another carport export");
            try (java.util.stream.Stream<Path> blobs = java.nio.file.Files.list(didDir.resolve("_blob"))) {
                assertThat(blobs).isEmpty();
            }
        }
        Run after = carport("download-blobs", alice.did(), "-o", tmp.toString(), "--plc-host", plc(), "--quiet");
        assertThat(after.code()).as(after.err()).isZero();
    }

    @Test
    void listBlobsAndDownloadBlobsMatchThePds() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        Run l = carport("list-blobs", alice.did(), "--plc-host", plc());
        assertThat(l.code()).as(l.err()).isZero();
        List<String> listed = l.out().lines().toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(alice.blobs());

        Run d = carport("download-blobs", alice.did(), "-o", tmp.toString(), "--plc-host", plc(), "--concurrency", "3");
        assertThat(d.code()).as(d.err()).isZero();
        Path dir = tmp.resolve(alice.did()).resolve("_blob");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(listed.size());
            for (Path f : all) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
                assertThat(carport.core.cid.Cid.parse(f.getFileName().toString()).digest()).isEqualTo(digest);
            }
        }
        // A second run finds every blob in place and fetches nothing; a corrupted copy is fetched again.
        Path first = dir.resolve(listed.get(0));
        Files.write(first, new byte[] {1, 2, 3});
        Run again = carport("download-blobs", alice.did(), "-o", tmp.toString(), "--plc-host", plc());
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("1 downloaded").contains((listed.size() - 1) + " already present");
        assertThat(Files.size(first)).isGreaterThan(3);
    }

    @Test
    void aLocalWriteFailureStopsDownloadBlobsAndKeepsWhatWasSaved() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        List<String> listed = carport("list-blobs", alice.did(), "--plc-host", plc()).out().lines().toList();
        assertThat(listed).hasSizeGreaterThan(1);
        // the last blob's file name is taken by a folder: its download cannot be saved, on any file system
        Path dir = tmp.resolve(alice.did()).resolve("_blob");
        String blocked = listed.get(listed.size() - 1);
        Files.createDirectories(dir.resolve(blocked).resolve("in-the-way"));

        Run d = carport("download-blobs", alice.did(), "-o", tmp.toString(), "--plc-host", plc(), "--concurrency", "1");
        assertThat(d.code()).as(d.err()).isEqualTo(ExitCode.INVALID);
        assertThat(d.err()).contains(blocked).contains("stopped after " + (listed.size() - 1) + " downloaded")
                .doesNotContain("Exception").doesNotContain(" failed");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(listed); // the saved blobs and the folder; no temp file
        }
    }

    @Test
    void unavailableAccountsGetAClearMessageAndExitCode3() {
        Testbed tb = Testbed.get();
        String[][] cases = {
            {tb.account("dave").did(), "deactivated"},
            {tb.account("erin").did(), "taken down"},
            {"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "not registered"},
        };
        for (String[] c : cases) {
            for (String cmd : List.of("download-repo", "list-blobs", "download-blobs", "status")) {
                List<String> args = new ArrayList<>(List.of(cmd, c[0], "--plc-host", plc()));
                if (cmd.equals("download-repo")) {
                    args.addAll(List.of("-o", tmp.resolve("x.car").toString()));
                } else if (cmd.equals("download-blobs")) {
                    args.addAll(List.of("-o", tmp.toString()));
                }
                Run r = carport(args.toArray(String[]::new));
                assertThat(r.code()).as(cmd + " " + c[0] + ": " + r.err()).isEqualTo(ExitCode.REMOTE);
                String said = r.out() + r.err();
                assertThat(said).contains(c[1].equals("taken down") && cmd.equals("status") ? "takendown" : c[1])
                        .doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        assertThat(tmp.toFile().list()).isEmpty();
    }
}
