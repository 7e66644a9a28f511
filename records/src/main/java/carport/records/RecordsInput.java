package carport.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One input of the tables: a CAR file, a CAR held in memory, or an export folder ({@code DIR/<did>/}
 * holding {@code _export.json}). A caller whose CAR is remote (Spark) copies it to a local file or reads it
 * into a byte array first.
 */
public sealed interface RecordsInput {
    /** How the input is named in the repos table's {@code path} column and in messages. */
    String name();

    /** A repository CAR file, read in place (memory-mapped). */
    record CarFile(Path path) implements RecordsInput {
        public CarFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String name() {
            return path.toString();
        }
    }

    /** A repository CAR held in memory, named {@code name} in the repos table. */
    record CarBytes(String name, byte[] bytes) implements RecordsInput {
        public CarBytes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** An export folder {@code DIR/<did>/} written by {@code carport export}. */
    record ExportFolder(Path dir) implements RecordsInput {
        public ExportFolder {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String name() {
            return dir.toString();
        }
    }

    static RecordsInput car(Path path) {
        return new CarFile(path);
    }

    static RecordsInput car(String name, byte[] bytes) {
        return new CarBytes(name, bytes);
    }

    static RecordsInput exportFolder(Path dir) {
        return new ExportFolder(dir);
    }

    /** True if {@code dir} is an export folder (it holds {@code _export.json}). */
    static boolean isExportFolder(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(ExportFiles.MANIFEST));
    }

    /**
     * The inputs a command-line argument names: a file is a CAR; an export folder is itself; any other
     * folder is searched recursively (in name order, skipping names that start with {@code .} or {@code _},
     * not descending into export folders found) for {@code *.car} files and export folders.
     *
     * @throws java.nio.file.NoSuchFileException if {@code p} does not exist
     */
    static List<RecordsInput> expand(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(p.toString());
        }
        List<RecordsInput> out = new ArrayList<>();
        if (!Files.isDirectory(p)) {
            out.add(car(p));
        } else if (isExportFolder(p)) {
            out.add(exportFolder(p));
        } else {
            search(p, out);
        }
        return out;
    }

    private static void search(Path dir, List<RecordsInput> out) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path c : children) {
            String n = c.getFileName().toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                continue;
            }
            if (Files.isDirectory(c)) {
                if (isExportFolder(c)) {
                    out.add(exportFolder(c));
                } else {
                    search(c, out);
                }
            } else if (n.endsWith(".car") && Files.isRegularFile(c)) {
                out.add(car(c));
            }
        }
    }
}
