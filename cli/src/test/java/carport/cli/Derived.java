package carport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The independent cross-check data in testdata/cars/derived (see its PROVENANCE.md). */
final class Derived {
    static final ObjectMapper JSON = new ObjectMapper();

    private Derived() {}

    /** One MST leaf: key, record CID, record block length or -1 when the CAR lacks the block. */
    record Leaf(String key, String cid, int length) {}

    static List<Leaf> leaves(String car) throws IOException {
        List<Leaf> out = new ArrayList<>();
        for (String line : Files.readAllLines(CliRun.cars().resolve("derived/" + car + ".mst.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Leaf(f[0], f[1], Integer.parseInt(f[2])));
        }
        return out;
    }

    static JsonNode summary(String car) throws IOException {
        return JSON.readTree(CliRun.cars().resolve("derived/" + car + ".summary.json").toFile());
    }
}
