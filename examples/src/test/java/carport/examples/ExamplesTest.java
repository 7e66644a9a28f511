package carport.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoDiff;
import carport.core.repo.RepoRecord;
import carport.core.repo.Repository;
import carport.core.repo.VerifyReport;
import carport.core.syntax.Nsid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example on real repositories (carport's test data) and checks the README shows them as they are. */
class ExamplesTest {
    private static final Path CARS = Path.of("../core/src/test/resources/testdata/cars");
    private static final Path BIG = CARS.resolve("pegasus-mist-sample-bsky.app.car");
    @TempDir
    Path tmp;

    @Test
    void verifyCarPassesARealRepository() throws IOException {
        VerifyReport r = VerifyCar.verify(BIG, null);
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.summary().records()).isEqualTo(4224);
    }

    @Test
    void listCollectionGivesEveryRecordOfTheCollectionAsJson() throws IOException {
        List<String> lines = ListCollection.list(BIG, "app.bsky.feed.post");
        int expected = 0;
        try (Repository repo = Repository.open(BIG)) {
            List<RepoRecord> all = new ArrayList<>();
            repo.forEachRecord(all::add);
            expected = (int) all.stream().filter(r -> r.collection().equals("app.bsky.feed.post")).count();
        }
        assertThat(lines).hasSize(expected).isNotEmpty().allMatch(l -> l.contains("\"$type\":\"app.bsky.feed.post\""));
    }

    @Test
    void diffRevisionsMatchesComparingTheFullListings() throws IOException {
        Path older = CARS.resolve("indigo-greenground-2023-04.repo.car");
        Path newer = CARS.resolve("indigo-greenground.repo.car");
        RepoDiff d = DiffRevisions.diff(older, newer);
        Map<String, Cid> a = listing(older);
        Map<String, Cid> b = listing(newer);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> expected = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                expected.add(k + " " + a.get(k) + " " + b.get(k));
            }
        }
        assertThat(d.changes()).extracting(c -> c.key() + " " + c.before() + " " + c.after())
                .containsExactlyElementsOf(expected).isNotEmpty();
    }

    private static Map<String, Cid> listing(Path car) throws IOException {
        Map<String, Cid> m = new TreeMap<>();
        try (Repository repo = Repository.open(car)) {
            repo.forEachRecord(r -> m.put(r.key(), r.cid()));
        }
        return m;
    }

    @Test
    void writeCarWritesATreeOfTheCollectionThatReadsBack() throws IOException {
        Path out = tmp.resolve("likes.car");
        Cid root = WriteCar.write(BIG, "app.bsky.feed.like", out);
        Map<String, Cid> expected = new TreeMap<>();
        try (Repository repo = Repository.open(BIG)) {
            repo.forEachRecord(Nsid.parse("app.bsky.feed.like"), r -> expected.put(r.key(), r.cid()));
        }
        Map<String, Cid> read = new TreeMap<>();
        try (CarFile car = CarFile.open(out)) {
            assertThat(car.roots()).containsExactly(root);
            assertThat(car.verifyAll(1)).isEmpty();
            MstWalker.walk(car, root, (k, v) -> {
                read.put(new String(k), v);
                assertThat(car.contains(v)).isTrue();
            }, MstWalker.Options.STRUCTURE);
        }
        assertThat(read).isEqualTo(expected).isNotEmpty();
    }

    /** Needs a test bed (a local PLC and PDS): examples/run.sh passes the one scripts/test started. */
    @Test
    void resolveAndDownloadVerifiesAnAccountOfTheTestBed() throws IOException {
        String json = System.getenv("CARPORT_TESTBED_JSON");
        assumeTrue(json != null && !json.isEmpty() && Files.exists(Path.of(json)), "no test bed");
        JsonNode tb = new ObjectMapper().readTree(Path.of(json).toFile());
        String did = tb.at("/accounts/alice/did").asText();
        VerifyReport r = ResolveAndDownload.download(did, tmp.resolve("alice.car"), tb.get("plcUrl").asText());
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.signature()).isNotNull();
        assertThat(r.signature().isValid()).isTrue();
    }

    @Test
    void theReadmeShowsTheExamplesAsTheyAre() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Pattern region = Pattern.compile("(?s)// begin README (\\w+)\\n(.*?)\\n\\s*// end README \\1");
        Map<String, String> found = new HashMap<>();
        try (var files = Files.list(Path.of("src/main/java/carport/examples"))) {
            for (Path f : files.toList()) {
                Matcher m = region.matcher(Files.readString(f));
                while (m.find()) {
                    found.put(m.group(1), dedent(m.group(2)));
                }
            }
        }
        assertThat(found).containsOnlyKeys("verify", "list", "resolve", "diff", "write");
        for (Map.Entry<String, String> e : found.entrySet()) {
            assertThat(readme).as("README snippet " + e.getKey()).contains(e.getValue());
        }
    }

    private static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
