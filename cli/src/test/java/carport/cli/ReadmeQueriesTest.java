package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.repo.RepoReader;
import carport.export.repo.BlobRefs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example queries, run offline as written there on the export folder it describes (built here from
 * the bsky.app sample CAR in the test data, its blobs listed from the records, not downloaded), and their output
 * compared with the README's.
 */
class ReadmeQueriesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DID = "did:plc:z72i7hdynmk6r22z27h6tvur";
    /** The key that signed the sample commit (see testdata/cars/PROVENANCE.md, note 1). */
    static final String KEY = "zQ3shQo6TF2moaqMTrUZEM1jeuYRQXeHEx4evX9751y2qPqRA";

    @TempDir
    Path tmp;

    @Test
    void theReadmeQueriesGiveTheOutputShownThere() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("backups").resolve(DID));
        exportFolder(dir);
        List<String[]> examples = examples(Files.readString(Path.of("../README.md")));
        assertThat(examples).hasSize(3);
        for (String[] ex : examples) {
            List<String> args = words(ex[0]);
            assertThat(args.get(0)).isEqualTo("./carport");
            List<Object> run = new ArrayList<>();
            for (String a : args.subList(1, args.size())) {
                run.add(a.equals("backups") || a.equals("bsky.duckdb") ? tmp.resolve(a) : a);
            }
            CliRun r = CliRun.run(run.toArray());
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).as(ex[0]).isEqualTo(ex[1]);
        }
    }

    /** The export folder of the README: the sample CAR, its PLC log, a DID document with the signing key. */
    private static void exportFolder(Path dir) throws IOException {
        Path car = CliRun.car("pegasus-mist-sample-bsky.app.car");
        Files.copy(car, dir.resolve("_repo.car"));
        Files.copy(carport.core.TestData.path("plc/audit_log/valid/log_bskyapp.json"), dir.resolve("_plc_audit.json"));
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("id", DID + "#atproto");
        vm.put("type", "Multikey");
        vm.put("controller", DID);
        vm.put("publicKeyMultibase", KEY);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", DID);
        doc.put("alsoKnownAs", List.of("at://bsky.app"));
        doc.put("verificationMethod", List.of(vm));
        doc.put("service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                "serviceEndpoint", "https://puffball.us-east.host.bsky.network")));
        Files.write(dir.resolve("_did.json"), JSON.writeValueAsBytes(doc));
        StringBuilder blobs = new StringBuilder();
        Map<String, Object> m = new LinkedHashMap<>();
        try (RepoReader r = RepoReader.open(car)) {
            TreeMap<String, BlobRefs.Ref> refs = new TreeMap<>();
            BlobRefs.scan(r).refs().forEach((k, v) -> refs.put(k.toString(), v));
            for (Map.Entry<String, BlobRefs.Ref> e : refs.entrySet()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("cid", e.getKey());
                line.put("size", e.getValue().declaredSize());
                line.put("mimeType", e.getValue().mimeType());
                line.put("records", e.getValue().records());
                line.put("missing", true);
                line.put("error", "not downloaded");
                blobs.append(JSON.writeValueAsString(line)).append('\n');
            }
            m.put("format", 1);
            m.put("did", DID);
            m.put("handle", "bsky.app");
            m.put("pds", "https://puffball.us-east.host.bsky.network");
            m.put("rev", r.commit().rev());
            m.put("commit", r.commit().cid().toString());
        }
        Files.writeString(dir.resolve("_blobs.jsonl"), blobs);
        m.put("records", 4224);
        m.put("blobs", 0);
        m.put("verified", false);
        m.put("finished", "2025-08-10T00:00:00Z");
        Files.write(dir.resolve("_export.json"), JSON.writeValueAsBytes(m));
    }

    /** ({@code ./carport sql ...} command, its output) pairs from the README's sql example block. */
    static List<String[]> examples(String readme) {
        int start = readme.indexOf("```sh\n$ ./carport sql backups --save");
        int end = readme.indexOf("```\n", start + 5);
        List<String> lines = List.of(readme.substring(start + 6, end).split("\n", -1));
        List<String[]> out = new ArrayList<>();
        StringBuilder cmd = null;
        StringBuilder output = null;
        for (String line : lines) {
            if (line.startsWith("$ ")) {
                if (cmd != null) {
                    out.add(new String[] {cmd.toString(), output.toString().stripTrailing() + "\n"});
                }
                cmd = new StringBuilder(line.substring(2));
                output = new StringBuilder();
            } else if (cmd != null && output.length() == 0 && quotes(cmd) % 2 == 1) {
                cmd.append('\n').append(line); // a command continued inside its quotes
            } else if (cmd != null) {
                output.append(line).append('\n');
            }
        }
        out.add(new String[] {cmd.toString(), output.toString().stripTrailing() + "\n"});
        return out;
    }

    private static int quotes(CharSequence s) {
        return (int) s.chars().filter(c -> c == '"').count();
    }

    /** Splits a command line on spaces outside double quotes (the quotes removed). */
    static List<String> words(String cmd) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : cmd.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any || cur.length() > 0) {
                    w.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            w.add(cur.toString());
        }
        return w;
    }
}
