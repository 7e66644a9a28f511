package carport.cli;

import carport.core.repo.RepoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the CAR file a command was given, turning the usual mistakes into one-line usage errors. */
final class CarInput {
    private CarInput() {}

    static RepoReader open(Path file) throws IOException {
        check(file);
        return RepoReader.open(file);
    }

    static void check(Path file) {
        if (!Files.exists(file)) {
            throw new UsageException("no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(file + " is a directory, not a CAR file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + " is not a regular file (CAR files are read in place: save the data to a"
                    + " file first)");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("permission denied: " + file);
        }
    }
}
