package carport.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aTempFileIsNewEmptyAndReplacesItsTargetWhole() throws Exception {
        Path target = dir.resolve("data.json");
        Files.writeString(target, "old");
        Path first;
        try (AtomicFiles.TempFile a = AtomicFiles.createTemp(dir, ".data.json", ".part");
                AtomicFiles.TempFile b = AtomicFiles.createTemp(dir, ".data.json", ".part")) {
            first = a.path();
            assertThat(a.path()).isNotEqualTo(b.path()).hasParent(dir);
            assertThat(a.path().getFileName().toString()).startsWith(".data.json.").endsWith(".part");
            assertThat(Files.size(a.path())).isZero();
            a.channel().write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
            Files.delete(b.path());
        }
        AtomicFiles.move(first, target);
        AtomicFiles.fsyncDirectory(dir);
        assertThat(target).hasContent("new");
        assertThat(first).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(target);
        }
    }

    @Test
    void aMissingDirectoryIsReportedNotCreated() {
        assertThatThrownBy(() -> AtomicFiles.createTemp(dir.resolve("absent"), "x", ".tmp"))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("absent")).doesNotExist();
    }
}
