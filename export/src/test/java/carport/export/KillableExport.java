package carport.export;

import carport.core.syntax.Did;
import carport.testbed.Testbed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An export in a child JVM that stops dead at a chosen point, so a test can SIGKILL it exactly
 * there. The child reports every progress event on stdout; when the event named by the kill point
 * comes, it prints {@code KILLPOINT} and blocks inside the export (holding the lock, files half
 * done), and the parent kills it with {@link Process#destroyForcibly()} (SIGKILL on Unix).
 */
final class KillableExport {
    private KillableExport() {}

    /** Child entry point: {@code testbedJson outDir did killPoint keepDeleted}. */
    public static void main(String[] args) throws Exception {
        Testbed tb = Testbed.load(Path.of(args[0]));
        Path out = Path.of(args[1]);
        String point = args[3];
        boolean keepDeleted = Boolean.parseBoolean(args[4]);
        ExportListener l = new ExportListener() {
            @Override
            public void phase(Phase p) {
                event("PHASE " + p);
            }

            @Override
            public void records(long done, long total) {
                event("RECORDS " + done);
            }

            @Override
            public void blobs(long done, long total, long bytes) {
                event("BLOBS " + done);
            }

            @Override
            public void repoBytes(long bytes, long total) {
                if (bytes > 0) {
                    event("REPO");
                }
            }

            private void event(String e) {
                if (e.equals(point)) {
                    System.out.println("KILLPOINT " + e);
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Accounts.exporter(tb, out, keepDeleted).export(Did.parse(args[2]), l);
        System.out.println("DONE");
        System.out.flush();
    }

    /**
     * Runs an export of {@code did} into {@code out} in a child JVM and kills it with SIGKILL at
     * {@code point} ("PHASE RECORDS", "RECORDS 100", "BLOBS 2", "REPO", ...). Returns true if it was
     * killed there, false if the export finished without reaching the point.
     */
    static boolean runAndKill(Testbed tb, Path out, String did, String point, boolean keepDeleted)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                KillableExport.class.getName(), tb.file().toString(), out.toString(), did, point,
                Boolean.toString(keepDeleted)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.startsWith("KILLPOINT")) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                    return true;
                }
            }
            p.waitFor(60, TimeUnit.SECONDS);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the child export failed:\n" + log);
        }
        return false;
    }
}
