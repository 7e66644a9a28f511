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
 * @param deep on a run with nothing new on the PDS, re-hash every blob and re-check every record as
 *     {@code check} does, instead of confirming only that each listed file is there with its size
 */
public record ExportOptions(Path outDir, boolean keepDeleted, int blobThreads, String carportVersion,
        boolean allowRotatedKey, boolean deep) {
    public ExportOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(carportVersion, "carportVersion");
        if (blobThreads < 1) {
            throw new IllegalArgumentException("blobThreads must be at least 1");
        }
    }

    public ExportOptions(Path outDir, boolean keepDeleted, int blobThreads, String carportVersion) {
        this(outDir, keepDeleted, blobThreads, carportVersion, false, false);
    }

    public static ExportOptions defaults(Path outDir) {
        return new ExportOptions(outDir, false, 4, "dev");
    }

    public ExportOptions withKeepDeleted(boolean b) {
        return new ExportOptions(outDir, b, blobThreads, carportVersion, allowRotatedKey, deep);
    }

    public ExportOptions withVersion(String v) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, v, allowRotatedKey, deep);
    }

    public ExportOptions withAllowRotatedKey(boolean b) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, carportVersion, b, deep);
    }

    public ExportOptions withDeep(boolean b) {
        return new ExportOptions(outDir, keepDeleted, blobThreads, carportVersion, allowRotatedKey, b);
    }
}
