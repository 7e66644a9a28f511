package carport.export.unpack;

import carport.export.ExportDir;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.Commit;
import carport.core.repo.RepoKeys;
import carport.core.repo.RepoReader;
import carport.core.syntax.Did;
import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import carport.export.store.ExportLock;
import carport.export.store.FileOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes every record of a repository CAR as a pretty-printed atproto JSON file,
 * {@code DIR/<did>/<collection>/<rkey>.json} (names from {@link DidDirNames} and {@link RecordFileNames}),
 * plus the commit as {@code DIR/<did>/_commit.json}.
 *
 * <p>Crash safety without per-file cost: everything is written into a staging folder
 * {@code DIR/.carport-unpack-<tag>-<random>/} that is renamed to {@code DIR/<did>} in one step at the end,
 * so {@code DIR/<did>} is either absent, the previous complete copy, or the new complete copy. Replacing an
 * existing copy ({@link Options#force()}) renames the old one aside, renames the new one in, then deletes the
 * old one. Each run holds a lock on {@code DIR/.carport-unpack-<tag>-<random>.lock}; staging folders whose
 * lock is free were left by an interrupted run and are deleted by the next run in the same DIR. Files are
 * not fsynced: a process crash or kill never exposes a partial folder, but after a power loss a finished
 * folder may hold empty files (as with any unsynced write).
 *
 * <p>Nothing is written outside DIR: the DID, every collection (NSID) and every record key are validated
 * before a path is built from them; names never contain separators or {@code ..}; files are created with
 * {@code CREATE_NEW}, so an existing file or link is never followed or overwritten.
 *
 * <p>Records whose block is missing (a partial CAR), whose block is corrupt or not a strict DAG-CBOR map, or
 * whose key is not a valid repo path are skipped and reported; everything else is still written.
 */
public final class Unpacker {
    /** Prefix of the staging folders, lock files and replaced copies this class leaves in DIR while it runs. */
    public static final String STAGING_PREFIX = ".carport-unpack-";
    /** The commit, next to the collection directories (an NSID never starts with {@code _}). */
    public static final String COMMIT_FILE = "_commit.json";

    private static final String LOCK_SUFFIX = ".lock";
    private static final String OLD_SUFFIX = ".old";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param force replace an existing {@code DIR/<did>}
     * @param writerThreads threads that create files (0 = the walking thread writes them itself)
     * @param maxProblems problem lines kept in the result (all are counted)
     */
    public record Options(boolean force, int writerThreads, int maxProblems) {
        public static Options defaults() {
            return new Options(false, 1, 1000);
        }

        public Options withForce(boolean f) {
            return new Options(f, writerThreads, maxProblems);
        }

        public Options withWriterThreads(int n) {
            return new Options(force, n, maxProblems);
        }
    }

    /**
     * What a run did.
     *
     * @param target the directory now holding the records, {@code DIR/<did>}
     * @param records MST leaves seen
     * @param written record files written
     * @param missingRecords records whose block is not in the CAR
     * @param missingNodes MST nodes not in the CAR (records below them are unknown)
     * @param invalid records or tree parts that are invalid data (bad key, corrupt or non-map block, broken node)
     * @param problems one line per problem, at most {@link Options#maxProblems()}
     * @param problemCount all problems
     * @param removedStale staging folders of interrupted runs that were deleted
     * @param replaced an existing {@code DIR/<did>} was replaced
     */
    public record Result(Did did, Path target, long records, long written, long missingRecords, long missingNodes,
            long invalid, List<String> problems, long problemCount, List<String> removedStale, boolean replaced) {
        public Result {
            problems = List.copyOf(problems);
            removedStale = List.copyOf(removedStale);
        }

        /** Some records are not written because the CAR lacks their blocks or MST nodes. */
        public boolean incomplete() {
            return missingRecords > 0 || missingNodes > 0;
        }
    }

    /** {@code DIR/<did>} exists and {@link Options#force()} was not given. */
    public static final class TargetExistsException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;

        public TargetExistsException(Path target) {
            super(target + " already exists");
            this.target = target;
        }

        public Path target() {
            return target;
        }
    }

    /**
     * {@code DIR/<did>} is an export ({@code _export.json} or {@code .carport/}): replacing it would
     * delete its blobs and history, so {@link Options#force()} does not apply to it.
     */
    public static final class TargetIsExportException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;

        public TargetIsExportException(Path target) {
            super(target + " is an export (it has " + ExportDir.MANIFEST + " or " + ExportDir.WORK + "/)");
            this.target = target;
        }

        public Path target() {
            return target;
        }
    }

    private Unpacker() {}

    /** Unpacks the repository {@code reader} holds into {@code dir} (created if missing). */
    public static Result unpack(RepoReader reader, Path dir, Options options) throws IOException {
        Commit commit = reader.commit();
        Did did = commit.did();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Files.createDirectories(dir);
        RecordFileNames names = RecordFileNames.forDirectory(dir);
        Path target = target(dir, did, names, options);
        List<String> removed = removeStale(dir);
        try (ExportLock lock = lockNewStaging(dir, did)) {
            String base = baseOf(lock);
            Path staging = dir.resolve(base);
            try {
                Files.createDirectory(staging);
                Job job = write(reader.car(), commit, names, staging, options);
                boolean replaced = moveIntoPlace(dir, staging, target, dir.resolve(base + OLD_SUFFIX),
                        options.force());
                return new Result(did, target, job.records, job.written, job.missingRecords, job.missingNodes,
                        job.invalid, job.problems, job.problemCount, removed, replaced);
            } finally {
                FileOps.deleteTree(staging);
            }
        }
    }

    /** Where the DID's folder goes; refused if it exists (without force) or is an export (even with it). */
    private static Path target(Path dir, Did did, RecordFileNames names, Options options) throws IOException {
        Path target = resolveUnder(dir, DidDirNames.like(names).relativePath(did));
        if (!options.force() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExistsException(target);
        }
        if (options.force() && ExportDir.isExport(target)) {
            throw new TargetIsExportException(target);
        }
        return target;
    }

    /**
     * Takes the lock of a new staging folder name in {@code dir}. The name is held in this process
     * before its lock file exists (see {@link ExportLock}), so a concurrent {@link #removeStale} here never
     * mistakes it for a leftover; other processes see the OS lock.
     */
    private static ExportLock lockNewStaging(Path dir, Did did) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String base = STAGING_PREFIX + DidDirNames.tag(did) + "-" + Long.toHexString(RANDOM.nextLong() >>> 16);
            try {
                ExportLock lock = ExportLock.acquire(dir.resolve(base + LOCK_SUFFIX));
                if (!lock.wasStale()) {
                    return lock;
                }
                lock.close(); // a leftover of that very name: pick another
            } catch (ExportLock.HeldException e) {
                // another run uses that name: pick another
            }
            if (attempt > 10) {
                throw new IOException("cannot create a staging folder lock in " + dir);
            }
        }
    }

    private static String baseOf(ExportLock lock) {
        String name = lock.file().getFileName().toString();
        return name.substring(0, name.length() - LOCK_SUFFIX.length());
    }

    /** Writes the commit and every record into {@code staging}; the writers are done when it returns. */
    private static Job write(CarFile car, Commit commit, RecordFileNames names, Path staging, Options options)
            throws IOException {
        Job job = new Job(car, names, staging, options);
        try {
            job.writeCommit(commit);
            job.run(commit.data());
        } catch (IOException | RuntimeException | Error e) {
            try {
                job.finish();
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        job.finish();
        return job;
    }

    /** {@code dir} resolved by the components of {@code relative}, refusing anything that would leave it. */
    static Path resolveUnder(Path dir, String relative) {
        Path p = dir;
        for (String c : relative.split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('\\') >= 0 || c.indexOf('\0') >= 0) {
                throw new IllegalStateException("unsafe path component \"" + show(c) + "\"");
            }
            p = p.resolve(c);
        }
        Path base = dir.toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(base) || abs.getNameCount() <= base.getNameCount()) {
            throw new IllegalStateException("path " + relative + " leaves " + dir);
        }
        return p;
    }

    private static boolean moveIntoPlace(Path dir, Path staging, Path target, Path trash, boolean force)
            throws IOException {
        // Long DIDs are cut into nested pieces: the directories above the target must be real directories.
        for (Path p = target.getParent(); !p.equals(dir); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(p.toString());
            }
        }
        Files.createDirectories(target.getParent());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(staging, target);
                return false;
            } catch (FileAlreadyExistsException e) {
                if (!force) {
                    throw new TargetExistsException(target);
                }
            }
        }
        if (!force) {
            throw new TargetExistsException(target);
        }
        Files.move(target, trash);
        try {
            Files.move(staging, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(trash, target);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        FileOps.deleteTree(trash);
        return true;
    }

    // ------------------------------------------------------------------------------ stale staging

    /**
     * Deletes staging folders, replaced copies and lock files in {@code dir} left by runs that no longer
     * hold their lock, and returns the names of the folders deleted.
     */
    public static List<String> removeStale(Path dir) throws IOException {
        Map<String, List<Path>> byBase = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String base = name.endsWith(LOCK_SUFFIX) ? name.substring(0, name.length() - LOCK_SUFFIX.length())
                        : name.endsWith(OLD_SUFFIX) ? name.substring(0, name.length() - OLD_SUFFIX.length()) : name;
                byBase.computeIfAbsent(base, k -> new ArrayList<>()).add(p);
            }
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : byBase.entrySet()) {
            Path lockFile = dir.resolve(e.getKey() + LOCK_SUFFIX);
            if (ExportLock.heldInThisProcess(lockFile) || locked(lockFile)) {
                continue;
            }
            Path lock = null;
            for (Path p : e.getValue()) {
                if (p.getFileName().toString().endsWith(LOCK_SUFFIX)) {
                    lock = p;
                } else {
                    FileOps.deleteTree(p);
                    removed.add(p.getFileName().toString());
                }
            }
            if (lock != null) {
                Files.deleteIfExists(lock);
            }
        }
        return removed;
    }

    private static boolean locked(Path lockFile) {
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // cannot tell (e.g. Windows refuses to open a file another process locked): leave it alone
            return true;
        }
    }

    // ------------------------------------------------------------------------------ the walk

    /** One run: walks the tree in key order and writes a file per record. */
    private static final class Job implements MstVisitor {
        private final CarFile car;
        private final RecordFileNames names;
        private final Path staging;
        private final int maxProblems;
        private final FileSink sink;

        private final Out out = new Out(4096);
        private byte[] block = new byte[4096];
        private final RepoKeys keys = new RepoKeys();
        private Nsid collectionNsid;
        private String collectionPath;
        private Path collectionDir;
        private boolean collectionDirCreated;
        private Path lastExtraDir;

        long records;
        long written;
        long missingRecords;
        long missingNodes;
        long invalid;
        long problemCount;
        final List<String> problems = new ArrayList<>();

        Job(CarFile car, RecordFileNames names, Path staging, Options options) {
            this.car = car;
            this.names = names;
            this.staging = staging;
            this.maxProblems = options.maxProblems();
            this.sink = options.writerThreads() > 0 ? new ThreadedSink(options.writerThreads()) : new DirectSink();
        }

        void writeCommit(Commit commit) throws IOException {
            byte[] b = car.get(commit.cid());
            out.reset();
            AtJson.transcode(b, 0, b.length, out, true);
            out.write('\n');
            Files.write(staging.resolve(COMMIT_FILE), out.toByteArray(), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }

        void run(Cid root) throws IOException {
            // Hash every block first, on all cores: that is the part of the work that splits cleanly, and
            // the walk then finds each block already checked. Corrupt blocks are reported by the walk,
            // record by record, exactly as without this pass.
            car.verifyAll(Runtime.getRuntime().availableProcessors());
            try {
                MstWalker.walk(car, root, this, MstWalker.Options.LENIENT);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        void finish() throws IOException {
            sink.close();
        }

        private void problem0(String message) {
            problemCount++;
            if (problems.size() < maxProblems) {
                problems.add(message);
            }
        }

        @Override
        public void node(Cid cid, MstNode node, int layer) {}

        @Override
        public void missingNode(Cid cid) {
            missingNodes++;
            problem0("MST node " + cid + " is missing from the CAR: the records below it are unknown and not written");
        }

        @Override
        public void problem(String message) {
            invalid++;
            problem0(message);
        }

        @Override
        public void leaf(byte[] key, Cid value) {
            records++;
            try {
                leaf0(key, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void leaf0(byte[] key, Cid value) throws IOException {
            String notAPath = keys.check(key);
            if (notAPath != null) {
                invalidRecord(key, "is not a repo path: " + notAPath);
                return;
            }
            if (keys.collection() != collectionNsid) {
                enterCollection(keys.collection());
            }
            int i = car.indexOf(value);
            if (i < 0) {
                missingRecords++;
                problem0("record " + show(key) + " (" + value + ") is missing from the CAR; not written");
                return;
            }
            if (value.codec() != Cid.DAG_CBOR) {
                invalidRecord(key, "(" + value + ") is a raw block, not DAG-CBOR");
                return;
            }
            int len = car.blockLength(i);
            if (block.length < len) {
                block = new byte[Math.max(len, block.length * 2)];
            }
            try {
                car.readBlock(i, block);
            } catch (InvalidDataException e) {
                invalidRecord(key, ": " + e.getMessage());
                return;
            }
            if (len == 0 || (block[0] & 0xe0) != 0xa0) {
                invalidRecord(key, "(" + value + ") is not a map");
                return;
            }
            out.reset();
            try {
                AtJson.transcode(block, 0, len, out, true);
            } catch (InvalidDataException e) {
                invalidRecord(key, "(" + value + ") is not valid DAG-CBOR: " + e.getMessage());
                return;
            }
            out.write('\n');
            String rel = names.relativePath(collectionNsid, RecordKey.parse(keys.rkey()));
            String file = rel.substring(collectionPath.length() + 1);
            Path dir = collectionDir;
            if (!collectionDirCreated) {
                // created on the first record actually written, so a partial CAR leaves no empty folders
                Files.createDirectories(collectionDir);
                collectionDirCreated = true;
            }
            if (file.indexOf('/') >= 0) {
                // an rkey too long for one file name: its leading pieces are directories
                int cut = file.lastIndexOf('/');
                dir = resolveUnder(collectionDir, file.substring(0, cut));
                file = file.substring(cut + 1);
                if (!dir.equals(lastExtraDir)) {
                    Files.createDirectories(dir);
                    lastExtraDir = dir;
                }
            }
            sink.write(dir.resolve(file), out);
            written++;
        }

        private void enterCollection(Nsid c) {
            collectionNsid = c;
            collectionPath = names.collectionPath(c);
            collectionDir = resolveUnder(staging, collectionPath);
            collectionDirCreated = false;
        }

        private void invalidRecord(byte[] key, String why) {
            invalid++;
            problem0("record " + show(key) + " " + why + "; not written");
        }
    }

    // ------------------------------------------------------------------------------ writing files

    /** Creates record files; {@link #flush} waits until every file handed over so far exists. */
    /** Creates one file with the given bytes (the writer threads' one job; tests inject failures). */
    @FunctionalInterface
    interface FileCreator {
        void create(Path file, byte[] b, int off, int len) throws IOException;
    }

    interface FileSink extends AutoCloseable {
        void write(Path file, Out content) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static void createFile(Path file, byte[] b, int off, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
    }

    private static final class DirectSink implements FileSink {
        @Override
        public void write(Path file, Out content) throws IOException {
            createFile(file, content.buffer(), 0, content.size());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /**
     * Hands files to writer threads, so that creating files (system calls) overlaps with reading and
     * transcoding. Files go over in batches: handing one over takes a lock and often wakes a thread, which
     * per file cost about as much as creating it. A failure in a writer is rethrown to the walking thread
     * at a later call.
     */
    static final class ThreadedSink implements FileSink {
        private static final int BATCH_FILES = 64;
        private static final int BATCH_BYTES = 1 << 18;
        private static final Batch STOP = new Batch();
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(16);
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final FileCreator creator;
        private final AtomicLong pending = new AtomicLong();
        private Batch batch = new Batch();
        private boolean closed;

        /** Files to create: their paths, and their contents end to end. */
        private static final class Batch {
            final Path[] files = new Path[BATCH_FILES];
            final int[] ends = new int[BATCH_FILES];
            byte[] data = new byte[1 << 14];
            int n;
            int size;

            void add(Path file, byte[] b, int len) {
                if (data.length - size < len) {
                    data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max((long) size + len, 2L * data.length)));
                }
                System.arraycopy(b, 0, data, size, len);
                size += len;
                files[n] = file;
                ends[n++] = size;
            }

            boolean full() {
                return n == BATCH_FILES || size >= BATCH_BYTES;
            }
        }

        ThreadedSink(int n) {
            this(n, Unpacker::createFile);
        }

        ThreadedSink(int n, FileCreator creator) {
            this.creator = creator;
            for (int t = 0; t < n; t++) {
                Thread th = new Thread(this::work, "carport-unpack-writer-" + t);
                th.setDaemon(true);
                th.start();
                threads.add(th);
            }
        }

        private void work() {
            while (true) {
                Batch b;
                try {
                    b = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (b == STOP) {
                    return;
                }
                try {
                    for (int i = 0; i < b.n && failure.get() == null; i++) {
                        int start = i == 0 ? 0 : b.ends[i - 1];
                        creator.create(b.files[i], b.data, start, b.ends[i] - start);
                    }
                } catch (Throwable e) {
                    // Errors too (OutOfMemoryError): a writer that died silently would leave the walking
                    // thread waiting forever for a full queue or a pending batch. This one keeps taking
                    // batches (skipping them) and the failure is rethrown to the walking thread.
                    failure.compareAndSet(null, e);
                } finally {
                    synchronized (pending) {
                        if (pending.decrementAndGet() == 0) {
                            pending.notifyAll();
                        }
                    }
                }
            }
        }

        private void check() throws IOException {
            Throwable e = failure.get();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IOException(e.toString(), e);
            }
        }

        @Override
        public void write(Path file, Out content) throws IOException {
            check();
            batch.add(file, content.buffer(), content.size());
            if (batch.full()) {
                handOver();
            }
        }

        private void handOver() throws IOException {
            if (batch.n == 0) {
                return;
            }
            pending.incrementAndGet();
            put(batch);
            batch = new Batch();
        }

        private void put(Batch b) throws IOException {
            try {
                queue.put(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing records");
            }
        }

        @Override
        public void flush() throws IOException {
            handOver();
            synchronized (pending) {
                while (pending.get() > 0) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while writing records");
                    }
                }
            }
            check();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                handOver();
            } finally {
                for (int i = 0; i < threads.size(); i++) {
                    put(STOP);
                }
                for (Thread th : threads) {
                    try {
                        th.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while writing records");
                    }
                }
            }
            check();
        }
    }

    /** A reusable output buffer whose bytes can be written without copying. */
    static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }
    }

    private static final class UncheckedIOException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedIOException(IOException e) {
            super(e);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** A key or DID for messages: printable ASCII kept, anything else as {@code \xHH}, at most 200 characters. */
    static String show(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length && sb.length() < 200; i++) {
            int c = key[i] & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.length() >= 200 && key.length > 200 ? sb + "..." : sb.toString();
    }

    static String show(String s) {
        return show(s.getBytes(StandardCharsets.UTF_8));
    }
}
