package carport.core.repo;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.mst.TestTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RepoReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> realCars() {
        return TestData.realCars().toList();
    }

    private static RepoReader open(String name) throws IOException {
        return RepoReader.open(TestData.path("cars/" + name));
    }

    private static JsonNode summaryJson(String name) throws IOException {
        return JSON.readTree(TestData.path("cars/derived/" + name + ".summary.json").toFile());
    }

    /** Every (key, cid, block length or -1) line of derived/<file>.mst.tsv. */
    private static List<String> expectedListing(String name) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.path("cars/derived/" + name + ".mst.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void keyCidAndRecordSizeListingMatchesTheDerivedTsv(String name) throws IOException {
        try (RepoReader r = open(name)) {
            List<String> listing = new ArrayList<>();
            List<Cid> missing = new ArrayList<>();
            r.forEachRecord(rec -> {
                byte[] block = r.recordBlock(rec.cid());
                listing.add(rec.key() + "\t" + rec.cid() + "\t" + (block == null ? -1 : block.length));
            }, missing::add);
            assertThat(listing).containsExactlyElementsOf(expectedListing(name));
            List<String> expectedMissing = new ArrayList<>();
            summaryJson(name).get("mst_nodes_missing").forEach(n -> expectedMissing.add(n.asText()));
            assertThat(missing).extracting(Cid::toString).containsExactlyInAnyOrderElementsOf(expectedMissing);
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void commitAndInspectionMatchTheDerivedSummary(String name) throws IOException {
        JsonNode s = summaryJson(name);
        JsonNode c = s.get("commit");
        try (RepoReader r = open(name)) {
            Commit commit = r.commit();
            assertThat(commit.cid().toString()).isEqualTo(s.get("roots").get(0).asText());
            assertThat(commit.did()).hasToString(c.get("did").asText());
            assertThat(commit.version()).isEqualTo(c.get("version").asInt());
            assertThat(commit.data().toString()).isEqualTo(c.get("data").asText());
            assertThat(commit.rev()).isEqualTo(c.has("rev") ? c.get("rev").asText() : null);
            assertThat(commit.prev() == null ? null : commit.prev().toString())
                    .isEqualTo(c.get("prev").isNull() ? null : c.get("prev").asText());
            assertThat(commit.sig()).isEqualTo(hex(c.get("sig").asText()));

            RepoSummary sum = RepoInspector.inspect(r);
            assertThat(sum.did()).isEqualTo(commit.did());
            assertThat(sum.records()).isEqualTo(s.get("mst_leaf_count").asLong());
            assertThat(sum.recordsPresent()).isEqualTo(s.get("records_present").asLong());
            assertThat(sum.missingRecords()).isEqualTo(s.get("records_missing").asLong());
            assertThat(sum.recordBytes()).isEqualTo(s.get("record_bytes_sum").asLong());
            assertThat(sum.mstNodes()).isEqualTo(s.get("mst_nodes_present").asLong());
            assertThat(sum.missingMstNodes()).isEqualTo(s.get("mst_nodes_missing").size());
            assertThat(sum.unreachableBlocks()).isEqualTo(s.get("unreferenced_blocks").asLong());
            assertThat(sum.blocks()).isEqualTo(s.get("unique_blocks").asInt());
            assertThat(sum.sections()).isEqualTo(s.get("block_sections").asInt());
            assertThat(sum.duplicateSections()).isEqualTo(s.get("duplicate_block_sections").asInt());
            assertThat(sum.sizeBytes()).isEqualTo(s.get("size_bytes").asLong());
            Map<String, Long> collections = new TreeMap<>();
            s.get("collections").properties().forEach(e -> collections.put(e.getKey(), e.getValue().asLong()));
            assertThat(sum.collections()).isEqualTo(collections);
            assertThat(sum.complete()).isEqualTo(s.get("records_missing").asLong() == 0 && s.get("mst_nodes_missing").isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void completeTreesRebuildToTheCommittedRoot(String name) throws IOException {
        try (RepoReader r = open(name)) {
            if (!RepoInspector.inspect(r).complete()) {
                return;
            }
            TreeMap<String, Cid> leaves = new TreeMap<>();
            r.forEachRecord(rec -> leaves.put(rec.key(), rec.cid()));
            assertThat(new TestTrees().build(leaves)).isEqualTo(r.commit().data());
            // and a lookup by key finds each record without a walk
            for (Map.Entry<String, Cid> e : leaves.entrySet()) {
                assertThat(r.find(e.getKey())).hasValue(new RepoRecord(e.getKey(), e.getValue()));
            }
            assertThat(r.find("zzz.absent/key")).isEmpty();
            assertThat(r.find("a")).isEmpty();
        }
    }

    static List<String> upstreamCounted() {
        return List.of("repo-stream-empty.car", "repo-stream-tiny.car", "repo-stream-little.car");
    }

    @ParameterizedTest
    @MethodSource("upstreamCounted")
    void recordCountsAndSizesMatchUpstreamAssertions(String name) throws IOException {
        JsonNode a = JSON.readTree(TestData.path("cars/companions/upstream-test-assertions.json").toFile()).get(name);
        try (RepoReader r = open(name)) {
            long[] n = {0, 0};
            boolean[] hasProfile = {false};
            r.forEachRecord(rec -> {
                n[0]++;
                n[1] += r.recordBlock(rec.cid()).length;
                hasProfile[0] |= rec.key().equals("app.bsky.actor.profile/self");
            });
            assertThat(n[0]).isEqualTo(a.get("records").asLong());
            assertThat(n[1]).isEqualTo(a.get("record_bytes_sum").asLong());
            assertThat(hasProfile[0]).isEqualTo(a.get("has_app.bsky.actor.profile/self").asBoolean());
        }
    }

    @Test
    void arrobaRecordsEncodeExactlyLikeTheirCompanionJson() throws IOException {
        JsonNode expected = JSON.readTree(TestData.path("cars/companions/arroba-snarfed2.json").toFile());
        JsonNode a = JSON.readTree(TestData.path("cars/companions/upstream-test-assertions.json").toFile())
                .get("arroba-snarfed2.car");
        try (RepoReader r = open("arroba-snarfed2.car")) {
            assertThat(r.commit().cid().toString()).isEqualTo(a.get("head_commit_cid").asText());
            assertThat(r.commit().did()).hasToString(a.get("did").asText());
            List<RepoRecord> records = new ArrayList<>();
            r.forEachRecord(records::add);
            int n = 0;
            for (Map.Entry<String, JsonNode> c : expected.properties()) {
                for (Map.Entry<String, JsonNode> rec : c.getValue().properties()) {
                    n++;
                    RepoRecord found = r.find(c.getKey() + "/" + rec.getKey()).orElseThrow();
                    // the companion writes links as {"/": cid}; atproto JSON uses {"$link": cid}
                    String json = rec.getValue().toString().replace("{\"/\":", "{\"$link\":");
                    byte[] encoded = DagCbor.encode(AtJson.fromJson(json));
                    assertThat(r.recordBlock(found.cid())).isEqualTo(encoded);
                    assertThat(Cid.of(Cid.DAG_CBOR, encoded)).isEqualTo(found.cid());
                }
            }
            assertThat(records).hasSize(n);
        }
    }

    @Test
    void repoSliceListsWhatIsPresentAndReadsItsOneRecord() throws IOException {
        JsonNode a = JSON.readTree(TestData.path("cars/companions/upstream-test-assertions.json").toFile())
                .get("indigo-repo_slice.car");
        JsonNode companion = JSON.readTree(TestData.path("cars/companions/indigo-repo_slice_record.json").toFile());
        try (RepoReader r = open("indigo-repo_slice.car")) {
            List<Cid> missing = new ArrayList<>();
            List<RepoRecord> records = new ArrayList<>();
            r.forEachRecord(records::add, missing::add);
            assertThat(missing).hasSize(1);
            RepoRecord rec = records.stream().filter(x -> x.key().equals(a.get("record_path").asText())).findFirst()
                    .orElseThrow();
            assertThat(rec.cid().toString()).isEqualTo(a.get("record_cid").asText());
            assertThat(rec.collection()).isEqualTo("app.bsky.feed.post");
            assertThat(rec.rkey()).isEqualTo("3jquh3emtzo2o");
            assertThat(rec.path().collection().toString()).isEqualTo("app.bsky.feed.post");
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) DagCbor.decode(r.recordBlock(rec.cid()));
            assertThat(value).isEqualTo(AtJson.fromJson(companion.get("value").toString()));
            assertThat(AtJson.toJson(value, false)).contains("Sausage sandwich italian style")
                    .contains("bafkreiblkobl6arfg3j7eft3akdhn2hmr2qmzfkefcgu4agnswvssg4a6a");
            // a strict walk refuses the partial tree
            assertThatThrownBy(() -> r.forEachRecord(x -> {})).isInstanceOf(carport.core.mst.MstException.class)
                    .hasMessageContaining("missing");
        }
    }

    @Test
    void aCarWhoseRootIsNotACommitIsNotARepository() {
        assertThatThrownBy(() -> RepoReader.open(TestData.path("mst-test-suite/cars/exhaustive/exhaustive_127.car")))
                .isInstanceOf(RepoException.class).hasMessageContaining("MST node");
    }

    @Test
    void commitOfVersionOneOrWithoutFieldsIsRejected() {
        Cid data = TestTrees.value("x");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("did", "did:plc:abc");
        m.put("version", 1L);
        m.put("data", data);
        m.put("sig", new byte[64]);
        assertThatThrownBy(() -> Commit.decode(data, DagCbor.encode(m))).isInstanceOf(RepoException.class)
                .hasMessageContaining("unsupported repo version 1");
        m.put("version", 3L);
        assertThatThrownBy(() -> Commit.decode(data, DagCbor.encode(m))).hasMessageContaining("no rev");
        m.put("rev", "3lhmydhwizp2d");
        m.remove("sig");
        assertThatThrownBy(() -> Commit.decode(data, DagCbor.encode(m))).hasMessageContaining("no sig");
        m.put("sig", new byte[64]);
        m.put("prev", null);
        Commit c = Commit.decode(data, DagCbor.encode(m));
        assertThat(c.rev()).isEqualTo("3lhmydhwizp2d");
        m.remove("sig");
        assertThat(c.unsignedBytes()).isEqualTo(DagCbor.encode(m));
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
