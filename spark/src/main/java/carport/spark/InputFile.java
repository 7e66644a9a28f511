package carport.spark;

import java.io.Serializable;

/**
 * One input of the source, as the driver listed it.
 *
 * @param path the Hadoop path, qualified ({@code file:/...}, {@code s3a://...}); a CAR file or an export folder
 * @param length bytes to read: the CAR's size (an export folder's {@code _repo.car})
 * @param exportFolder true for an export folder ({@code DIR/<did>/} holding {@code _export.json})
 */
record InputFile(String path, long length, boolean exportFolder) implements Serializable {
    private static final long serialVersionUID = 1L;
}
