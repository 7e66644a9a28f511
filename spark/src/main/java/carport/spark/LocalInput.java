package carport.spark;

import carport.records.ExportFiles;
import carport.records.RecordsInput;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkFiles;

/**
 * An input made readable on this executor's local disk: a {@code file:} path is read in place; anything
 * else (HDFS, S3, ...) is copied into a temporary file (or folder, for an export folder) in the executor's
 * own directory, memory-mapped from there, and deleted on {@link #close()}. CARs can be 1 GB: they are
 * copied as a stream, never held in memory.
 */
final class LocalInput implements AutoCloseable {
    private static final String[] EXPORT_FILES = {
        ExportFiles.MANIFEST, ExportFiles.REPO, ExportFiles.DID_DOC, ExportFiles.PLC_AUDIT
    };

    private final RecordsInput input;
    private final java.nio.file.Path temp; // null when read in place

    private LocalInput(RecordsInput input, java.nio.file.Path temp) {
        this.input = input;
        this.temp = temp;
    }

    RecordsInput input() {
        return input;
    }

    /** The local path this input is read from, as the reader names it (to be replaced by the Hadoop path). */
    String localName() {
        return input.name();
    }

    static LocalInput open(InputFile f, Configuration conf) throws IOException {
        Path p = new Path(f.path());
        FileSystem fs = p.getFileSystem(conf);
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            java.nio.file.Path local = new File(p.toUri()).toPath();
            return new LocalInput(f.exportFolder() ? RecordsInput.exportFolder(local) : RecordsInput.car(local), null);
        }
        java.nio.file.Path dir = java.nio.file.Path.of(SparkFiles.getRootDirectory());
        if (f.exportFolder()) {
            java.nio.file.Path tmp = Files.createTempDirectory(dir, "carport-export-");
            try {
                for (String name : EXPORT_FILES) {
                    Path remote = new Path(p, name);
                    if (fs.exists(remote)) {
                        copy(fs, remote, tmp.resolve(name));
                    }
                }
            } catch (IOException | RuntimeException e) {
                delete(tmp);
                throw e;
            }
            return new LocalInput(RecordsInput.exportFolder(tmp), tmp);
        }
        java.nio.file.Path tmp = Files.createTempFile(dir, "carport-", ".car");
        try {
            copy(fs, p, tmp);
        } catch (IOException | RuntimeException e) {
            delete(tmp);
            throw e;
        }
        return new LocalInput(RecordsInput.car(tmp), tmp);
    }

    private static void copy(FileSystem fs, Path from, java.nio.file.Path to) throws IOException {
        try (InputStream in = fs.open(from)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        if (temp != null) {
            delete(temp);
        }
    }

    private static void delete(java.nio.file.Path p) {
        try (Stream<java.nio.file.Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // a temp file left behind is removed with the executor's directory
        }
    }
}
