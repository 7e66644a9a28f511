package carport.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary-file-and-rename steps: create a fresh temporary file, rename it over its target
 * (atomically where the file system allows), and make the rename durable.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A temporary file just created (empty) and open for writing; closing closes the channel only. */
    public record TempFile(Path path, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Creates {@code dir/<prefix>.<random hex><suffix>}, a name no other file has (created with the
     * process umask, unlike {@link Files#createTempFile}, which forces 0600), and opens it for writing.
     * It must be in the target's directory or on its file system for the rename to be atomic.
     *
     * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
     */
    public static TempFile createTemp(Path dir, String prefix, String suffix) throws IOException {
        for (int i = 0; ; i++) {
            Path p = dir.resolve(prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
            try {
                return new TempFile(p, FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (i > 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * Renames {@code source} over {@code target}, atomically where the file system allows (readers see
     * the old file or the new one), else replacing it.
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces a directory's entries (renames, deletions) to disk, so that a rename survives a power cut;
     * a no-op where directories cannot be opened (Windows), where the rename itself is still atomic.
     */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more can be done
        }
    }
}
