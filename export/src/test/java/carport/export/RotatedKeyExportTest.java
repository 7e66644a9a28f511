package carport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 item 1: a PDS (in memory here) serving a head commit signed by a key the account
 * rotated out. Fresh data is verified only under the DID document's current key.
 */
class RotatedKeyExportTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path out;

    private final TestKey oldKey = TestKey.generate();
    private final TestKey newKey = TestKey.generate();
    private SyntheticAccount acct;
    private MemoryPds pds;
    private byte[] car;
    private List<String> notices;

    @BeforeEach
    void account() throws Exception {
        acct = new SyntheticAccount(oldKey, T0);
        // backdated: its rev says day 10, before the rotation on day 20, though it is served now
        car = acct.repo(oldKey, T0.plus(Duration.ofDays(10)), 5);
        acct.rotate(newKey, T0.plus(Duration.ofDays(20)));
        pds = new MemoryPds(acct, car);
        notices = pds.notices;
    }

    private ExportResult export(ExportOptions options) {
        return pds.export(newKey, options);
    }

    private Path folder() {
        return out.resolve(acct.did);
    }

    @Test
    void aFreshHeadSignedOnlyByARotatedOutKeyIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> export(ExportOptions.defaults(out)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("verifies only under " + oldKey.didKey())
                .hasMessageContaining("until 2024-01-21T00:00:00Z")
                .hasMessageContaining("current key " + newKey.didKey())
                .hasMessageContaining("--allow-rotated-key");
        assertThat(folder().resolve("_export.json")).doesNotExist();
        assertThat(folder().resolve("_repo.car")).doesNotExist();
    }

    @Test
    void allowRotatedKeyKeepsItButNeverCallsItVerified() throws Exception {
        ExportResult r = export(ExportOptions.defaults(out).withAllowRotatedKey(true));

        assertThat(r.verified()).isFalse();
        assertThat(r.manifest().failures()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("repo");
            assertThat(f.message()).contains("rotated-out key " + oldKey.didKey());
        });
        assertThat(Files.readString(folder().resolve("_export.json"))).contains("\"verified\": false");
        assertThat(notices).anyMatch(n -> n.contains("--allow-rotated-key"));
    }

    @Test
    void theHeadTheExportAlreadyHoldsStaysVerifiedWithANotice() throws Exception {
        // an export made while the old key was in force
        Path dir = OfflineExport.build(out, car, acct.didDocument(oldKey), acct.auditLogJson());
        // and damaged, so the run cannot take the "unchanged" shortcut and downloads the head again
        Files.delete(dir.resolve("_repo.car"));

        ExportResult r = export(ExportOptions.defaults(out));

        assertThat(r.verified()).isTrue();
        assertThat(r.manifest().failures()).isEmpty();
        assertThat(notices).anyMatch(n -> n.contains("vouches for nothing new"));
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    @Test
    void aFreshHeadSignedByTheCurrentKeyIsVerified() throws Exception {
        pds.serve(acct.repo(newKey, T0.plus(Duration.ofDays(30)), 5));

        ExportResult r = export(ExportOptions.defaults(out));

        assertThat(r.verified()).isTrue();
        assertThat(Stream.of(notices.toArray(String[]::new))).noneMatch(n -> n.contains("rotated"));
    }
}
