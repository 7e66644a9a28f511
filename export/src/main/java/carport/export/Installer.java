package carport.export;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import carport.core.syntax.RepoPath;
import carport.core.mst.TreeDiff;
import carport.export.store.FileOps;
import carport.export.store.Journal;
import carport.export.unpack.RecordFileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Carries out a journaled update: brings record files and blobs in line with the new state, then
 * renames the staged files into place, {@code _export.json} last. Every step is idempotent (write
 * the same content again, delete what is already gone, rename what is still staged), so an install
 * killed at any point is completed by running it again from the journal.
 */
final class Installer {
    private final ExportDir dir;
    private final ExportListener listener;

    Installer(ExportDir dir, ExportListener listener) {
        this.dir = dir;
        this.listener = listener;
    }

    /**
     * Cleans up after a run that did not finish: removes temporary files, completes an update whose
     * journal was written, drops one that had not got that far. Returns true if an update was completed.
     */
    boolean recover() throws IOException {
        FileOps.deleteTree(dir.tmp());
        removePartialDownloads();
        if (!Files.exists(dir.journal())) {
            FileOps.deleteTree(dir.staging());
            return false;
        }
        Journal j;
        try {
            j = Journal.parse(Files.readAllBytes(dir.journal()));
        } catch (InvalidDataException e) {
            // Cannot happen with atomic writes; if it does, no manifest may claim a state: start over.
            listener.notice(e.getMessage() + "; the export will be rebuilt");
            Files.deleteIfExists(dir.file(ExportDir.MANIFEST));
            Files.deleteIfExists(dir.journal());
            FileOps.deleteTree(dir.staging());
            return false;
        }
        listener.notice("completing an update that was interrupted (to commit " + j.to() + ")");
        install(j);
        return true;
    }

