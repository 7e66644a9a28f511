package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cbor.DagCbor;
import carport.core.repo.TestRepo;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListRecordsCommandTest {
    static List<String> realCars() {
        return CliRun.realCars().toList();
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void listsEveryLeafOfTheDerivedListingInKeyOrder(String car) throws IOException {
        CliRun r = CliRun.run("list-records", CliRun.car(car));

        List<String> expected = new ArrayList<>();
        expected.add("=== " + Derived.summary(car).get("commit").get("did").asText() + " ===");
        expected.add("key\trecord_cid");
        for (Derived.Leaf l : Derived.leaves(car)) {
            expected.add(l.key() + "\t" + l.cid());
        }
        assertThat(r.outLines()).as(r.toString()).isEqualTo(expected);
        boolean nodesMissing = Derived.summary(car).get("mst_nodes_missing").size() > 0;
        assertThat(r.code()).as(r.toString()).isEqualTo(nodesMissing ? ExitCode.PARTIAL : ExitCode.OK);
        if (nodesMissing) {
            assertThat(r.errLines()).allMatch(l -> l.startsWith("carport: "))
                    .anyMatch(l -> l.contains("is missing from the CAR"));
        } else {
            assertThat(r.err()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void jsonGivesOneObjectPerRecord(String car) throws IOException {
        CliRun r = CliRun.run("list-records", "--json", CliRun.car(car));
        List<Derived.Leaf> leaves = Derived.leaves(car);
        assertThat(r.outLines()).hasSize(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            JsonNode o = Derived.JSON.readTree(r.outLines().get(i));
            Derived.Leaf l = leaves.get(i);
            assertThat(o.size()).isEqualTo(4);
            assertThat(o.get("key").asText()).isEqualTo(l.key());
            assertThat(o.get("collection").asText() + "/" + o.get("rkey").asText()).isEqualTo(l.key());
            assertThat(o.get("collection").asText()).doesNotContain("/");
            assertThat(o.get("cid").asText()).isEqualTo(l.cid());
        }
        assertThat(r.code()).isIn(ExitCode.OK, ExitCode.PARTIAL);
    }

    @Test
    void keysThatAreNotRepoPathsAreReportedNotListed(@TempDir Path tmp) throws IOException {
        byte[] rec = DagCbor.encode(TestRepo.record("app.bsky.feed.like", 0, 0));
        Path car = new TestRepo.Builder()
                .record("../../x".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/a\tb".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/ok".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.postx".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.postx/ok2".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/\u001b[31mred".getBytes(StandardCharsets.UTF_8), rec)
                .write(tmp.resolve("r.car"));
        CliRun r = CliRun.run("list-records", car);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID);
        assertThat(r.outLines()).hasSize(4);
        assertThat(r.outLines().get(2)).startsWith("app.bsky.feed.post/ok\tbafyrei");
        assertThat(r.outLines().get(3)).startsWith("app.bsky.feed.postx/ok2\tbafyrei");
        assertThat(r.errLines()).anyMatch(l -> l.contains("../../x"))
                .anyMatch(l -> l.contains("a\\x09b"))
                .anyMatch(l -> l.contains("key app.bsky.feed.postx is not"))
                .anyMatch(l -> l.contains("\\x1b[31mred"))
                .noneMatch(l -> l.contains("\u001b"));
    }
}
