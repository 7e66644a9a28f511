package carport.export;

import carport.export.store.ExportLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one account's export, {@code <out>/<did>/}. The layout is described in
 * {@code docs/export-format.md}; every name carport writes at the top level starts with {@code _}
 * (or is the hidden work folder {@code .carport}), so it can never clash with a collection folder.
 */
public final class ExportDir {
    public static final String DID_DOC = "_did.json";
    public static final String PLC_AUDIT = "_plc_audit.json";
    public static final String REPO = "_repo.car";
    public static final String COMMIT = "_commit.json";
    public static final String BLOB_DIR = "_blob";
    public static final String BLOBS = "_blobs.jsonl";
    public static final String MANIFEST = "_export.json";
    public static final String HISTORY = "_history.jsonl";
    public static final String DELETED = "_deleted";
    public static final String WORK = ".carport";

    /** The staged files, in the order an update renames them into place; the manifest comes last. */
    static final List<String> FILES_IN_INSTALL_ORDER = List.of(DID_DOC, PLC_AUDIT, REPO, COMMIT, BLOBS, HISTORY,
            MANIFEST);

    private final Path root;

    public ExportDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    /**
     * Whether {@code root} is (or was being made into) an export: it has {@code _export.json} or the
     * work folder {@code .carport/}. Other commands must not replace or delete such a folder, and
     * take the export's lock before writing into it.
     */
    public static boolean isExport(Path root) {
        return Files.exists(root.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(root.resolve(WORK), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Takes the export's lock, so that nothing else writes to the folder meanwhile.
     *
     * @throws ExportLockedException if an export (or another command) holds it
     */
    public ExportLock lock() throws IOException {
        try {
            return ExportLock.acquire(lockFile());
        } catch (ExportLock.HeldException e) {
            throw new ExportLockedException(root, e.holder());
        }
    }

    public Path blob(String cid) {
        return root.resolve(BLOB_DIR).resolve(cid);
    }

    Path work() {
        return root.resolve(WORK);
    }

    Path lockFile() {
        return work().resolve("lock");
    }

    Path journal() {
        return work().resolve("journal.json");
    }

    /** Temporary files of atomic writes; anything here is garbage once no run holds the lock. */
    Path tmp() {
        return work().resolve("tmp");
    }

    /** Files prepared for the next install, under their final names. */
    Path staging() {
        return work().resolve("staging");
    }

    Path staged(String name) {
        return staging().resolve(name);
    }

    /** Blobs downloaded and verified, waiting to be moved to {@code _blob/}. */
    Path blobStaging() {
        return work().resolve("blobs");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
