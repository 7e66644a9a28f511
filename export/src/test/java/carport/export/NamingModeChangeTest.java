package carport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import carport.core.mst.MstKeys;
import carport.export.unpack.RecordFileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 item 7: the naming mode is detected on every run. An export written on a case-sensitive
 * disk and copied to one that folds case (where {@code Rec1.json} and {@code rec1.json} are one file,
 * so the copy already lost one of them) gets its record files renamed to the stricter mode from
 * {@code _repo.car}, under the journal, and passes {@code check}.
 */
class NamingModeChangeTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final RecordFileNames FOLDING = RecordFileNames.of(true, false);

    @TempDir
    Path tmp;

    private final TestKey key = TestKey.generate();
    private MemoryPds pds;
    private String upper;
    private String lower;

    @BeforeEach
    void account() throws Exception {
        // record keys that differ only in case: Rec<i> and rec<i>, all on MST layer 0
        List<String> uppers = new ArrayList<>();
        for (int i = 0; uppers.size() < 3; i++) {
            String u = "Rec" + (1000 + i);
            if (MstKeys.height("app.bsky.feed.post/" + u) == 0
                    && MstKeys.height("app.bsky.feed.post/" + u.toLowerCase()) == 0) {
                uppers.add(u);
            }
        }
        List<String> rkeys = new ArrayList<>(uppers);
        uppers.forEach(u -> rkeys.add(u.toLowerCase()));
        upper = uppers.get(0);
        lower = upper.toLowerCase();
        SyntheticAccount acct = new SyntheticAccount(key, T0);
        pds = new MemoryPds(acct, acct.repo(key, T0.plusSeconds(86400), rkeys.size(), rkeys::get));
    }

    @Test
    void aPlainExportOnAFoldingDiskIsRenamedToTheStricterMode() throws Exception {
        Path out = tmp.resolve("out");
        ExportResult first = pds.export(key, ExportOptions.defaults(out), dir -> RecordFileNames.PLAIN);
        Path posts = first.dir().resolve("app.bsky.feed.post");
        assertThat(posts.resolve(upper + ".json")).exists();
        // What copying onto a case-folding disk does: the second name overwrote the first.
        Files.move(posts.resolve(lower + ".json"), posts.resolve(upper + ".json"),
                StandardCopyOption.REPLACE_EXISTING);

        ExportResult again = pds.export(key, ExportOptions.defaults(out), dir -> FOLDING);

        assertThat(pds.notices).anyMatch(n -> n.contains("renaming its record files")
                && n.contains("case-insensitive"));
        assertThat(again.verified()).isTrue();
        assertThat(again.manifest().recordFileNames()).isEqualTo(FOLDING);
        assertThat(posts.resolve(upper + ".json")).doesNotExist();
        assertThat(posts.resolve("%52ec" + upper.substring(3) + ".json")).exists();
        assertThat(posts.resolve(lower + ".json")).exists();
        assertThat(ExportChecker.check(first.dir()).ok()).isTrue();
        assertThat(Files.exists(new ExportDir(first.dir()).journal())).isFalse();

        // A later run on the same disk keeps the stricter mode and changes nothing.
        pds.notices.clear();
        ExportResult third = pds.export(key, ExportOptions.defaults(out), dir -> RecordFileNames.PLAIN);
        assertThat(third.manifest().recordFileNames()).isEqualTo(FOLDING);
        assertThat(pds.notices).noneMatch(n -> n.contains("renaming"));
        assertThat(ExportChecker.check(first.dir()).ok()).isTrue();
    }

    @Test
    void aStricterManifestIsKeptOnALooserDisk() throws Exception {
        Path out = tmp.resolve("out");
        pds.export(key, ExportOptions.defaults(out), dir -> FOLDING);
        ExportResult again = pds.export(key, ExportOptions.defaults(out), dir -> RecordFileNames.PLAIN);
        assertThat(again.manifest().recordFileNames()).isEqualTo(FOLDING);
        assertThat(pds.notices).noneMatch(n -> n.contains("renaming"));
    }

    /**
     * The same on a real case-folding file system: an ext4 image with the casefold feature on a loop
     * device (needs root, loop devices and a kernel with casefold support; skipped otherwise).
     */
    @Test
    void onARealCaseFoldingFileSystem() throws Exception {
        Path out = tmp.resolve("linux");
        ExportResult first = pds.export(key, ExportOptions.defaults(out));
        assumeTrue(!first.manifest().recordFileNames().caseInsensitive(), "the temp folder already folds case");

        Path image = tmp.resolve("casefold.img");
        Path mnt = tmp.resolve("mnt");
        Files.createDirectories(mnt);
        try (var f = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0);
            f.position(16L << 20).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        String mkfs = run("mkfs.ext4", "-q", "-F", "-O", "casefold", "-E", "encoding=utf8", image.toString());
        assumeTrue(mkfs == null, "cannot make an ext4 casefold image here: " + mkfs);
        String mount = run("mount", "-o", "loop", image.toString(), mnt.toString());
        assumeTrue(mount == null, "cannot mount an ext4 casefold image here (needs root, a loop device and "
                + "kernel casefold support): " + mount);
        try {
            Path folded = mnt.resolve("out");
            Files.createDirectories(folded);
            String chattr = run("chattr", "+F", folded.toString());
            assumeTrue(chattr == null, "cannot make a case-folding folder: " + chattr);
            copyTree(out, folded);
            Path posts = folded.resolve(first.dir().getFileName()).resolve("app.bsky.feed.post");
            assertThat(RecordFileNames.detectCaseInsensitive(folded)).isTrue();

            ExportResult again = pds.export(key, ExportOptions.defaults(folded));

            assertThat(pds.notices).anyMatch(n -> n.contains("renaming its record files"));
            assertThat(again.verified()).isTrue();
            assertThat(again.manifest().recordFileNames().caseInsensitive()).isTrue();
            assertThat(posts.resolve("%52ec" + upper.substring(3) + ".json")).exists();
            assertThat(ExportChecker.check(again.dir()).ok()).isTrue();
        } finally {
            run("umount", mnt.toString());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs a command; null if it succeeded, else what it said. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return command[0] + " did not finish";
        }
        return p.exitValue() == 0 ? null : command[0] + " exited " + p.exitValue() + ": " + output;
    }
}
