package carport.cli;

import java.io.PrintWriter;

/**
 * Progress on stderr: a line rewritten in place on a terminal (at most ten times a second), and
 * nothing in between when stderr is not a terminal, so logs stay readable.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private long lastNanos;
    private boolean drawn;

    Progress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.terminal = !quiet && stderrIsTerminal();
    }

    /** True if stderr is an interactive terminal. */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; isTerminal() tells the difference.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    boolean terminal() {
        return terminal;
    }

    /** Shows {@code line} if a tenth of a second has passed since the last one. */
    synchronized void update(String line) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastNanos < 100_000_000L) {
            return;
        }
        lastNanos = now;
        drawn = true;
        err.print("\r\033[K" + line);
        err.flush();
    }

    /** Clears the progress line, if one is shown. */
    synchronized void done() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
}
