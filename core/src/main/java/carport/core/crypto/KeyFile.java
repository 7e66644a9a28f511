package carport.core.crypto;

import carport.core.InvalidDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A private key in a file of its own: one line, either 64 hex characters (secp256k1) or the
 * multibase form goat prints ({@code z...}, either curve). carport writes the multibase form.
 * A file that group or others may read or write is refused, as ssh refuses such keys; new files
 * are created with mode 0600 and never replace an existing file.
 */
public final class KeyFile {
    private static final int MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFile() {}

    /** A key file that is missing, unreadable, readable by others, or holds no valid key. */
    public static final class KeyFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyFileException(String message) {
            super(message);
        }
    }

    /** Reads a key file, refusing one that group or others can access. */
    public static SigningKey read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new KeyFileException("key file " + file + " does not exist or is not a regular file");
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
                extra.addAll(perms);
                extra.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!extra.isEmpty()) {
                    throw new KeyFileException("key file " + file + " is accessible by others (mode "
                            + PosixFilePermissions.toString(perms) + "); a private key must be private: chmod 600 "
                            + file);
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new KeyFileException("key file " + file + " is too large to hold one key");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            try {
                return SigningKey.parse(text);
            } catch (InvalidDataException e) {
                throw new KeyFileException("key file " + file + ": " + e.getMessage());
            }
        } catch (NoSuchFileException e) {
            throw new KeyFileException("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes {@code key} (multibase, one line) to a new file with mode 0600. Never replaces a file:
     * the key goes to a private temporary file next to it, which is then linked into place, so the
     * name appears only complete and only if it did not exist.
     *
     * @throws FileAlreadyExistsException if {@code file} exists
     */
    public static void write(Path file, SigningKey key) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing file");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        Files.deleteIfExists(tmp);
        try (FileChannel ch = posix
                ? FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (posix) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY); // the umask may have narrowed, never widened
            }
            ch.write(ByteBuffer.wrap((key.toMultibase() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            Files.createLink(file, tmp); // fails if file exists: no overwrite even in a race
        } catch (UnsupportedOperationException e) {
            Files.move(tmp, file); // no ATOMIC_MOVE/REPLACE_EXISTING: fails if it exists
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
