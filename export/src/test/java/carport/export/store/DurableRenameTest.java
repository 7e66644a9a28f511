package carport.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 item 9: a rename that makes data durable is followed by an fsync of its directory.
 * Watched with strace in a child JVM: the system calls are the only evidence (a power cut cannot
 * be simulated in a test).
 */
class DurableRenameTest {
    @TempDir
    Path tmp;

    /** The child: one durable atomic write of {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        FileOps.writeAtomic(target, "{\"durable\":true}".getBytes(StandardCharsets.UTF_8),
                target.getParent().resolve(".tmp"), true);
    }

    @Test
    void aDurableWriteFsyncsTheDirectoryAfterTheRename() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed");
        Path dir = Files.createDirectories(tmp.resolve("export"));
        Path target = dir.resolve("journal.json");
        Path trace = tmp.resolve("trace.txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "-y", "-e", "trace=rename,renameat,renameat2,fsync,fdatasync",
                "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DurableRenameTest.class.getName(), target.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(p.exitValue() == 0 || !output.contains("ptrace"), "ptrace is not permitted here: " + output);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(target).hasContent("{\"durable\":true}");

        List<String> lines = Files.readAllLines(trace);
        int rename = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("rename") && lines.get(i).contains(target.toString())) {
                rename = i;
            }
        }
        assertThat(rename).as(String.join("\n", lines)).isNotNegative();
        // -y prints the path behind each descriptor: fsync(4</tmp/.../export>)
        boolean synced = lines.subList(rename + 1, lines.size()).stream()
                .anyMatch(l -> l.contains("fsync(") && l.contains("<" + dir + ">"));
        assertThat(synced).as("fsync of " + dir + " after the rename:\n" + String.join("\n", lines.subList(rename,
                Math.min(lines.size(), rename + 20)))).isTrue();
    }
}
