package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cid.Cid;
import carport.core.repo.TestRepo;
import carport.core.syntax.RepoPath;
import carport.export.unpack.RecordFileNames;
import carport.sql.RecordsDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carport records} and {@code carport sql} against list-records, unpack-records and each other. */
class RecordsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<JsonNode> jsonl(String out) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    /** records' rows against list-records' keys and CIDs and unpack-records' files. */
    private void sameAsListAndUnpack(Path car) throws IOException {
        CliRun rec = CliRun.run("records", "--no-signature", car);
        assertThat(rec.code()).as(rec.toString()).isZero();
        List<JsonNode> rows = jsonl(rec.out());
        CliRun list = CliRun.run("list-records", "--json", car);
        List<JsonNode> listed = jsonl(list.out());
        assertThat(rows).hasSameSizeAs(listed);
        Path u = tmp.resolve("u-" + car.getFileName());
        assertThat(CliRun.run("unpack-records", car, "-o", u).code()).isZero();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            assertThat(r.size()).isEqualTo(10);
            assertThat(r.get("collection").asText() + "/" + r.get("rkey").asText()).isEqualTo(listed.get(i).get("key").asText());
            assertThat(r.get("cid").asText()).isEqualTo(listed.get(i).get("cid").asText());
            Path root = u.resolve(r.get("did").asText());
            RepoPath p = RepoPath.parse(r.get("collection").asText() + "/" + r.get("rkey").asText());
            Path file = RecordFileNames.forDirectory(u).resolve(root, p.collection(), p.rkey());
            assertThat(r.get("record")).as(file.toString()).isEqualTo(JSON.readTree(Files.readAllBytes(file)));
        }
    }

    @Test
    void rowsEqualListRecordsAndUnpackRecordsOnRealAndGeneratedCars() throws IOException {
        int n = 0;
        for (String car : CliRun.realCars().toList()) {
            if (!CliRun.partial(car)) {
                sameAsListAndUnpack(CliRun.car(car));
                n++;
            }
        }
        assertThat(n).isEqualTo(14);
        sameAsListAndUnpack(TestRepo.synthetic(3000).write(tmp.resolve("gen.car")));
    }

    @Test
    void aCollectionGivesExactlyItsRows() throws IOException {
        Path car = CliRun.car("pegasus-mist-sample-bsky.app.car");
        List<JsonNode> all = jsonl(CliRun.run("records", "--no-signature", car).out());
        CliRun one = CliRun.run("records", "--no-signature", car, "--collection", "app.bsky.feed.post",
                "--collection", "app.bsky.graph.list");
        assertThat(one.code()).isZero();
        List<JsonNode> expected = all.stream().filter(r -> List.of("app.bsky.feed.post", "app.bsky.graph.list")
                .contains(r.get("collection").asText())).toList();
        assertThat(expected).hasSize(646 + 6);
        assertThat(jsonl(one.out())).isEqualTo(expected);
        assertThat(CliRun.run("records", "--no-signature", car, "--collection", "not an nsid").code())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void parquetReadsBackAsTheJsonl() throws Exception {
        Path car = CliRun.car("repo-stream-little.car");
        Path jl = tmp.resolve("r.jsonl");
        Path pq = tmp.resolve("r.parquet");
        Path csv = tmp.resolve("r.csv");
        assertThat(CliRun.run("records", "--no-signature", car, "-o", jl).code()).isZero();
        CliRun p = CliRun.run("records", "--no-signature", car, "-o", pq);
        assertThat(p.code()).as(p.toString()).isZero();
        assertThat(CliRun.run("records", "--no-signature", car, "-o", csv).code()).isZero();
        assertThat(Files.readString(csv)).startsWith("did,collection,rkey,uri,cid,rev,type,created_at,record,size\r\n");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("r.jsonl", "r.parquet", "r.csv");
        }
        List<JsonNode> rows = jsonl(Files.readString(jl));
        assertThat(rows).hasSize(278);
        try (RecordsDb db = RecordsDb.open(null, false, null, tmp.resolve("spill")); Statement s = db.statement();
                ResultSet rs = s.executeQuery("SELECT did, collection, rkey, uri, cid, rev, type,"
                        + " strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ'), record, size FROM read_parquet("
                        + RecordsDb.quote(pq.toString()) + ")")) {
            int i = 0;
            while (rs.next()) {
                JsonNode r = rows.get(i++);
                for (int c = 1; c <= 7; c++) {
                    assertThat(rs.getString(c)).isEqualTo(r.get(rs.getMetaData().getColumnLabel(c)).textValue());
                }
                JsonNode at = r.get("created_at");
                if (at.isNull()) {
                    assertThat(rs.getString(8)).isNull();
                } else {
                    assertThat(java.time.Instant.parse(rs.getString(8))).isEqualTo(java.time.Instant.parse(at.asText()));
                }
                assertThat(JSON.readTree(rs.getString(9))).isEqualTo(r.get("record"));
                assertThat(rs.getInt(10)).isEqualTo(r.get("size").asInt());
            }
            assertThat(i).isEqualTo(278);
        }
        assertThat(CliRun.run("records", "--no-signature", car, "--format", "parquet").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aCorruptCarAmongGoodOnesIsLeftOutAndSaidWhy() throws IOException {
        byte[] bytes = Files.readAllBytes(CliRun.car("repo-stream-little.car"));
        bytes[bytes.length - 5] ^= 1;
        Path bad = Files.write(tmp.resolve("bad.car"), bytes);
        Path good1 = CliRun.car("repo-stream-tiny.car");
        Path good2 = CliRun.car("arroba-snarfed2.car");
        Path out = tmp.resolve("o.jsonl");
        CliRun r = CliRun.run("records", "--no-signature", good1, bad, good2, "-o", out);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIAL);
        assertThat(r.errLines()).anyMatch(l -> l.startsWith("carport: " + bad + ": ") && l.contains("does not match its CID"));
        List<JsonNode> rows = jsonl(Files.readString(out));
        assertThat(rows).hasSize(8 + 5);
        assertThat(rows).noneMatch(x -> x.get("did").asText().equals("did:plc:lulmyldiq4sb2ikags5sfb25"));

        CliRun sql = CliRun.run("sql", "--no-signature", good1, bad, good2, "--format", "csv",
                "-e", "SELECT path, records, verified, problem IS NOT NULL AS bad FROM repos ORDER BY bad, path");
        assertThat(sql.code()).as(sql.toString()).isEqualTo(ExitCode.PARTIAL);
        assertThat(sql.outLines()).containsExactly("path,records,verified,bad\r", good2 + ",5,false,false\r",
                good1 + ",8,false,false\r", bad + ",0,false,true\r");

        Path none = tmp.resolve("none.jsonl");
        CliRun allBad = CliRun.run("records", "--no-signature", bad, "-o", none);
        assertThat(allBad.code()).isEqualTo(ExitCode.INVALID);
        assertThat(none).doesNotExist();
        CliRun strict = CliRun.run("records", "--no-signature", "--strict", good1, bad, good2, "-o", none);
        assertThat(strict.code()).isEqualTo(ExitCode.PARTIAL);
        assertThat(none).doesNotExist();
        assertThat(CliRun.run("records", good1).code()).isEqualTo(ExitCode.USAGE); // a CAR needs a key option
    }

    /**
     * A bad input among good ones leaves no rows in any output format: here the failing check (the commit names
     * another DID than the document) comes from the whole-tree verification, with the signature valid.
     */
    @Test
    void anInputFailingTheWholeTreeCheckLeavesNoRowsInAnyFormat() throws Exception {
        Path doc = CliRun.cars().resolve("companions/indigo-greenground.didDoc.json");
        Path good = CliRun.car("indigo-greenground-2023-04.repo.car");
        Path bad = CliRun.car("indigo-greenground.repo.car");
        Path alone = tmp.resolve("alone.jsonl");
        assertThat(CliRun.run("records", "--did-doc", doc, good, "-o", alone).code()).isZero();
        String expected = Files.readString(alone);
        assertThat(jsonl(expected)).isNotEmpty();
        for (String ext : List.of("jsonl", "csv", "parquet")) {
            Path out = tmp.resolve("mixed." + ext);
            CliRun r = CliRun.run("records", "--did-doc", doc, bad, good, bad, "-o", out);
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIAL);
            assertThat(r.errLines()).filteredOn(l -> l.startsWith("carport: " + bad + ": ")).hasSize(2)
                    .allMatch(l -> l.contains("expected did:plc:wqgdnqlv2mwiio6pfchwtrff"));
            if (ext.equals("jsonl")) {
                assertThat(Files.readString(out)).isEqualTo(expected);
            } else if (ext.equals("csv")) {
                assertThat(Files.readAllLines(out)).hasSize(jsonl(expected).size() + 1);
            } else {
                try (RecordsDb db = RecordsDb.open(null, false, null, tmp.resolve("spill")); Statement s = db.statement();
                        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT did) FROM read_parquet("
                                + RecordsDb.quote(out.toString()) + ")")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(jsonl(expected).size());
                    assertThat(rs.getLong(2)).isEqualTo(1);
                }
            }
        }
    }

    /** An export folder as carport export leaves it, with an unsigned repository (read with --no-signature). */
    private Path exportFolder(Path out, String did, int posts, String mime) throws IOException {
        TestRepo.Builder b = new TestRepo.Builder().did(did);
        Path dir = Files.createDirectories(out.resolve(did));
        StringBuilder blobs = new StringBuilder();
        for (int i = 0; i < posts; i++) {
            Cid blob = Cid.of(0x55, (did + i).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("$type", "blob");
            image.put("ref", blob);
            image.put("mimeType", mime);
            image.put("size", 100L + i);
            Map<String, Object> post = TestRepo.record("app.bsky.feed.post", i, 20);
            post.put("embed", Map.of("$type", "app.bsky.embed.images", "images", List.of(Map.of("image", image))));
            String key = "app.bsky.feed.post/" + TestRepo.tid(i);
            b.record(key, post);
            blobs.append(JSON.writeValueAsString(Map.of("cid", blob.toString(), "size", 100 + i, "mimeType", mime,
                    "records", List.of(key)))).append('\n');
        }
        for (int i = 0; i < 7; i++) {
            b.record("app.bsky.feed.like/" + TestRepo.tid(i), TestRepo.record("app.bsky.feed.like", i, 0));
        }
        Path car = b.write(dir.resolve("_repo.car"));
        Files.writeString(dir.resolve("_blobs.jsonl"), blobs);
        String commit;
        try (var r = carport.core.repo.RepoReader.open(car)) {
            commit = r.commit().cid().toString();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("did", did);
        m.put("handle", did.substring(8) + ".test");
        m.put("pds", "https://pds.example.com");
        m.put("rev", "3lh6cdwqxx42x");
        m.put("commit", commit);
        m.put("records", posts + 7);
        m.put("blobs", posts);
        m.put("verified", true);
        m.put("finished", "2026-01-01T00:00:00Z");
        Files.write(dir.resolve("_export.json"), JSON.writeValueAsBytes(m));
        return dir;
    }

    @Test
    void sqlJoinsRecordsAndBlobsOverTwoExportFolders() throws IOException {
        Path out = tmp.resolve("out");
        exportFolder(out, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", 3, "image/png");
        exportFolder(out, "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", 5, "image/jpeg");
        CliRun r = CliRun.run("sql", "--no-signature", out, "--format", "csv", "-e",
                "SELECT a.handle, b.mime_type, count(*) AS n, sum(b.size) AS bytes FROM records r"
                        + " JOIN blobs b ON list_contains(b.record_uris, r.uri) JOIN accounts a ON a.did = r.did"
                        + " GROUP BY 1, 2 ORDER BY 1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.outLines()).containsExactly("handle,mime_type,n,bytes\r", "aaaaaaaaaaaaaaaaaaaaaaaa.test,image/png,3,303\r",
                "bbbbbbbbbbbbbbbbbbbbbbbb.test,image/jpeg,5,510\r");

        // saved, then queried as an input of its own
        Path saved = tmp.resolve("t.duckdb");
        CliRun s = CliRun.run("sql", "--no-signature", out, "--save", saved, "-e", "SELECT count(*) FROM records");
        assertThat(s.code()).as(s.toString()).isZero();
        assertThat(s.out()).contains("22");
        CliRun q = CliRun.run("sql", saved, "--format", "jsonl", "-e",
                "SELECT collection, count(*) AS n FROM records GROUP BY 1 ORDER BY 1");
        assertThat(q.code()).as(q.toString()).isZero();
        assertThat(q.outLines()).containsExactly("{\"collection\":\"app.bsky.feed.like\",\"n\":14}",
                "{\"collection\":\"app.bsky.feed.post\",\"n\":8}");
        assertThat(CliRun.run("sql", saved, "-e", "SELECT nope FROM records").code()).isEqualTo(ExitCode.INVALID);
    }
}
