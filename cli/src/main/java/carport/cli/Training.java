package carport.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A training run for the class-data sharing archive the {@code ./carport} launcher makes: runs the offline
 * commands once on a sample CAR so that the JVM records every class they load. Not a user command.
 */
final class Training {
    private Training() {}

    /** `site` on an export folder made of the sample CAR and a minimal manifest. */
    private static void site(PrintStream nul, String car, Path dir) throws IOException {
        String did;
        try (carport.core.repo.RepoReader r = carport.core.repo.RepoReader.open(Path.of(car))) {
            did = r.commit().did().toString();
        }
        Path export = Files.createDirectories(dir.resolve("site-export"));
        Files.copy(Path.of(car), export.resolve("_repo.car"));
        String now = java.time.Instant.now().toString();
        Files.writeString(export.resolve("_export.json"), "{\"format\": 1, \"did\": \"" + did + "\", \"handle\": null, "
                + "\"pds\": \"https://pds.invalid\", \"rev\": null, \"commit\": \"training\", \"records\": 0, \"blobs\": 0, "
                + "\"verified\": true, \"sync\": \"full\", \"started\": \"" + now + "\", \"finished\": \"" + now
                + "\", \"carport\": \"training\", \"failures\": [], \"recordFileNames\": {\"caseInsensitive\": false, "
                + "\"windows\": false}}\n");
        Main.run(nul, nul, "site", "-q", export.toString());
    }

    public static void main(String[] args) throws IOException {
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        Main.run(nul, nul, "--help");
        if (args.length == 0 || !Files.isRegularFile(Path.of(args[0]))) {
            return;
        }
        String car = args[0];
        Path dir = Files.createTempDirectory("carport-training-");
        try {
            Main.run(nul, nul, "list-records", car);
            Main.run(nul, nul, "list-records", "--json", car);
            Main.run(nul, nul, "inspect", car);
            Main.run(nul, nul, "inspect", "--json", car);
            Main.run(nul, nul, "mst", car);
            Main.run(nul, nul, "verify", car, "--no-signature");
            Main.run(nul, nul, "unpack-records", car, "-o", dir.toString());
            Main.run(nul, nul, "inspect", dir.resolve("no-such.car").toString());
            site(nul, car, dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
