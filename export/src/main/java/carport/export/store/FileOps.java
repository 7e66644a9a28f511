package carport.export.store;

import carport.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * File writes that never leave a half-written file where a complete one is expected: content goes to
 * a temporary file in a work directory on the same file system and is renamed over the target, so a
 * reader (or a process killed with SIGKILL) sees either the old file or the new one.
 */
public final class FileOps {
    private FileOps() {}

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code data} to a temporary file in {@code tmpDir}, then renames it to {@code target}.
     *
     * @param fsync force the content to disk before the rename, and the directory after it (survives
     *     a power cut, not only a killed process); costs disk flushes per file, so it is for the few
     *     files that matter (the manifest, the journal)
     */
    public static void writeAtomic(Path target, byte[] data, Path tmpDir, boolean fsync) throws IOException {
        writeAtomic(target, out -> out.write(data), tmpDir, fsync);
    }

    public static void writeAtomic(Path target, Content content, Path tmpDir, boolean fsync) throws IOException {
        AtomicFiles.TempFile tmp = createTemp(tmpDir, target.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel c = tmp.channel(); OutputStream out = Channels.newOutputStream(c)) {
                content.writeTo(out);
                out.flush();
                if (fsync) {
                    c.force(true);
                }
            }
            moveAtomic(tmp.path(), target);
            if (fsync) {
                // the rename itself is durable only once the directory entry is on disk
                fsyncDirectory(target.toAbsolutePath().getParent());
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp.path());
            }
        }
    }

    private static AtomicFiles.TempFile createTemp(Path tmpDir, String hint) throws IOException {
        String prefix = hint.length() > 60 ? hint.substring(0, 60) : hint;
        try {
            return AtomicFiles.createTemp(tmpDir, prefix, ".tmp");
        } catch (NoSuchFileException e) {
            // the work directory does not exist yet (checked only now: creating it every time costs)
            Files.createDirectories(tmpDir);
            return AtomicFiles.createTemp(tmpDir, prefix, ".tmp");
        }
    }

    /** Renames {@code source} over {@code target}, atomically where the file system allows. */
    public static void moveAtomic(Path source, Path target) throws IOException {
        try {
            AtomicFiles.move(source, target);
        } catch (NoSuchFileException e) {
            // the target's folder does not exist yet (checked only now: creating it every time costs)
            Path parent = target.getParent();
            if (parent == null || !Files.exists(source)) {
                throw e;
            }
            Files.createDirectories(parent); // also fine if another thread has just created it
            AtomicFiles.move(source, target);
        }
    }

    /** Forces a directory's entries (renames, deletions) to disk; a no-op where not supported. */
    public static void fsyncDirectory(Path dir) {
        AtomicFiles.fsyncDirectory(dir);
    }

    /** Forces a file's content to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Deletes a file, link or whole directory tree; absent is fine. Links are removed, never followed,
     * so nothing outside {@code root} is touched.
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
    }

    /**
     * Removes {@code dir} and then its parents while they are empty, stopping at {@code stop} (which
     * is kept). Used after deleting a record file so that an emptied collection leaves no folder.
     */
    public static void pruneEmptyDirectories(Path dir, Path stop) throws IOException {
        Path d = dir;
        while (d != null && !d.equals(stop) && d.startsWith(stop)) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
            d = d.getParent();
        }
    }

    /** True if the file exists and holds exactly {@code expected}. */
    /** Whether the file's SHA-256 is {@code expected} (streamed; a missing file has none). */
    public static boolean hasSha256(Path file, byte[] expected) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        return java.security.MessageDigest.isEqual(md.digest(), expected);
    }

    public static boolean hasContent(Path file, byte[] expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != expected.length) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate(expected.length);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    return false;
                }
            }
            return java.util.Arrays.equals(buf.array(), expected);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
