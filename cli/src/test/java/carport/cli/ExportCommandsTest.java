package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.export.store.ExportLock;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carport export} and {@code carport check} end to end: output, exit codes, several accounts. */
class ExportCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static NetCommandsTest.Run carport(String... args) {
        return NetCommandsTest.carport(args);
    }

    static String plc() {
        return Testbed.get().plcUrl().toString();
    }

    @Test
    void exportWithoutAnAccountIsAUsageError() {
        NetCommandsTest.Run r = carport("export", "-o", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no account given");
    }

    @Test
    void exportOfSomethingThatIsNotAnIdentifierIsAUsageError() {
        NetCommandsTest.Run r = carport("export", "not an ident!", "-o", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("neither a handle");
    }

    @Test
    void checkOfAFolderWithoutAnExportFails() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"));
        NetCommandsTest.Run r = carport("check", d.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("not a complete export");
    }

    @Test
    void checkOfAMissingFolderIsAUsageError() {
        NetCommandsTest.Run r = carport("check", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    @RequiresTestbed
    void exportJsonPrintsTheManifestAndCheckPassesThenFailsAfterTampering() throws Exception {
        Testbed.Account alice = Testbed.get().account("alice");
        NetCommandsTest.Run r = carport("export", alice.did(), "-o", tmp.toString(), "--plc-host", plc(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode m = JSON.readTree(lines.get(0));
        assertThat(m.get("did").asText()).isEqualTo(alice.did());
        assertThat(m.get("commit").asText()).isEqualTo(Testbed.get().pds().latestCommit(alice.did()).get("cid").asText());
        assertThat(m.get("verified").asBoolean()).isTrue();
        assertThat(m.get("sync").asText()).isEqualTo("full");

        Path dir = tmp.resolve(alice.did());
        NetCommandsTest.Run c = carport("check", dir.toString());
        assertThat(c.code()).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains(alice.did() + ": OK");

        NetCommandsTest.Run again = carport("export", alice.did(), "-o", tmp.toString(), "--plc-host", plc());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("unchanged since the last export").contains("verified");

        Path post;
        try (Stream<Path> s = Files.list(dir.resolve("app.bsky.feed.post"))) {
            post = s.sorted().findFirst().orElseThrow();
        }
        Files.writeString(post, Files.readString(post).replaceFirst("\"text\": \"", "\"text\": \"x"),
                StandardCharsets.UTF_8);
        NetCommandsTest.Run bad = carport("check", dir.toString(), "--json");
        assertThat(bad.code()).isEqualTo(ExitCode.INVALID);
        JsonNode report = JSON.readTree(bad.out());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("problems").get(0).asText()).contains("does not match record");
    }

    @Test
    @RequiresTestbed
    void aDeactivatedAccountAloneExitsWithTheRemoteCode() {
        Testbed.Account dave = Testbed.get().account("dave");
        NetCommandsTest.Run r = carport("export", dave.did(), "-o", tmp.toString(), "--plc-host", plc());
        assertThat(r.code()).isEqualTo(ExitCode.REMOTE);
        assertThat(r.err()).contains("deactivated");
        assertThat(tmp.resolve(dave.did())).doesNotExist();
    }

    @Test
    @RequiresTestbed
    void severalAccountsInParallelOneFailingDoesNotStopTheOthers() throws Exception {
        Testbed tb = Testbed.get();
        Path list = tmp.resolve("accounts.txt");
        Files.writeString(list, "# accounts to back up\n" + tb.account("carol").did() + "\n\n"
                + tb.account("erin").did() + "\n");
        NetCommandsTest.Run r = carport("export", tb.account("alice").did(), "--from", list.toString(),
                "--parallel", "3", "-o", tmp.resolve("out").toString(), "--plc-host", plc());
        assertThat(r.code()).isEqualTo(ExitCode.PARTIAL);
        assertThat(r.out()).contains("ACCOUNT").contains("2 of 3 accounts exported and verified");
        assertThat(r.out().lines().filter(l -> l.contains("verified")).count()).isGreaterThanOrEqualTo(2);
        assertThat(r.out()).contains("failed: " + tb.account("erin").did() + " has been taken down");
        assertThat(tmp.resolve("out").resolve(tb.account("carol").did()).resolve("_export.json")).exists();
        assertThat(tmp.resolve("out").resolve(tb.account("alice").did()).resolve("_export.json")).exists();

        NetCommandsTest.Run json = carport("export", tb.account("erin").did(), tb.account("carol").did(), "--json",
                "-o", tmp.resolve("out").toString(), "--plc-host", plc(), "--quiet");
        assertThat(json.code()).isEqualTo(ExitCode.PARTIAL);
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("exitCode").asInt()).isEqualTo(ExitCode.REMOTE);
        assertThat(JSON.readTree(lines.get(1)).get("sync").asText()).isEqualTo("unchanged");
    }

    @Test
    @RequiresTestbed
    void aFolderLockedByAnotherExportIsRefusedWithItsHolder() throws Exception {
        Testbed.Account carol = Testbed.get().account("carol");
        try (ExportLock held = ExportLock.acquire(tmp.resolve(carol.did()).resolve(".carport/lock"))) {
            NetCommandsTest.Run r = carport("export", carol.did(), "-o", tmp.toString(), "--plc-host", plc());
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("being written by another carport export")
                    .contains("pid " + ProcessHandle.current().pid());
        }
    }
}
