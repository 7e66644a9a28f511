package carport.export;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.repo.RepoReader;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carport check} on real exports: passes untouched, fails on every kind of tampering. */
@RequiresTestbed
class CheckTestbedTest {
    @TempDir
    static Path shared;
    static Path original;

    @BeforeAll
    static void exportAlice() {
        Testbed tb = Testbed.get();
        original = Accounts.export(tb, shared, tb.account("alice").did()).dir();
    }

    private static Path copy(Path into) throws IOException {
        Path dst = into.resolve(original.getFileName().toString());
        try (Stream<Path> s = Files.walk(original)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    @Test
    void untouchedExportChecksOutWithTheKeyFromTheAuditLog() throws IOException {
        CheckReport r = ExportChecker.check(original);
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.records()).isEqualTo(Testbed.get().account("alice").totalRecords());
        assertThat(r.blobs()).isEqualTo(Testbed.get().account("alice").blobs().size());
        assertThat(r.key()).startsWith("did:key:z");
        assertThat(r.notes()).anyMatch(n -> n.contains("chain valid"));
    }

    @Test
    void editedRecordFileFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path post = firstFile(dir.resolve("app.bsky.feed.post"));
        String json = Files.readString(post, StandardCharsets.UTF_8);
        Files.writeString(post, json.replaceFirst("\"text\": \"", "\"text\": \"edited "), StandardCharsets.UTF_8);
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains(post.getFileName().toString())
                .contains("does not match record");
    }

    @Test
    void reformattedRecordFileStillPasses(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path post = firstFile(dir.resolve("app.bsky.feed.post"));
        String json = Files.readString(post, StandardCharsets.UTF_8);
        Files.writeString(post, json.replace("\n", "").replace("  ", ""), StandardCharsets.UTF_8);
        assertThat(ExportChecker.check(dir).problems()).isEmpty();
    }

    @Test
    void missingAndExtraRecordFilesFail(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path post = firstFile(dir.resolve("app.bsky.feed.post"));
        Files.move(post, post.resolveSibling("3zzzzzzzzzzzz.json"));
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).anyMatch(p -> p.contains("has no file"));
        assertThat(r.problems()).anyMatch(p -> p.contains("3zzzzzzzzzzzz.json is not a record of the repository"));
    }

    @Test
    void tamperedBlobFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path blob = firstFile(dir.resolve("_blob"));
        flipByte(blob, 100);
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).singleElement().asString().contains("blob file " + blob.getFileName())
                .contains("does not match its CID");
    }

    @Test
    void unlistedBlobFileFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Files.write(dir.resolve("_blob/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"), new byte[] {1});
        assertThat(ExportChecker.check(dir).problems()).anyMatch(p -> p.contains("is not in _blobs.jsonl"));
    }

    @Test
    void tamperedRecordBlockInTheCarFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path car = dir.resolve("_repo.car");
        AtomicReference<String> key = new AtomicReference<>();
        long offset;
        try (RepoReader r = RepoReader.open(car)) {
            r.forEachRecord(rec -> key.compareAndSet(null, rec.key() + " " + rec.cid()));
            CarFile f = r.car();
            int i = f.indexOf(carport.core.cid.Cid.parse(key.get().split(" ")[1]));
            offset = f.blockOffset(i) + f.blockLength(i) / 2;
        }
        flipByte(car, offset);
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).anyMatch(p -> p.startsWith("_repo.car: ") && p.contains("does not match its CID"));
    }

    @Test
    void tamperedSignatureFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path car = dir.resolve("_repo.car");
        Path rewritten = tmp.resolve("re.car");
        // Re-sign nothing: swap the commit for one with a flipped signature byte, under its new CID.
        try (RepoReader r = RepoReader.open(car)) {
            Fixtures.rewriteWithBadSignature(r, rewritten);
        }
        Files.move(rewritten, car, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CheckReport r = ExportChecker.check(dir);
        assertThat(r.problems()).anyMatch(p -> p.contains("signature"));
    }

    @Test
    void manifestThatDisagreesWithTheFilesFails(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Path m = dir.resolve("_export.json");
        Files.writeString(m, Files.readString(m).replaceFirst("\"records\": \\d+", "\"records\": 5"));
        assertThat(ExportChecker.check(dir).problems()).singleElement().asString()
                .contains("but _export.json says 5");
    }

    @Test
    void exportWithoutManifestIsNotComplete(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Files.delete(dir.resolve("_export.json"));
        assertThat(ExportChecker.check(dir).problems()).singleElement().asString().contains("not a complete export");
    }

    private static Path firstFile(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }
}
