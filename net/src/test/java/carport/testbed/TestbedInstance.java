package carport.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private test bed (its own PLC + PDS, freshly seeded) for tests that kill servers or need
 * untouched account state. Starting one takes 5-15 s; prefer the shared {@link Testbed#get()}.
 *
 * <p>The Node process is started with {@code --watch-stdin}, so it also stops when this JVM dies.
 * Use with try-with-resources.
 */
public final class TestbedInstance implements AutoCloseable {

  /** System property / environment variable naming the {@code testbed} folder of the repository. */
  public static final String HOME_PROPERTY = "carport.testbed.home";

  public static final String HOME_ENV = "CARPORT_TESTBED_HOME";

  private final Process process;
  private final Path dir;
  private final Testbed testbed;

  private TestbedInstance(Process process, Path dir, Testbed testbed) {
    this.process = process;
    this.dir = dir;
    this.testbed = testbed;
  }

  /** Starts a private test bed with a small bob (the shared one has 2,500 bulk records). */
  public static TestbedInstance launch() {
    return launch(50, Duration.ofMinutes(5));
  }

  /**
   * Starts a private test bed and waits until it is seeded.
   *
   * @param bobRecords bulk records written to bob (the shared test bed has 2,500)
   * @param timeout how long to wait for readiness (includes a first install when not yet cached)
   */
  public static TestbedInstance launch(int bobRecords, Duration timeout) {
    return launch(new Options(bobRecords, false, 0, timeout));
  }

  /**
   * What a private test bed runs.
   *
   * @param bobRecords bulk records written to bob
   * @param secondPds also run an empty second PDS on the same PLC and the control endpoint, and give
   *     alice and bob rotation keys of their own (restore and migration tests)
   * @param pds2Limit if positive, the second PDS's importRepo and uploadBlob size limit in bytes
   *     ({@code PDS_MAX_REPO_IMPORT_SIZE} / {@code PDS_BLOB_UPLOAD_LIMIT}); else 100 MB
   * @param timeout how long to wait for readiness
   */
  public record Options(int bobRecords, boolean secondPds, long pds2Limit, Duration timeout) {
    /** Two PDSes on one PLC, a small bob (50 bulk records). */
    public static Options twoPds() {
      return new Options(50, true, 0, Duration.ofMinutes(5));
    }

    public Options bobRecords(int n) {
      return new Options(n, secondPds, pds2Limit, timeout);
    }

    /** Lowers the second PDS's size limits, e.g. to provoke HTTP 413. */
    public Options pds2Limit(long bytes) {
      return new Options(bobRecords, secondPds, bytes, timeout);
    }
  }

  /** Starts a private test bed as {@code options} say and waits until it is seeded. */
  public static TestbedInstance launch(Options options) {
    int bobRecords = options.bobRecords();
    Duration timeout = options.timeout();
    Path script = home().resolve("testbed.sh");
    Path dir;
    try {
      dir = Files.createTempDirectory("carport-testbed-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path json = dir.resolve("testbed.json");
    Path log = dir.resolve("testbed.log");
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), "run",
        "--out", json.toString(), "--data-dir", dir.resolve("data").toString(),
        "--bob-records", Integer.toString(bobRecords), "--watch-stdin"));
    if (options.secondPds()) {
      command.add("--second-pds");
      if (options.pds2Limit() > 0) {
        command.addAll(List.of("--pds2-limit", Long.toString(options.pds2Limit())));
      }
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // stdin stays a pipe that nobody writes to: it reaches EOF when this JVM exits.
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      deleteTree(dir);
      throw new UncheckedIOException("cannot run " + script, e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.exists(json)) {
        if (!p.isAlive()) {
          throw new IllegalStateException("private test bed exited with " + p.exitValue() + " before it was ready:\n"
              + tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("private test bed not ready after " + timeout + ":\n" + tail(log));
        }
        Thread.sleep(100);
      }
      return new TestbedInstance(p, dir, Testbed.load(json));
    } catch (RuntimeException | InterruptedException e) {
      stop(p);
      deleteTree(dir);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting a private test bed", e);
      }
      throw (RuntimeException) e;
    }
  }

  public Testbed testbed() {
    return testbed;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills PLC and PDS at once (SIGKILL), as a crash would; {@link #close()} still cleans up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(15, TimeUnit.SECONDS);
  }

  /** Stops PLC and PDS and deletes their data. */
  @Override
  public void close() {
    stop(process);
    deleteTree(dir);
  }

  private static void stop(Process p) {
    p.destroy(); // SIGTERM: the servers shut down in 1-2 s
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The repository's testbed folder: from the property / environment, else found above the working directory. */
  static Path home() {
    for (String v : new String[] {System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV)}) {
      if (v != null && !v.isBlank()) {
        return Path.of(v.strip()).toAbsolutePath();
      }
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("testbed/testbed.sh"))) {
        return d.resolve("testbed");
      }
    }
    throw new IllegalStateException("cannot find testbed/testbed.sh above " + Path.of("").toAbsolutePath()
        + "; set -D" + HOME_PROPERTY + " or " + HOME_ENV);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp dir left behind is not worth failing a test over
    }
  }
}
