package carport.export;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to export.
 *
 * @param outDir the folder that holds one {@code <did>/} folder per account
 * @param keepDeleted move records and blobs deleted on the PDS to {@code _deleted/} instead of removing them
 * @param blobThreads blob downloads at once
 * @param carportVersion written to {@code _export.json}
 */
public record ExportOptions(Path outDir, boolean keepDeleted, int blobThreads, String carportVersion) {
    public ExportOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(carportVersion, "carportVersion");
        if (blobThreads < 1) {
            throw new IllegalArgumentException("blobThreads must be at least 1");
        }
    }

    public static ExportOptions defaults(Path outDir) {
        return new ExportOptions(outDir, false, 4, "dev");
    }

    public ExportOptions withKeepDeleted(boolean b) {
        return new ExportOptions(outDir, b, blobThreads, carportVersion);
    }

    public ExportOptions withVersion(String v) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, v);
    }
}
