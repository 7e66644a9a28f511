package carport.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.car.CarWriter;
import carport.core.cid.Cid;
import carport.core.mst.Mst;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.syntax.Nsid;
import carport.core.syntax.RepoPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's front door over synthetic repositories (TestRepo) and a real one. */
class RepositoryTest {
    private static final List<String> COLLECTIONS = List.of("app.bsky.actor.profile", "app.bsky.feed.like",
            "app.bsky.feed.post", "app.bsky.graph.follow");
    @TempDir
    static Path tmp;
    static Path car;

    @BeforeAll
    static void write() throws IOException {
        car = TestRepo.synthetic(5000).record("app.bsky.actor.profile/self",
                Map.of("$type", "app.bsky.actor.profile", "displayName", "Alice")).write(tmp.resolve("a.car"));
    }

    @Test
    void oneCollectionIsExactlyItsPartOfTheFullListingInOrder() throws IOException {
        try (Repository repo = Repository.open(car)) {
            List<RepoRecord> all = new ArrayList<>();
            repo.forEachRecord(all::add);
            assertThat(all).hasSize(5001);
            int total = 0;
            for (String c : COLLECTIONS) {
                List<RepoRecord> expected = all.stream().filter(r -> r.collection().equals(c)).toList();
                assertThat(repo.records(Nsid.parse(c))).as(c).isEqualTo(expected).isNotEmpty();
                total += expected.size();
            }
            assertThat(total).isEqualTo(all.size());
            assertThat(repo.records(Nsid.parse("app.bsky.feed.generator"))).isEmpty();
            // a key range inside a collection
            RepoPath from = RepoPath.parse("app.bsky.feed.post/" + TestRepo.tid(1000));
            RepoPath to = RepoPath.parse("app.bsky.feed.post/" + TestRepo.tid(2000));
            List<RepoRecord> between = new ArrayList<>();
            repo.forEachRecordBetween(from, to, between::add);
            assertThat(between).isEqualTo(all.stream().filter(r -> r.key().compareTo(from.toString()) >= 0
                    && r.key().compareTo(to.toString()) < 0).toList()).hasSizeGreaterThan(50);
        }
    }

    @Test
    void aCollectionRangeReadsOnlyThePathsToItAndItsOwnNodes() throws IOException {
        try (CarFile c = CarFile.open(car); RepoReader r = RepoReader.of(CarFile.open(car))) {
            AtomicInteger reads = new AtomicInteger();
            MstVisitor count = (key, value) -> {};
            MstWalker.walk(cid -> { reads.incrementAndGet(); return c.get(cid); }, r.commit().data(), count,
                    MstWalker.Options.LENIENT);
            int all = reads.getAndSet(0);
            List<String> keys = new ArrayList<>();
            MstWalker.walk(cid -> { reads.incrementAndGet(); return c.get(cid); }, r.commit().data(),
                    "app.bsky.actor.profile/".getBytes(), "app.bsky.actor.profile0".getBytes(),
                    (key, value) -> keys.add(new String(key)), MstWalker.Options.LENIENT);
            assertThat(keys).containsExactly("app.bsky.actor.profile/self");
            // one path from the root down: a handful of nodes out of hundreds
            assertThat(all).isGreaterThan(300);
            assertThat(reads.get()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void getFindsOneRecordWithItsContent() throws IOException {
        try (Repository repo = Repository.open(car)) {
            RecordData profile = repo.get(RepoPath.parse("app.bsky.actor.profile/self")).orElseThrow();
            assertThat(profile.type()).contains("app.bsky.actor.profile");
            assertThat(profile.value()).containsEntry("displayName", "Alice");
            assertThat(profile.json()).contains("\"displayName\":\"Alice\"");
            assertThat(Cid.of(Cid.DAG_CBOR, profile.cbor())).isEqualTo(profile.cid());
            assertThat(repo.get(RepoPath.parse("app.bsky.actor.profile/other"))).isEmpty();
        }
    }

    @Test
    void diffListsAddedUpdatedAndDeletedRecordsWithTheirCids() throws IOException {
        TestRepo.Builder b = TestRepo.synthetic(5000).record("app.bsky.actor.profile/self",
                Map.of("$type", "app.bsky.actor.profile", "displayName", "Alice B."));
        String added = "app.bsky.feed.post/" + TestRepo.tid(99999);
        b.record(added, TestRepo.record("app.bsky.feed.post", 1, 10));
        Path newer = b.write(tmp.resolve("b.car"));
        try (Repository a = Repository.open(car); Repository n = Repository.open(newer)) {
            RepoDiff d = a.diff(n);
            assertThat(d.added()).extracting(RepoDiff.Change::key).containsExactly(added);
            assertThat(d.updated()).extracting(RepoDiff.Change::key).containsExactly("app.bsky.actor.profile/self");
            assertThat(d.updated().get(0).before()).isEqualTo(a.get(RepoPath.parse("app.bsky.actor.profile/self"))
                    .orElseThrow().cid());
            assertThat(d.deleted()).isEmpty();
            RepoDiff back = n.diff(a);
            assertThat(back.deleted()).extracting(RepoDiff.Change::key).containsExactly(added);
            assertThat(back.deleted().get(0).before()).isEqualTo(d.added().get(0).after());
            assertThat(a.diff(a).isEmpty()).isTrue();
        }
    }

    @Test
    void verifyWithoutAKeyChecksEverythingElse() throws IOException {
        try (Repository repo = Repository.open(car)) {
            VerifyReport r = repo.verify();
            assertThat(r.problems()).isEmpty();
            assertThat(r.signature()).isNull();
            assertThat(r.notes()).anyMatch(n -> n.contains("signature not checked"));
            assertThat(r.summary().records()).isEqualTo(5001);
        }
    }

    @Test
    void aStreamAndACopyWrittenByWriteCarHoldTheSameRepository() throws IOException {
        Path copy = tmp.resolve("copy.car");
        try (Repository repo = Repository.open(car); InputStream in = Files.newInputStream(car);
                Repository streamed = Repository.read(in)) {
            assertThat(streamed.commit().cid()).isEqualTo(repo.commit().cid());
            assertThat(streamed.records(Nsid.parse("app.bsky.graph.follow")))
                    .isEqualTo(repo.records(Nsid.parse("app.bsky.graph.follow")));
            long bytes = repo.writeCar(copy);
            assertThat(bytes).isEqualTo(Files.size(copy));
        }
        try (Repository a = Repository.open(car); Repository b = Repository.open(copy)) {
            assertThat(b.commit().cid()).isEqualTo(a.commit().cid());
            assertThat(a.diff(b).isEmpty()).isTrue();
            assertThat(b.verify().problems()).isEmpty();
            assertThat(b.reader().car().blockCount()).isEqualTo(a.reader().car().blockCount());
        }
    }

    @Test
    void aBuiltTreeWrittenAsACarReadsBack() throws IOException {
        TreeMap<String, Cid> entries = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            entries.put("app.bsky.feed.like/" + TestRepo.tid(i), Cid.of(Cid.DAG_CBOR, ("v" + i).getBytes()));
        }
        Mst tree = Mst.build(entries.entrySet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.write(out, tree.root(), tree.newBlocks());
        try (CarFile c = CarFile.fromBytes(out.toByteArray())) {
            assertThat(c.roots()).containsExactly(tree.root());
            TreeMap<String, Cid> read = new TreeMap<>();
            MstWalker.walk(c, tree.root(), (k, v) -> read.put(new String(k), v), MstWalker.Options.STRUCTURE);
            assertThat(read).isEqualTo(entries);
        }
    }
}
