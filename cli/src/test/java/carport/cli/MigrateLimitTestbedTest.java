package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import carport.testbed.TestbedInstance;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new PDS whose import limit is smaller than the repository: HTTP 413, named, the old account untouched. */
@RequiresTestbed
class MigrateLimitTestbedTest {
    @TempDir
    Path tmp;

    @Test
    void aRepositoryOverTheNewPdsImportLimitIsOneClearLineAndTheOldAccountStaysActive() throws Exception {
        try (TestbedInstance instance = TestbedInstance.launch(TestbedInstance.Options.twoPds().bobRecords(10)
                .pds2Limit(20_000))) {
            Testbed bed = instance.testbed();
            Testbed.Account alice = bed.account("alice");
            Path pw = tmp.resolve("pw");
            Files.writeString(pw, alice.password(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            Path out = tmp.resolve("out");

            CliRun r = CliRun.run("migrate", alice.did(), "--to", bed.pds2Url(), "--password-file", pw,
                    "--handle", "alice.test2", "-o", out, "--plc-host", bed.plcUrl());

            assertThat(r.code()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("importRepo").contains("too large").contains("PDS_MAX_REPO_IMPORT_SIZE");
            assertThat(new ObjectMapper().readTree(out.resolve(alice.did()).resolve("_move.json").toFile())
                    .path("step").asText()).isEqualTo("account_created");
            assertThat(bed.pds().query("com.atproto.sync.getRepoStatus", Map.of("did", alice.did()), null)
                    .path("active").asBoolean()).isTrue();
        }
    }
}
