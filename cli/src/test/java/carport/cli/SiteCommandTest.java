package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.repo.TestRepo;
import carport.export.store.ExportLock;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carport site}: output, exit codes and messages (what the site shows is tested in the site module). */
class SiteCommandTest {
    static final String DID = "did:plc:sitecommandtest2345abcdefg";

    static Path export(Path parent) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(DID));
        new TestRepo.Builder().did(DID)
                .record("app.bsky.feed.post/" + TestRepo.tid(1), Map.of("$type", "app.bsky.feed.post", "text", "hello",
                        "createdAt", "2024-05-01T10:00:00.000Z"))
                .record("app.bsky.feed.like/" + TestRepo.tid(2), TestRepo.record("app.bsky.feed.like", 2, 0))
                .write(dir.resolve("_repo.car"));
        String now = Instant.now().toString();
        Files.writeString(dir.resolve("_export.json"), "{\"format\": 1, \"did\": \"" + DID + "\", \"handle\": null, "
                + "\"pds\": \"https://pds.example.com\", \"rev\": null, \"commit\": "
                + "\"bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4\", \"records\": 2, \"blobs\": 0, "
                + "\"verified\": true, \"sync\": \"full\", \"started\": \"" + now + "\", \"finished\": \"" + now + "\", "
                + "\"carport\": \"test\", \"failures\": [], \"recordFileNames\": {\"caseInsensitive\": false, \"windows\": false}}\n");
        return dir;
    }

    @Test
    void writesTheSiteAndSaysWhere(@TempDir Path tmp) throws Exception {
        Path dir = export(tmp);
        CliRun r = CliRun.run("site", dir);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(dir.resolve("_site/index.html").toString()).contains("1 posts, 2 records, 0 blobs");
        assertThat(dir.resolve("_site/data/profile.js")).isRegularFile();

        CliRun o = CliRun.run("site", dir, "-o", tmp.resolve("sites"), "-q");
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(tmp.resolve("sites").resolve(DID).resolve("index.html")).isRegularFile();
    }

    @Test
    void exitCodesAndOneLineErrors(@TempDir Path tmp) throws Exception {
        CliRun missing = CliRun.run("site", tmp.resolve("nope"));
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.errLines()).hasSize(1).first().asString().startsWith("carport: not a folder");

        CliRun notExport = CliRun.run("site", Files.createDirectories(tmp.resolve("empty")));
        assertThat(notExport.code()).isEqualTo(ExitCode.INVALID);
        assertThat(notExport.errLines()).hasSize(1).first().asString().contains("not a complete export");

        Path dir = export(tmp);
        try (ExportLock held = ExportLock.acquire(dir.resolve(".carport/lock"))) {
            CliRun locked = CliRun.run("site", dir);
            assertThat(locked.code()).isEqualTo(ExitCode.USAGE);
            assertThat(locked.errLines()).hasSize(1).first().asString().contains("another carport export");
        }
        assertThat(dir.resolve("_site")).doesNotExist();
    }

    @Test
    @RequiresTestbed
    void exportWithSiteKeepsTheSiteCurrentAndCheckIgnoresIt(@TempDir Path tmp) throws Exception {
        Testbed.Account carol = Testbed.get().account("carol");
        NetCommandsTest.Run r = ExportCommandsTest.carport("export", carol.did(), "-o", tmp.toString(), "--plc-host",
                ExportCommandsTest.plc(), "--site", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Path dir = tmp.resolve(carol.did());
        Path profile = dir.resolve("_site/data/profile.js");
        assertThat(Files.readString(profile)).contains("\"did\":\"" + carol.did() + "\"")
                .contains("\"app.bsky.feed.post\":" + carol.records().get("app.bsky.feed.post"));
        NetCommandsTest.Run c = ExportCommandsTest.carport("check", dir.toString());
        assertThat(c.code()).as(c.out() + c.err()).isZero();

        Files.writeString(dir.resolve("_site/stale.txt"), "from before");
        NetCommandsTest.Run again = ExportCommandsTest.carport("export", carol.did(), "-o", tmp.toString(), "--plc-host",
                ExportCommandsTest.plc(), "--site", "-q");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(dir.resolve("_site/stale.txt")).doesNotExist();
        assertThat(profile).isRegularFile();
    }
}
