package carport.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOpsTest {
    @TempDir
    Path tmp;

    @Test
    void deleteTreeRemovesLinksWithoutFollowingThem() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep");
        Path root = Files.createDirectories(tmp.resolve("root/sub"));
        Files.writeString(root.resolve("f"), "x");
        try {
            Files.createSymbolicLink(root.resolve("dirLink"), outside);
            Files.createSymbolicLink(root.resolve("fileLink"), kept);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }

        FileOps.deleteTree(tmp.resolve("root"));

        assertThat(tmp.resolve("root")).doesNotExist();
        assertThat(kept).hasContent("keep");
    }

    @Test
    void deleteTreeOfAbsentPathIsANoOp() throws IOException {
        FileOps.deleteTree(tmp.resolve("absent"));
        assertThat(tmp.resolve("absent")).doesNotExist();
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(tmp.resolve("t.json"), "old");
        Path work = tmp.resolve("work");

        assertThatThrownBy(() -> FileOps.writeAtomic(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }, work, false)).hasMessage("disk full");

        assertThat(target).hasContent("old");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void writeAtomicCreatesMissingFolders() throws IOException {
        Path target = tmp.resolve("a/b/c.json");
        FileOps.writeAtomic(target, "new".getBytes(StandardCharsets.UTF_8), tmp.resolve("work"), true);
        assertThat(target).hasContent("new");
    }
}
