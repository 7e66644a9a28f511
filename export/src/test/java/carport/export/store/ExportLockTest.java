package carport.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportLockTest {
    @Test
    void aHeldLockRefusesASecondHolderAndNamesTheFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".carport/lock");
        try (ExportLock first = ExportLock.acquire(file)) {
            assertThat(first.wasStale()).isFalse();
            assertThatThrownBy(() -> ExportLock.acquire(file))
                    .isInstanceOf(ExportLock.HeldException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        assertThat(file).doesNotExist();
        try (ExportLock again = ExportLock.acquire(file)) {
            assertThat(again.wasStale()).isFalse();
        }
    }

    @Test
    void anotherProcessSeesTheLockHeldEvenAfterASecondJobInThisProcessWasRefused(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve(".carport/lock");
        try (ExportLock first = ExportLock.acquire(file)) {
            assertThat(probeFromAnotherProcess(file)).isEqualTo("held");
            assertThatThrownBy(() -> ExportLock.acquire(file)).isInstanceOf(ExportLock.HeldException.class);
            assertThat(probeFromAnotherProcess(file)).isEqualTo("held");
        }
    }

    private static String probeFromAnotherProcess(Path file) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aLockFileNobodyHoldsIsStaleAndTakenOver(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".carport/lock");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "pid 999999 on elsewhere since 2020-01-01T00:00:00Z\n");
        try (ExportLock lock = ExportLock.acquire(file)) {
            assertThat(lock.wasStale()).isTrue();
            assertThat(Files.readString(file)).startsWith("pid " + ProcessHandle.current().pid());
        }
    }
}
