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
 * @param allowRotatedKey keep a freshly downloaded head commit that verifies only under an earlier
 *     (rotated-out) signing key, recorded as a failure ({@code verified: false}), instead of refusing it
 */
public record ExportOptions(Path outDir, boolean keepDeleted, int blobThreads, String carportVersion,
        boolean allowRotatedKey) {
    public ExportOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(carportVersion, "carportVersion");
        if (blobThreads < 1) {
            throw new IllegalArgumentException("blobThreads must be at least 1");
        }
    }

    public ExportOptions(Path outDir, boolean keepDeleted, int blobThreads, String carportVersion) {
        this(outDir, keepDeleted, blobThreads, carportVersion, false);
    }

    public static ExportOptions defaults(Path outDir) {
        return new ExportOptions(outDir, false, 4, "dev");
    }

    public ExportOptions withKeepDeleted(boolean b) {
        return new ExportOptions(outDir, b, blobThreads, carportVersion, allowRotatedKey);
    }

    public ExportOptions withBlobThreads(int n) {
        return new ExportOptions(outDir, keepDeleted, n, carportVersion, allowRotatedKey);
    }

    public ExportOptions withVersion(String v) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, v, allowRotatedKey);
    }

    public ExportOptions withAllowRotatedKey(boolean b) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, carportVersion, b);
    }
}
