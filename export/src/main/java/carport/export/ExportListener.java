package carport.export;

/**
 * Hears how one account's export is going, for progress bars and log lines. Called from the export's
 * threads (blob progress from several at once); implementations must be thread-safe and cheap.
 */
public interface ExportListener {
    ExportListener NONE = new ExportListener() { };

    /** The steps of an export, in order (some are skipped). */
    enum Phase { RESOLVE, REPO, VERIFY, BLOBS, RECORDS, FINISH }

    /** A one-line notice worth showing: a fallback, a recovery, a key rotation. */
    default void notice(String message) {}

    default void phase(Phase phase) {}

    /** Repository download: bytes so far and the expected total (-1 if unknown). */
    default void repoBytes(long bytes, long total) {}

    /** Record files checked or written so far, of {@code total}. */
    default void records(long done, long total) {}

    /** Blobs present so far of {@code total} (downloaded or already there), and bytes downloaded. */
    default void blobs(long done, long total, long bytes) {}
}
