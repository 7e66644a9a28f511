package carport.export;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 item 10: an export run over a damaged folder with nothing new on the PDS must not say
 * "verified" while {@code check} fails; it repairs what is missing and says so.
 */
class ExportRepairTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path out;

    private final TestKey key = TestKey.generate();
    private MemoryPds pds;
    private Cid blob;
    private Path dir;

    @BeforeEach
    void exported() throws Exception {
        SyntheticAccount acct = new SyntheticAccount(key, T0);
        pds = new MemoryPds(acct, acct.repo(key, T0.plusSeconds(86400), 5));
        blob = pds.addBlob("the bytes of a picture".getBytes(StandardCharsets.UTF_8));
        ExportResult first = pds.export(key, ExportOptions.defaults(out));
        assertThat(first.verified()).isTrue();
        dir = first.dir();
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    private Path someRecordFile() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("app.bsky.feed.post"))) {
            return s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    @Test
    void aDeletedRecordFileAndBlobAreRepairedNotReportedVerified() throws Exception {
        Path record = someRecordFile();
        byte[] recordBytes = Files.readAllBytes(record);
        Files.delete(record);
        Files.delete(dir.resolve("_blob").resolve(blob.toString()));

        ExportResult again = pds.export(key, ExportOptions.defaults(out));

        assertThat(pds.notices).anyMatch(n -> n.contains("repairing") && n.contains("1 record files missing")
                && n.contains("1 blob files missing"));
        assertThat(again.verified()).isTrue();
        assertThat(Files.readAllBytes(record)).isEqualTo(recordBytes);
        assertThat(dir.resolve("_blob").resolve(blob.toString())).hasContent("the bytes of a picture");
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }

    @Test
    void aBlobOfTheRightSizeButWrongBytesIsFoundByDeep() throws Exception {
        Path b = dir.resolve("_blob").resolve(blob.toString());
        Files.writeString(b, "THE BYTES OF A PICTURE");
        assertThat(ExportChecker.check(dir).intact()).isFalse();

        pds.export(key, ExportOptions.defaults(out).withDeep(true));

        assertThat(b).hasContent("the bytes of a picture");
        assertThat(ExportChecker.check(dir).ok()).isTrue();
    }
}