    private void removePartialDownloads() throws IOException {
        if (!Files.isDirectory(dir.blobStaging())) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.blobStaging())) {
            for (Path p : s) {
                if (p.getFileName().toString().startsWith(".")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    void install(Journal j) throws IOException {
        if (j.phase() == Journal.Phase.RECORDS) {
            // From here on the folder is between two states; no manifest may describe either.
            if (Files.deleteIfExists(dir.file(ExportDir.MANIFEST))) {
                FileOps.fsyncDirectory(dir.root());
            }
            if (!java.util.Objects.equals(j.from(), j.to())) {
                listener.phase(ExportListener.Phase.RECORDS);
                Path newRepo = Files.exists(dir.staged(ExportDir.REPO)) ? dir.staged(ExportDir.REPO)
                        : dir.file(ExportDir.REPO);
                try (RepoReader neu = RepoReader.open(newRepo); RepoReader old = openOld(j.from());
                        Records records = new Records(neu, j.names(), j.keepDeleted())) {
                    if (old != null) {
                        records.applyDiff(old);
                    } else {
                        records.reconcile();
                    }
                }
            }
            syncBlobs(j.keepDeleted());
            j = j.withPhase(Journal.Phase.FILES);
            FileOps.writeAtomic(dir.journal(), j.toJson(), dir.tmp(), true);
        }
        listener.phase(ExportListener.Phase.FINISH);
        stampFinished();
        for (String name : ExportDir.FILES_IN_INSTALL_ORDER) {
            Path staged = dir.staged(name);
            if (Files.exists(staged)) {
                if (name.equals(ExportDir.MANIFEST)) {
                    FileOps.fsyncDirectory(dir.root());
                }
                FileOps.moveAtomic(staged, dir.file(name));
            }
        }
        FileOps.fsyncDirectory(dir.root());
        Files.deleteIfExists(dir.journal());
        FileOps.deleteTree(dir.staging());
        FileOps.deleteTree(dir.blobStaging());
        FileOps.deleteTree(dir.tmp());
    }

    /** Sets the staged manifest's finish time to now, when the export is about to become complete. */
    private void stampFinished() throws IOException {
        Path staged = dir.staged(ExportDir.MANIFEST);
        if (!Files.exists(staged)) {
            return;
        }
        ExportManifest m = ExportManifest.parse(Files.readAllBytes(staged));
        m = new ExportManifest(m.did(), m.handle(), m.pds(), m.rev(), m.commit(), m.records(), m.blobs(), m.verified(),
                m.sync(), m.started(), java.time.Instant.now(), m.carportVersion(), m.failures(), m.recordFileNames());
        FileOps.writeAtomic(staged, m.toJson(), dir.tmp(), true);
    }

    /** The current {@code _repo.car} if it holds {@code from}; null if absent, different or unreadable. */
    private RepoReader openOld(String from) {
        if (from == null || !Files.exists(dir.file(ExportDir.REPO))) {
            return null;
        }
        try {
            RepoReader r = RepoReader.open(dir.file(ExportDir.REPO));
            if (r.commit().cid().toString().equals(from)) {
                return r;
            }
            r.close();
        } catch (IOException | InvalidDataException e) {
            // fall through: reconcile against the new state alone
        }
        return null;
    }

    /** Blob files: exactly those {@code _blobs.jsonl} (staged, else current) lists and that exist. */
    private void syncBlobs(boolean keepDeleted) throws IOException {
        Path manifest = Files.exists(dir.staged(ExportDir.BLOBS)) ? dir.staged(ExportDir.BLOBS)
                : dir.file(ExportDir.BLOBS);
        Set<String> wanted = new HashSet<>();
        if (Files.exists(manifest)) {
            try (Stream<String> lines = Files.lines(manifest, StandardCharsets.UTF_8)) {
                lines.filter(l -> !l.isBlank()).forEach(l -> wanted.add(Json.string(
                        Json.object(l.getBytes(StandardCharsets.UTF_8), ExportDir.BLOBS), "cid")));
            }
        }
        Path blobDir = dir.file(ExportDir.BLOB_DIR);
        if (Files.isDirectory(dir.blobStaging())) {
            boolean moved = false;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.blobStaging())) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (wanted.contains(name)) {
                        FileOps.moveAtomic(p, blobDir.resolve(name));
                        moved = true;
                    } else {
                        Files.deleteIfExists(p);
                    }
                }
            }
            if (moved) {
                // the new blobs' names are on disk before the manifest that lists them
                FileOps.fsyncDirectory(blobDir);
            }
        }
        if (Files.isDirectory(blobDir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(blobDir)) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (wanted.contains(name)) {
                        continue;
                    }
                    if (keepDeleted && !name.startsWith(".")) {
                        FileOps.moveAtomic(p, dir.file(ExportDir.DELETED).resolve(ExportDir.BLOB_DIR).resolve(name));
                    } else {
                        FileOps.deleteTree(p);
                    }
                }
            }
            if (wanted.isEmpty()) {
                FileOps.pruneEmptyDirectories(blobDir, dir.root());
            }
        }
    }

    /**
     * Record files of one install. Files are written by a few threads (creating files is bound by
     * the file system's latency, not the CPU); removals happen on the walking thread, and folders they
     * empty are removed once all writes are done.
     */
    private final class Records implements AutoCloseable {
        private static final int WRITERS = 4;

        final RepoReader neu;
        final RecordFileNames names;
        final boolean keepDeleted;
        final Path root = dir.root();
        final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicReference<IOException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        final Set<Path> emptied = new HashSet<>();
        final java.util.concurrent.ThreadPoolExecutor writers;
        volatile long total;

        Records(RepoReader neu, RecordFileNames names, boolean keepDeleted) {
            this.neu = neu;
            this.names = names;
            this.keepDeleted = keepDeleted;
            this.writers = new java.util.concurrent.ThreadPoolExecutor(WRITERS, WRITERS, 1,
                    java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(512), r -> {
                        Thread t = new Thread(r, "carport-record-writer");
                        t.setDaemon(true);
                        return t;
                    }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        }

        void applyDiff(RepoReader old) throws IOException {
            TreeDiff.Counts counts = new TreeDiff.Counts();
            TreeDiff.diff(old.car(), old.commit().data(), neu.car(), neu.commit().data(), counts);
            total = counts.added + counts.updated + counts.deleted;
            TreeDiff.diff(old.car(), old.commit().data(), neu.car(), neu.commit().data(), new TreeDiff.Visitor() {
                @Override
                public void added(String key, Cid cid) {
                    write(key, cid);
                }

                @Override
                public void updated(String key, Cid oldCid, Cid newCid) {
                    write(key, newCid);
                }

                @Override
                public void deleted(String key, Cid oldCid) {
                    remove(key);
                }
            });
            finish();
        }

        /** Makes the record files equal to the new repository without knowing what was there before. */
        void reconcile() throws IOException {
            // Files left by an interrupted first export, or a state no manifest described. Collected
            // first so that removing files does not disturb the walk.
            // Files named in another mode (the export was written with other names) are collected too.
            java.util.List<String> stale = new java.util.ArrayList<>();
            java.util.Map<Path, RepoPath> misnamed = new java.util.LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> !p.equals(root) && !isReserved(root.relativize(p)) && Files.isRegularFile(p))
                        .forEach(p -> {
                            String key = recordKey(p);
                            if (key != null && neu.find(key).isEmpty()) {
                                stale.add(key);
                            } else if (key == null) {
                                RepoPath other = names.parseOtherMode(relative(p));
                                if (other != null) {
                                    misnamed.put(p, other);
                                }
                            }
                        });
            }
            long[] n = {0};
            neu.forEachRecord(r -> n[0]++);
            total = n[0] + stale.size();
            stale.forEach(this::remove);
            // Before any write: on a disk that folds case, a misnamed "Abc.json" is the same file as
            // the new "abc.json".
            for (Map.Entry<Path, RepoPath> e : misnamed.entrySet()) {
                removeMisnamed(e.getKey(), e.getValue());
            }
            neu.forEachRecord(r -> write(r.key(), r.cid()));
            finish();
        }

        private String relative(Path file) {
            StringBuilder sb = new StringBuilder();
            for (Path component : root.relativize(file)) {
                sb.append(sb.length() > 0 ? "/" : "").append(component);
            }
            return sb.toString();
        }

        /** A file of a record written under another naming mode: rewritten under this one, or deleted. */
        private void removeMisnamed(Path file, RepoPath path) throws IOException {
            if (keepDeleted && neu.find(path.toString()).isEmpty()) {
                FileOps.moveAtomic(file, names.resolve(root.resolve(ExportDir.DELETED), path.collection(),
                        path.rkey()));
            } else {
                Files.deleteIfExists(file);
            }
            emptied.add(file.getParent());
        }

        private boolean isReserved(Path rel) {
            String first = rel.getName(0).toString();
            return first.startsWith("_") || first.startsWith(".");
        }

        private String recordKey(Path file) {
            try {
                return names.parse(root, file).toString();
            } catch (InvalidDataException e) {
                return null; // not a record file of ours: left alone
            }
        }

        void write(String key, Cid cid) {
            RepoPath path;
            try {
                path = RepoPath.parse(key);
            } catch (InvalidDataException e) {
                return; // reported as a failure when the update was prepared
            }
            byte[] json = RecordJson.render(neu.recordBlock(cid));
            Path file = names.resolve(root, path.collection(), path.rkey());
            writers.execute(() -> {
                if (failure.get() != null) {
                    return;
                }
                try {
                    if (!FileOps.hasContent(file, json)) {
                        FileOps.writeAtomic(file, json, dir.tmp(), false);
                    }
                    listener.records(done.incrementAndGet(), total);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            });
        }

        void remove(String key) {
            RepoPath path;
            try {
                path = RepoPath.parse(key);
            } catch (InvalidDataException e) {
                return;
            }
            Path file = names.resolve(root, path.collection(), path.rkey());
            try {
                if (keepDeleted) {
                    if (Files.exists(file)) {
                        FileOps.moveAtomic(file, names.resolve(root.resolve(ExportDir.DELETED), path.collection(),
                                path.rkey()));
                    }
                } else {
                    Files.deleteIfExists(file);
                }
                emptied.add(file.getParent());
                listener.records(done.incrementAndGet(), total);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the writers, then removes folders that deletions emptied. */
        private void finish() throws IOException {
            writers.shutdown();
            try {
                while (!writers.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    // a slow disk; keep waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing record files");
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            for (Path p : emptied) {
                FileOps.pruneEmptyDirectories(p, root);
            }
        }

        @Override
        public void close() {
            writers.shutdownNow();
        }
    }
}
