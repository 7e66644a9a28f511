package carport.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of exporting one account.
 *
 * @param dir the account's export folder
 * @param manifest what was written to {@code _export.json}
 * @param added records new since the last run (all of them on a first export)
 * @param notices the notices shown during the run
 */
public record ExportResult(Path dir, ExportManifest manifest, long added, long updated, long deleted,
        List<String> notices) {
    public ExportResult {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
        notices = List.copyOf(notices);
    }

    /** True if every check passed and nothing failed. */
    public boolean verified() {
        return manifest.verified();
    }
}
