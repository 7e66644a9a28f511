package carport.export.blobs;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.RemoteException;
import carport.net.xrpc.SyncApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads blobs into one folder, named by their CID. A blob whose file is already present and
 * hashes to its CID is skipped; a present file that does not check out is downloaded again. One
 * failing blob does not stop the others: failures are collected and returned.
 */
public final class BlobDownloader {
    /** What happened to one blob, for progress output. */
    public enum Outcome { DOWNLOADED, SKIPPED, FAILED }

    /** Told about every finished blob; called from worker threads. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (cid, outcome, bytes, done, total) -> { };

        void finished(Cid cid, Outcome outcome, long bytes, int done, int total);
    }

    /** One blob that could not be fetched, with a one-line reason. */
    public record Failure(Cid cid, String reason) {}

    /** The totals of a run. */
    public record Result(int downloaded, int skipped, long bytesDownloaded, List<Failure> failures) {
        public boolean complete() {
            return failures.isEmpty();
        }
    }

    private final SyncApi client;
    private final int concurrency;

    public BlobDownloader(SyncApi client, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.client = Objects.requireNonNull(client, "client");
        this.concurrency = concurrency;
    }

    /** The file a blob is kept in: {@code dir/<cid>} (a CID string is a safe file name). */
    public static Path fileFor(Path dir, Cid cid) {
        return dir.resolve(cid.toString());
    }

    /** True if {@code file} exists and its SHA-256 equals the CID's digest. */
    public static boolean isGoodCopy(Path file, Cid cid) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return Arrays.equals(sha.digest(), cid.digest());
    }

    /**
     * Fetches every blob in {@code cids} that {@code dir} does not hold a good copy of. A blob the server fails to
     * give is a {@link Failure} and the rest go on; a local failure (disk full, a path that cannot be written) stops
     * the download, since every other blob would fail the same way: blobs saved before it are kept.
     *
     * @throws IOException when the local disk fails
     */
    public Result download(URI pds, Did did, List<Cid> cids, Path dir, Listener listener) throws IOException {
        Files.createDirectories(dir);
        int total = cids.size();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger downloaded = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<IOException> local = new AtomicReference<>();
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, total)), r -> {
            Thread t = new Thread(r, "carport-blob");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(total);
            for (Cid cid : cids) {
                futures.add(pool.submit(() -> {
                    if (local.get() != null) {
                        return;
                    }
                    Path file = fileFor(dir, cid);
                    Outcome outcome;
                    long size = 0;
                    try {
                        if (isGoodCopy(file, cid)) {
                            outcome = Outcome.SKIPPED;
                            size = Files.size(file);
                            skipped.incrementAndGet();
                        } else {
                            size = client.getBlob(pds, did, cid, file);
                            bytes.addAndGet(size);
                            downloaded.incrementAndGet();
                            outcome = Outcome.DOWNLOADED;
                        }
                    } catch (RemoteException | carport.core.InvalidDataException e) {
                        failures.add(new Failure(cid, e.getMessage()));
                        outcome = Outcome.FAILED;
                    } catch (IOException e) {
                        local.compareAndSet(null, e);
                        return;
                    } catch (UncheckedIOException e) {
                        local.compareAndSet(null, e.getCause());
                        return;
                    }
                    listener.finished(cid, outcome, size, done.incrementAndGet(), total);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while downloading blobs", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException) {
                        throw (RuntimeException) c;
                    }
                    throw new IOException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        IOException stop = local.get();
        if (stop != null) {
            throw new IOException("cannot save blobs in " + dir + ": " + describe(stop) + "; stopped after "
                    + downloaded.get() + " downloaded (they are kept): fix this and run again", stop);
        }
        List<Failure> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> a.cid().compareTo(b.cid()));
        return new Result(downloaded.get(), skipped.get(), bytes.get(), List.copyOf(sorted));
    }

    /** One line about a local failure, without Java class names where the JDK gives no reason. */
    private static String describe(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getReason() != null) {
            return e.getMessage();
        }
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e instanceof java.nio.file.DirectoryNotEmptyException ? "a folder is in the way"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                : "cannot be written";
        return f.getFile() + ": " + why;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
