package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.InvalidDataException;
import carport.export.ExportLockedException;
import carport.net.http.ConnectionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** One mapping from failure to exit code and message, the same for export as for every other command. */
class FailuresTest {
    static Stream<Throwable> failures() {
        return Stream.of(
                new UncheckedIOException(new NoSuchFileException("/no/such/file")),
                new UncheckedIOException(new AccessDeniedException("/root/x")),
                new UncheckedIOException(new IOException("disk full")),
                new InvalidDataException("bad CAR"),
                new ConnectionException("cannot connect"),
                new ExportLockedException(Path.of("out/did:plc:x"), "pid 1"),
                new UsageException("bad option"),
                new OutOfMemoryError("Java heap space"),
                new StackOverflowError(),
                new IllegalStateException("a bug"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void exportMapsEveryFailureLikeEveryOtherCommand(Throwable t) {
        StringWriter err = new StringWriter();
        int code = Main.report(new PrintWriter(err), t);

        assertThat(ExportCommand.classify(t)).isEqualTo(code);
        assertThat(err.toString()).hasLineCount(1).startsWith("carport: ");
    }

    @Test
    void aMissingFileIsAUsageErrorInExportToo() {
        assertThat(ExportCommand.classify(new UncheckedIOException(new NoSuchFileException("x")))).isEqualTo(2);
    }

    @Test
    void outOfMemoryIsOneLineAndExitOneEvenThoughPicocliDoesNotCatchIt() throws Exception {
        // a real OutOfMemoryError: verify a 2 MB CAR in a JVM with a 4 MiB heap
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "verify",
                CliRun.car("pegasus-mist-sample-bsky.app.car").toString(), "--no-signature"));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).isEqualTo("carport: out of memory (give the JVM more heap: JAVA_OPTS=-Xmx...)\n");
        assertThat(out).isEmpty();
    }
}
