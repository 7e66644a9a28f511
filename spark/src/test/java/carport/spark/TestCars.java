package carport.spark;

import carport.core.repo.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** Inputs for the Spark tests: the real CARs of the test data and generated repositories (TestRepo). */
final class TestCars {
    static final String[] COLLECTIONS = {
        "app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.graph.follow", "com.example.custom.thing"
    };

    private TestCars() {}

    /** The real repository CARs of the test data (core's test resources; provenance there). */
    static Path realCarsDir() {
        Path p = Path.of(System.getProperty("carport.testdata",
                "../core/src/test/resources/testdata")).resolve("cars");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no test CARs at " + p.toAbsolutePath());
        }
        return p;
    }

    /** Copies the real CARs into {@code dir}; returns how many. */
    static int copyRealCars(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = 0;
        try (Stream<Path> s = Files.list(realCarsDir())) {
            for (Path c : s.filter(p -> p.toString().endsWith(".car")).sorted().toList()) {
                Files.copy(c, dir.resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                n++;
            }
        }
        return n;
    }

    /**
     * Writes a generated repository of {@code records} records spread over {@link #COLLECTIONS}, with
     * {@code $type}, a valid {@code createdAt} on most records, an invalid one or none on some, and text.
     */
    static Path generate(Path file, String did, int records, long seed) throws IOException {
        Random r = new Random(seed);
        TestRepo.Builder b = new TestRepo.Builder().did(did);
        for (int i = 0; i < records; i++) {
            String coll = COLLECTIONS[r.nextInt(COLLECTIONS.length)];
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("$type", coll);
            int kind = r.nextInt(10);
            if (kind < 8) {
                rec.put("createdAt", String.format("2024-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + r.nextInt(12),
                        1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000)));
            } else if (kind == 8) {
                rec.put("createdAt", "yesterday");
            }
            rec.put("text", "record " + i + " of " + did + " \u2603 \"quoted\"");
            rec.put("n", (long) r.nextInt(1_000_000));
            b.record(coll + "/" + String.format("3k%011d", i), rec);
        }
        return b.write(file);
    }

    /** Generated repositories of assorted sizes, named {@code gen-NN.car}. */
    static List<Path> generateMany(Path dir, int count, int minRecords, int maxRecords) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Random r = new Random(42);
        for (int i = 0; i < count; i++) {
            int n = minRecords + r.nextInt(maxRecords - minRecords + 1);
            String did = plcDid(i);
            out.add(generate(dir.resolve(String.format("gen-%02d.car", i)), did, n, 1000 + i));
        }
        return out;
    }

    /** A valid did:plc (24 base32 letters) for number {@code i}. */
    static String plcDid(int i) {
        StringBuilder sb = new StringBuilder("sparktest");
        int v = i;
        for (int k = 0; k < 4; k++) {
            sb.append((char) ('a' + v % 26));
            v /= 26;
        }
        while (sb.length() < 24) {
            sb.append('q');
        }
        return "did:plc:" + sb;
    }

    /** A copy of {@code good} with one byte of a block near its end changed: a CID no longer matches. */
    static Path corrupt(Path good, Path out) throws IOException {
        byte[] b = Files.readAllBytes(good);
        b[b.length - 10] ^= 0x55;
        Files.write(out, b);
        return out;
    }
}
