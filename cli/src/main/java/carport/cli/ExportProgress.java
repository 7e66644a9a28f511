package carport.cli;

import carport.export.ExportListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Progress output on stderr. On a terminal: one status line, redrawn in place a few times a second,
 * with each running account's step and counts (repository bytes, records, blobs by count and bytes).
 * Otherwise (a pipe, a log file): one plain line per step. Quiet: nothing. Notices are printed as
 * lines in every mode but quiet.
 */
final class ExportProgress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final Map<String, State> active = new LinkedHashMap<>();
    private final Thread painter;
    private int drawn;
    private volatile boolean closed;

    ExportProgress(PrintWriter err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal && !quiet;
        this.quiet = quiet;
        if (this.terminal) {
            painter = new Thread(this::paintLoop, "carport-progress");
            painter.setDaemon(true);
            painter.start();
        } else {
            painter = null;
        }
    }

    /** A listener that reports one account's progress under {@code label}. */
    ExportListener account(String label) {
        State s = new State(label);
        return s;
    }

    /** Prints a line (above the status line on a terminal); not in quiet mode. */
    void line(String text) {
        if (quiet) {
            return;
        }
        synchronized (this) {
            clear();
            err.println(text);
            err.flush();
        }
    }

    /** Prints a line even in quiet mode (errors). */
    void error(String text) {
        synchronized (this) {
            clear();
            err.println(text);
            err.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (painter != null) {
            painter.interrupt();
            try {
                painter.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            clear();
            err.flush();
        }
    }

    private void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }

    private void paintLoop() {
        while (!closed) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                List<String> parts = new ArrayList<>();
                for (State s : active.values()) {
                    parts.add(s.status());
                }
                String line = String.join("  |  ", parts);
                int width = width();
                if (line.length() > width - 1) {
                    line = line.substring(0, Math.max(0, width - 4)) + "...";
                }
                clear();
                err.print(line);
                err.flush();
                drawn = line.length();
            }
        }
    }

    private static int width() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
            return w > 20 ? w : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private final class State implements ExportListener {
        final String label;
        volatile Phase phase;
        volatile long repoBytes;
        volatile long repoTotal = -1;
        volatile long records;
        volatile long recordsTotal;
        volatile long blobs;
        volatile long blobsTotal;
        volatile long blobBytes;

        State(String label) {
            this.label = label;
        }

        @Override
        public void notice(String message) {
            line(label + ": " + message);
        }

        @Override
        public void phase(Phase p) {
            phase = p;
            synchronized (ExportProgress.this) {
                if (p == Phase.FINISH) {
                    // the summary follows; the status line has nothing left to show for this account
                    active.remove(label);
                } else {
                    active.put(label, this);
                }
            }
            if (!terminal && !quiet) {
                line(label + ": " + describe(p));
            }
        }

        @Override
        public void repoBytes(long bytes, long total) {
            repoBytes = bytes;
            repoTotal = total;
        }

        @Override
        public void records(long done, long total) {
            records = done;
            recordsTotal = total;
        }

        @Override
        public void blobs(long done, long total, long bytes) {
            blobs = done;
            blobsTotal = total;
            blobBytes = bytes;
        }

        String status() {
            Phase p = phase;
            if (p == null) {
                return label;
            }
            switch (p) {
                case REPO:
                    return label + ": repository " + bytes(repoBytes)
                            + (repoTotal > 0 ? " of " + bytes(repoTotal) + " " + bar(repoBytes, repoTotal) : "");
                case BLOBS:
                    return label + ": blobs " + blobs + "/" + blobsTotal + " " + bar(blobs, blobsTotal) + " "
                            + bytes(blobBytes);
                case RECORDS:
                    return label + ": records " + records + "/" + recordsTotal + " " + bar(records, recordsTotal);
                default:
                    return label + ": " + describe(p);
            }
        }
    }

    private static String describe(ExportListener.Phase p) {
        switch (p) {
            case RESOLVE:
                return "resolving identity";
            case REPO:
                return "downloading repository";
            case VERIFY:
                return "verifying repository";
            case BLOBS:
                return "fetching blobs";
            case RECORDS:
                return "writing record files";
            default:
                return "finishing";
        }
    }

    private static String bar(long done, long total) {
        int width = 12;
        int fill = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(fill) + "-".repeat(width - fill) + "]";
    }
}
