package carport.export.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of one export folder (or one {@code unpack-records} staging folder) by one process. The lock is an operating-system lock on a
 * lock file, so it disappears with the process that held it, even after {@code kill -9}: a lock file
 * left behind by a crash is recognised as stale because nobody holds its lock. The file names the
 * holder (process id, host, start time) for the message a second exporter shows.
 *
 * <p>POSIX drops every lock a process holds on a file when the process closes <em>any</em> descriptor
 * of that file, so while the lock is held this process never opens and closes the lock file elsewhere:
 * a second job in this process is refused from an in-process table, and the descriptor used to check
 * the file by name stays open until the lock is released.
 */
public final class ExportLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final FileChannel byName;
    private String holder = "";
    private final boolean wasStale;

    /** Lock files held in this process (absolute, normalised), with the holder line each names. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private ExportLock(Path file, FileChannel channel, FileLock lock, FileChannel byName, boolean wasStale) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.byName = byName;
        this.wasStale = wasStale;
    }

    /** Thrown when another process (or another job in this one) holds the lock. */
    public static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String holder;

        HeldException(String holder) {
            super(holder);
            this.holder = holder;
        }

        /** Who holds it, as the lock file says ("pid 123 on host since ..."), or "another job". */
        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock on {@code file} (its folder is created), or fails at once with
     * {@link HeldException} if it is held.
     */
    public static ExportLock acquire(Path file) throws IOException, HeldException {
        Objects.requireNonNull(file, "file");
        Path key = file.toAbsolutePath().normalize();
        String inProcess = HELD.putIfAbsent(key, "");
        if (inProcess != null) {
            throw new HeldException(inProcess.isEmpty() ? "another export in this process" : inProcess);
        }
        boolean taken = false;
        try {
            ExportLock l = acquireOs(file);
            HELD.put(key, l.holder);
            taken = true;
            return l;
        } finally {
            if (!taken) {
                HELD.remove(key);
            }
        }
    }

    private static ExportLock acquireOs(Path file) throws IOException, HeldException {
        for (int attempt = 0; ; attempt++) {
            Files.createDirectories(file.getParent());
            boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                // the folder was removed by a holder that just finished; try again
                if (attempt > 20) {
                    throw e;
                }
                continue;
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                String holder = readHolder(ch);
                ch.close();
                throw new HeldException(holder.isEmpty() ? "another export in this process" : holder);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                String holder = readHolder(ch);
                ch.close();
                throw new HeldException(holder.isEmpty() ? "another process" : holder);
            }
            // The previous holder deletes the file before releasing its lock; if we locked a file that
            // has since been unlinked (or replaced), our lock protects nothing. Start over.
            FileChannel byName = sameFile(ch, file);
            if (byName == null) {
                l.release();
                ch.close();
                if (attempt > 20) {
                    throw new IOException("cannot take the lock " + file + ": it keeps being replaced");
                }
                continue;
            }
            ExportLock lock = new ExportLock(file, ch, l, byName, existed);
            try {
                lock.holder = writeHolder(ch);
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            return lock;
        }
    }

    /**
     * Whether {@code file} still names the file behind {@code ch}: a FileChannel does not expose its
     * inode, so write a unique line through the channel and read it back by name. Returns the channel
     * that read it, open (closing it now would drop the lock just taken), or null if not the same file.
     */
    private static FileChannel sameFile(FileChannel ch, Path file) {
        FileChannel byName = null;
        try {
            byte[] marker = ("probe " + ProcessHandle.current().pid() + " " + System.nanoTime() + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(marker), 0);
            byName = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer b = ByteBuffer.allocate(marker.length + 1);
            while (b.hasRemaining() && byName.read(b) >= 0) {
                // read until the marker and one byte more, or the end
            }
            if (b.position() == marker.length && java.util.Arrays.equals(b.array(), 0, marker.length, marker, 0,
                    marker.length)) {
                return byName;
            }
        } catch (IOException e) {
            // gone or unreadable: not the file we locked
        }
        if (byName != null) {
            try {
                byName.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        return null;
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.startsWith("probe ") ? "" : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static String writeHolder(FileChannel ch) throws IOException {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this machine";
        }
        String line = "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now() + "\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        return line.strip();
    }

    /**
     * Whether this process holds (or is taking) the lock on {@code file}. Probing such a file by opening
     * it would release the lock (POSIX), so callers that look for stale lock files ask this first.
     */
    public static boolean heldInThisProcess(Path file) {
        return HELD.containsKey(file.toAbsolutePath().normalize());
    }

    /** True if a lock file was already there when this lock was taken (a run that did not finish). */
    public boolean wasStale() {
        return wasStale;
    }

    public Path file() {
        return file;
    }

    /** Deletes the lock file, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Windows refuses to delete an open file; the file stays and the next run finds it unlocked.
        } finally {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    try {
                        byName.close();
                    } finally {
                        HELD.remove(file.toAbsolutePath().normalize(), holder);
                    }
                }
            }
        }
    }
}
