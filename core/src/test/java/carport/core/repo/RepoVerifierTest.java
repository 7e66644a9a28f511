package carport.core.repo;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.car.TestCars;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.Curve;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.mst.TestTrees;
import carport.core.syntax.Did;
import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RepoVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static VerifyReport verify(String name, RepoVerifier.Options o) throws IOException {
        return verify(TestData.path("cars/" + name), o);
    }

    private static VerifyReport verify(Path file, RepoVerifier.Options o) throws IOException {
        try (RepoReader r = RepoReader.open(file)) {
            return RepoVerifier.verify(r, o);
        }
    }

    private static VerifyingKey docKey(String companion) throws IOException {
        return DidDocument.parse(Files.readAllBytes(TestData.path("cars/companions/" + companion))).atprotoKey()
                .orElseThrow();
    }

    static List<String> completeCars() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : TestData.realCars().toList()) {
            JsonNode s = JSON.readTree(TestData.path("cars/derived/" + name + ".summary.json").toFile());
            if (s.get("records_missing").asLong() == 0 && s.get("mst_nodes_missing").isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("completeCars")
    void everyCompleteRealRepoPassesAllChecksExceptTheUncheckedSignature(String name) throws IOException {
        VerifyReport rep = verify(name, RepoVerifier.Options.defaults());
        assertThat(rep.problems()).isEmpty();
        assertThat(rep.ok()).isTrue();
        assertThat(rep.signature()).isNull();
        assertThat(rep.notes()).contains("signature not checked: no key given");
        assertThat(rep.summary().complete()).isTrue();
    }

    @Test
    void bnewboldCommitVerifiesWithTheAtprotoKeyFromItsPlcLog() throws IOException {
        JsonNode log = JSON.readTree(TestData.path("plc/audit_log/valid/log_bnewbold_robocracy.json").toFile());
        JsonNode last = log.get(log.size() - 1);
        VerifyingKey key = VerifyingKey.fromDidKey(last.get("operation").get("verificationMethods").get("atproto").asText());
        VerifyReport rep = verify("indigo-bnewbold.robocracy.org.20250310005405.car",
                RepoVerifier.Options.defaults().withKey(key).withExpectedDid(Did.parse(last.get("did").asText())));
        assertThat(rep.signature()).isEqualTo(SignatureCheck.VALID);
        assertThat(rep.problems()).isEmpty();
        assertThat(rep.notes()).noneMatch(n -> n.contains("signature"));
    }

    @Test
    void arrobaCommitVerifiesWithItsPublishedKey() throws IOException {
        JsonNode a = JSON.readTree(TestData.path("cars/companions/upstream-test-assertions.json").toFile())
                .get("arroba-snarfed2.car");
        VerifyingKey key = VerifyingKey.fromMultibase(a.get("signing_key_publicKeyMultibase").asText());
        VerifyReport rep = verify("arroba-snarfed2.car", RepoVerifier.Options.defaults().withKey(key)
                .withExpectedDid(Did.parse(a.get("did").asText())));
        assertThat(rep.signature()).isEqualTo(SignatureCheck.VALID);
        assertThat(rep.ok()).isTrue();
    }

    @Test
    void olderCommitsVerifyWithTheirKeys() throws IOException {
        assertThat(verify("pegasus-mist-sample-bsky.app.car", RepoVerifier.Options.defaults().withKey(
                VerifyingKey.fromDidKey("did:key:zQ3shQo6TF2moaqMTrUZEM1jeuYRQXeHEx4evX9751y2qPqRA"))).ok()).isTrue();
        JsonNode divy = JSON.readTree(TestData.path("cars/companions/upstream-test-assertions.json").toFile())
                .get("indigo-divy.repo.car").get("signing_key");
        assertThat(verify("indigo-divy.repo.car", RepoVerifier.Options.defaults().withKey(
                VerifyingKey.fromLegacyMultibase(divy.get("publicKeyMultibase").asText(), Curve.K256))).ok()).isTrue();
        assertThat(verify("indigo-paul_staging.repo.car",
                RepoVerifier.Options.defaults().withKey(docKey("indigo-paul_staging.didDoc.json"))).ok()).isTrue();
        VerifyingKey greenground = docKey("indigo-greenground.didDoc.json");
        assertThat(verify("indigo-greenground-2023-04.repo.car",
                RepoVerifier.Options.defaults().withKey(greenground).withExpectedDid(Did.parse("did:plc:wqgdnqlv2mwiio6pfchwtrff"))).ok())
                .isTrue();
    }

    @Test
    void highSSignatureIsRejected() throws IOException {
        VerifyReport rep = verify("indigo-fakermaker.repo.car",
                RepoVerifier.Options.defaults().withKey(docKey("indigo-fakermaker.didDoc.json")));
        assertThat(rep.signature()).isEqualTo(SignatureCheck.HIGH_S);
        assertThat(rep.problems()).singleElement().asString().contains("high-S");
        assertThat(rep.notes()).anyMatch(n -> n.startsWith("506 blocks are not reachable"));
    }

    @Test
    void signatureByAnotherKeyIsAMismatch() throws IOException {
        VerifyReport rep = verify("indigo-bafyreieovfuizojpw3zresz7sx3nk4trm2by23pt5rxbey3jme4uo5ogiu.car",
                RepoVerifier.Options.defaults().withKey(docKey("indigo-did_plc_z5vnbioquyhivxirw3bbljmu.didDoc.json")));
        assertThat(rep.signature()).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(rep.problems()).singleElement().asString().contains("does not match");
    }

    @Test
    void commitForAnotherDidIsReported() throws IOException {
        // the greenground didDoc key signs this repo too, but the doc is for another account
        VerifyingKey key = docKey("indigo-greenground.didDoc.json");
        VerifyReport rep = verify("indigo-greenground.repo.car",
                RepoVerifier.Options.defaults().withKey(key).withExpectedDid(Did.parse("did:plc:wqgdnqlv2mwiio6pfchwtrff")));
        assertThat(rep.signature()).isEqualTo(SignatureCheck.VALID);
        assertThat(rep.problems()).singleElement().asString()
                .contains("did:plc:kzcqyc3unb33eh5sxzsfs25z").contains("expected did:plc:wqgdnqlv2mwiio6pfchwtrff");
        VerifyReport rsky = verify("rsky-repo-valid_repo.car",
                RepoVerifier.Options.defaults().withExpectedDid(Did.parse("did:plc:someotherdidentirely00000")));
        assertThat(rsky.ok()).isFalse();
    }

    @Test
    void partialCarsReportTheirMissingNodesAndRecords() throws IOException {
        VerifyReport attie = verify("skyfall-attie.firehose-blocks.car", RepoVerifier.Options.defaults());
        assertThat(attie.summary().missingMstNodes()).isEqualTo(2);
        assertThat(attie.summary().missingRecords()).isEqualTo(12);
        assertThat(attie.summary().recordsPresent()).isEqualTo(1);
        assertThat(attie.problems()).hasSize(14).allMatch(p -> p.contains("is missing from the CAR"));
        assertThat(attie.problems()).anyMatch(p -> p.contains("bafyreiafk3tcfsbhuo4d4sz32lri6zeoabn5s5fqrsw3fisbjo3aupx2su"));
        VerifyReport slice = verify("indigo-repo_slice.car", RepoVerifier.Options.defaults());
        assertThat(slice.summary().missingMstNodes()).isEqualTo(1);
        assertThat(slice.summary().missingRecords()).isEqualTo(4);
        assertThat(slice.problemCount()).isEqualTo(5);
    }

    // ------------------------------------------------------------------------------------ tampering

    /** Rewrites a real CAR section by section, letting {@code edit} change or drop blocks. */
    private Path rewrite(String name, java.util.function.BiFunction<Cid, byte[], byte[]> edit) throws IOException {
        try (CarFile car = CarFile.open(TestData.path("cars/" + name))) {
            TestCars.Builder w = new TestCars.Builder(car.roots().toArray(new Cid[0]));
            for (int i = 0; i < car.sectionCount(); i++) {
                byte[] b = edit.apply(car.cidAt(i), car.block(i));
                if (b != null) {
                    w.add(car.cidAt(i), b);
                }
            }
            return w.write(tmp.resolve("edited.car"));
        }
    }

    /** Rewrites a real CAR with one block's bytes changed in place. */
    private Path rewriteBlock(String name, Cid target, java.util.function.Consumer<byte[]> edit) throws IOException {
        return rewrite(name, (cid, b) -> {
            if (cid.equals(target)) {
                edit.accept(b);
            }
            return b;
        });
    }

    private static Cid recordCid(String name, String path) throws IOException {
        try (RepoReader r = RepoReader.open(TestData.path("cars/" + name))) {
            return r.find(path).orElseThrow().cid();
        }
    }

    @Test
    void aFlippedByteInARecordFailsItsCid() throws IOException {
        String name = "repo-stream-tiny.car";
        Cid target = recordCid(name, "app.bsky.actor.profile/self");
        Path edited = rewriteBlock(name, target, b -> b[b.length / 2] ^= 0x01);
        VerifyReport rep = verify(edited, RepoVerifier.Options.defaults());
        assertThat(rep.problems()).anyMatch(p -> p.contains("block " + target) && p.contains("does not match its CID"));
        assertThat(rep.problems()).anyMatch(p -> p.startsWith("record app.bsky.actor.profile/self"));
        assertThat(rep.ok()).isFalse();
    }

    @Test
    void reportsAreTheSameWhateverTheThreadCount() throws IOException {
        String name = "pegasus-mist-sample-bsky.app.car";
        java.util.Set<Cid> targets = new java.util.HashSet<>();
        try (RepoReader r = RepoReader.open(TestData.path("cars/" + name))) {
            int[] n = {0};
            r.forEachRecord(rec -> {
                if (n[0]++ % 97 == 0) {
                    targets.add(rec.cid());
                }
            });
        }
        Path edited = rewrite(name, (cid, b) -> {
            if (targets.contains(cid)) {
                b[b.length - 1] ^= 0x40;
            }
            return b;
        });
        VerifyReport one = verify(edited, RepoVerifier.Options.defaults().withThreads(1));
        VerifyReport two = verify(edited, RepoVerifier.Options.defaults().withThreads(2));
        VerifyReport four = verify(edited, RepoVerifier.Options.defaults().withThreads(4));
        assertThat(one.problemCount()).isEqualTo(2L * targets.size());
        assertThat(two.problems()).isEqualTo(one.problems());
        assertThat(four.problems()).isEqualTo(one.problems());
        assertThat(two.summary()).isEqualTo(one.summary());
    }

    @Test
    void problemLinesAreCappedButAllAreCounted() throws IOException {
        String name = "pegasus-mist-sample-bsky.app.car";
        java.util.Set<Cid> records = new java.util.HashSet<>();
        try (RepoReader r = RepoReader.open(TestData.path("cars/" + name))) {
            r.forEachRecord(rec -> records.add(rec.cid()));
        }
        // every record block fails its CID and its decoding: two problems each, thousands in all
        Path edited = rewrite(name, (cid, b) -> {
            if (records.contains(cid)) {
                b[b.length - 1] ^= 0x40;
            }
            return b;
        });
        for (int threads : new int[] {1, 2}) {
            VerifyReport rep = verify(edited, new RepoVerifier.Options(null, null, threads, 10));
            assertThat(rep.problems()).hasSize(10);
            assertThat(rep.problemCount()).isEqualTo(2L * records.size());
            assertThat(rep.notes()).contains((2L * records.size() - 10) + " more problems not listed");
        }
    }

    @Test
    void corruptBlocksComeFirstThenTheCommitThenTheWalk() throws IOException {
        String name = "repo-stream-tiny.car";
        Cid target = recordCid(name, "app.bsky.actor.profile/self");
        Path edited = rewriteBlock(name, target, b -> b[b.length - 1] ^= 0x40);
        VerifyReport rep = verify(edited, RepoVerifier.Options.defaults()
                .withExpectedDid(Did.parse("did:plc:someotherdidentirely00000")));
        assertThat(rep.problems()).hasSize(3);
        assertThat(rep.problems().get(0)).contains("block " + target).contains("does not match its CID");
        assertThat(rep.problems().get(1)).startsWith("commit is for ").endsWith("expected did:plc:someotherdidentirely00000");
        assertThat(rep.problems().get(2)).startsWith("record app.bsky.actor.profile/self");
        assertThat(rep.problemCount()).isEqualTo(3);
    }

    @Test
    void aFlippedByteInAnMstNodeFailsItsCid() throws IOException {
        String name = "rsky-repo-valid_repo.car";
        Cid data;
        try (RepoReader r = RepoReader.open(TestData.path("cars/" + name))) {
            data = r.commit().data();
        }
        Path edited = rewrite(name, (cid, b) -> {
            if (cid.equals(data)) {
                b[b.length - 3] ^= 0x01;
            }
            return b;
        });
        VerifyReport rep = verify(edited, RepoVerifier.Options.defaults());
        assertThat(rep.problems()).anyMatch(p -> p.contains("block " + data) && p.contains("does not match its CID"));
        assertThat(rep.problems()).anyMatch(p -> p.startsWith("MST node " + data + " cannot be read"));
    }

    @Test
    void aDroppedRecordIsReportedMissing() throws IOException {
        String name = "arroba-snarfed2.car";
        RepoRecord dropped;
        try (RepoReader r = RepoReader.open(TestData.path("cars/" + name))) {
            dropped = r.find("app.bsky.feed.like/3lbkj25b7pi2l").orElseThrow();
        }
        Path edited = rewrite(name, (cid, b) -> cid.equals(dropped.cid()) ? null : b);
        VerifyReport rep = verify(edited, RepoVerifier.Options.defaults());
        assertThat(rep.problems()).containsExactly("record " + dropped.key() + " (" + dropped.cid() + ") is missing from the CAR");
        assertThat(rep.summary().missingRecords()).isEqualTo(1);
    }

    @Test
    void anUndecodableRecordIsReported() throws IOException {
        // a block that matches its CID but is not canonical DAG-CBOR: map keys out of order
        byte[] bad = {(byte) 0xa2, 0x61, 'b', 0x01, 0x61, 'a', 0x02};
        byte[] notMap = DagCbor.encode(List.of(1L));
        VerifyReport rep = verify(repoWith(Map.of("app.bsky.feed.post/3jzfcijpj2z2a", bad,
                "app.bsky.feed.post/3jzfcijpj2z2b", notMap)), RepoVerifier.Options.defaults());
        assertThat(rep.problems()).hasSize(2);
        assertThat(rep.problems().get(0)).contains("3jzfcijpj2z2a").contains("not valid DAG-CBOR");
        assertThat(rep.problems().get(1)).contains("3jzfcijpj2z2b").contains("is not a map");
    }

    @Test
    void keysThatAreNotRepoPathsAreReported() throws IOException {
        byte[] rec = DagCbor.encode(Map.of("$type", "x.y.z"));
        // ':' and '~' are record-key characters, and keys are taken as they are (no case folding)
        VerifyReport rep = verify(repoWith(Map.of("nocollection", rec, "app.bsky.feed.post/ok", rec,
                "Bad..nsid/x", rec, "com.Example.fooBar/a:B~c_-.", rec)), RepoVerifier.Options.defaults());
        assertThat(rep.problems()).hasSize(2);
        assertThat(rep.problems()).anyMatch(p -> p.contains("\"nocollection\"") && p.contains("<collection>/<record-key>"));
        assertThat(rep.problems()).anyMatch(p -> p.contains("is not a valid NSID"));
    }

    @Test
    void aCommitThatIsNotCanonicalTreeIsReportedStructurally() throws IOException {
        // records in a single flat node although some keys belong on higher layers
        TreeMap<String, byte[]> recs = new TreeMap<>();
        for (String k : TestTrees.keysAtHeight("app.bsky.feed.like/3k", 0, 3)) {
            recs.put(k, DagCbor.encode(Map.of("$type", "app.bsky.feed.like")));
        }
        String high = TestTrees.keysAtHeight("app.bsky.feed.like/3k", 1, 1).get(0);
        recs.put(high, DagCbor.encode(Map.of("$type", "app.bsky.feed.like")));
        TestCars.Builder w = new TestCars.Builder(new Cid[0]);
        List<TestTrees.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : recs.entrySet()) {
            entries.add(TestTrees.Entry.of(e.getKey(), w.add(e.getValue()), null));
        }
        Cid flat = w.add(TestTrees.encodeCompressed(null, entries));
        VerifyReport rep = verify(withCommit(w, flat), RepoVerifier.Options.defaults());
        assertThat(rep.problems()).isNotEmpty().allMatch(p -> p.contains("has height"));
    }

    /** A repo CAR holding the given records (any keys) under a canonical tree and an unsigned commit. */
    private Path repoWith(Map<String, byte[]> records) throws IOException {
        TestTrees trees = new TestTrees();
        TreeMap<String, Cid> leaves = new TreeMap<>();
        TestCars.Builder w = new TestCars.Builder(new Cid[0]);
        for (Map.Entry<String, byte[]> e : new TreeMap<>(records).entrySet()) {
            leaves.put(e.getKey(), w.add(e.getValue()));
        }
        Cid root = trees.build(leaves);
        for (Map.Entry<Cid, byte[]> b : trees.blocks.entrySet()) {
            w.add(b.getKey(), b.getValue());
        }
        return withCommit(w, root);
    }

    /** Adds a commit for {@code data} and writes the CAR with that commit as its root. */
    private Path withCommit(TestCars.Builder blocks, Cid data) throws IOException {
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("did", "did:plc:abcdefghijklmnopqrstuvwx");
        commit.put("version", 3L);
        commit.put("data", data);
        commit.put("rev", "3lhmydhwizp2d");
        commit.put("prev", null);
        commit.put("sig", new byte[64]);
        byte[] cb = DagCbor.encode(commit);
        Cid cc = Cid.of(Cid.DAG_CBOR, cb);
        // rebuild with the commit as root: header first, then the same sections
        byte[] body = blocks.bytes();
        int hlen = body[0];
        TestCars.Builder w = new TestCars.Builder(cc);
        w.raw(java.util.Arrays.copyOfRange(body, 1 + hlen, body.length));
        w.add(cc, cb);
        return w.write(tmp.resolve("made.car"));
    }
}
