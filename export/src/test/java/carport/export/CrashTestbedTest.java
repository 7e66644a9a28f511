package carport.export;

import static org.assertj.core.api.Assertions.assertThat;

import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 at many points of an export, then a re-run: it completes, equals an uninterrupted export,
 * and leaves no temporary file. A first export killed midway never looks complete.
 */
@RequiresTestbed
class CrashTestbedTest {
    @TempDir
    static Path freshOut;
    static Path freshBob;

    @BeforeAll
    static void exportBobOnce() {
        Testbed tb = Testbed.get();
        freshBob = Accounts.export(tb, freshOut, tb.account("bob").did()).dir();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"REPO", "PHASE VERIFY", "PHASE BLOBS", "BLOBS 3", "PHASE RECORDS", "RECORDS 1",
        "RECORDS 1200", "RECORDS 2513", "PHASE FINISH"})
    void firstExportKilledMidwayCompletesOnReRunAndEqualsAFreshExport(String point, @TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        String bob = tb.account("bob").did();
        assertThat(KillableExport.runAndKill(tb, out, bob, point, false)).as("reached " + point).isTrue();
        Path dir = out.resolve(bob);
        assertThat(dir.resolve("_export.json")).as("a killed first export must not look complete").doesNotExist();
        assertThat(ExportChecker.check(dir).intact()).isFalse();

        ExportResult r = Accounts.export(tb, out, bob);
        assertThat(r.verified()).isTrue();
        ExportTrees.assertSameExport(dir, freshBob);
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    @Test
    void killedTwiceInARowStillCompletes(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        String bob = tb.account("bob").did();
        assertThat(KillableExport.runAndKill(tb, out, bob, "RECORDS 700", false)).isTrue();
        // the second run dies while completing the first one's install
        assertThat(KillableExport.runAndKill(tb, out, bob, "RECORDS 1500", false)).isTrue();
        Accounts.export(tb, out, bob);
        ExportTrees.assertSameExport(out.resolve(bob), freshBob);
    }

    @ParameterizedTest(name = "update killed at {0}")
    @ValueSource(strings = {"REPO", "PHASE VERIFY", "BLOBS 2", "BLOBS 3", "PHASE RECORDS", "RECORDS 1", "RECORDS 3", "PHASE FINISH"})
    void updateKilledMidwayCompletesOnReRunAndEqualsAFreshExport(String point, @TempDir Path out,
            @TempDir Path fresh) throws Exception {
        Testbed tb = Testbed.get();
        Accounts.Own own = Accounts.create(tb);
        Accounts.export(tb, out, own.did());
        Path dir = out.resolve(own.did());
        ExportManifest before = ExportManifest.parse(Files.readAllBytes(dir.resolve("_export.json")));

        own.post("after the first export");
        own.fileRecord("another file", Accounts.randomBytes(2000));
        List<com.fasterxml.jackson.databind.JsonNode> posts = ExportTestbedTest.listRecords(tb, own.did(),
                "app.bsky.feed.post");
        // listRecords is newest first: delete the oldest post, one the first export has
        own.pds.deleteRecord(own.session, "app.bsky.feed.post",
                posts.get(posts.size() - 1).get("uri").asText().split("/")[4]);
        own.pds.putRecord(own.session, "app.bsky.actor.profile", "self", Map.of("displayName", "Changed"));

        assertThat(KillableExport.runAndKill(tb, out, own.did(), point, false)).as("reached " + point).isTrue();
        if (Files.exists(dir.resolve("_export.json"))) {
            // killed before the install began: the old manifest still describes the old files exactly
            ExportManifest still = ExportManifest.parse(Files.readAllBytes(dir.resolve("_export.json")));
            assertThat(still.commit()).isEqualTo(before.commit());
            assertThat(ExportChecker.check(dir).problems()).isEmpty();
        }

        ExportResult r = Accounts.export(tb, out, own.did());
        assertThat(r.verified()).isTrue();
        Accounts.export(tb, fresh, own.did());
        ExportTrees.assertSameExport(dir, fresh.resolve(own.did()));
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    @Test
    void aLockLeftByAKilledExportIsStaleAndAnotherProcessIsRefused(@TempDir Path out) throws Exception {
        Testbed tb = Testbed.get();
        String carol = tb.account("carol").did();
        assertThat(KillableExport.runAndKill(tb, out, carol, "PHASE BLOBS", false)).isTrue();
        assertThat(out.resolve(carol).resolve(".carport/lock")).exists();
        ExportResult r = Accounts.export(tb, out, carol);
        assertThat(r.verified()).isTrue();
        assertThat(out.resolve(carol).resolve(".carport")).doesNotExist();
    }
}
