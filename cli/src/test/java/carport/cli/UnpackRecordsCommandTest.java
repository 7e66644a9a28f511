package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.repo.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnpackRecordsCommandTest {
    @TempDir
    Path tmp;

    static List<String> realCars() {
        return CliRun.realCars().toList();
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void writesEveryPresentRecordAsJsonEqualToItsBlock(String car) throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("unpack-records", CliRun.car(car), "-o", out);
        String did = Derived.summary(car).get("commit").get("did").asText();
        Path target = out.resolve(did);
        List<Derived.Leaf> leaves = Derived.leaves(car);
        long present = leaves.stream().filter(l -> l.length() >= 0).count();

        assertThat(r.code()).as(r.toString()).isEqualTo(CliRun.partial(car) ? ExitCode.PARTIAL : ExitCode.OK);
        assertThat(r.outLines()).singleElement().asString().startsWith("wrote " + target + ": " + present + " record");
        if (CliRun.partial(car)) {
            assertThat(r.errLines()).allMatch(l -> l.startsWith("carport: "))
                    .filteredOn(l -> l.contains("is missing from the CAR"))
                    .hasSize((int) (leaves.size() - present + Derived.summary(car).get("mst_nodes_missing").size()));
        } else {
            assertThat(r.err()).isEmpty();
        }
        Set<String> expected = new TreeSet<>();
        expected.add(did + "/_commit.json");
        try (CarFile cf = CarFile.open(CliRun.car(car))) {
            for (Derived.Leaf l : leaves) {
                if (l.length() < 0) {
                    continue;
                }
                expected.add(did + "/" + l.key() + ".json");
                String json = Files.readString(target.resolve(l.key() + ".json"), StandardCharsets.UTF_8);
                byte[] block = cf.get(Cid.parse(l.cid()));
                assertThat(json).isEqualTo(AtJson.toJson(DagCbor.decode(block), true) + "\n");
                assertThat(DagCbor.encode(AtJson.fromJson(json))).isEqualTo(block);
            }
        }
        assertThat(files(out)).isEqualTo(expected);
    }

    @Test
    void anExistingFolderNeedsForce() throws IOException {
        Path car = CliRun.car("repo-stream-tiny.car");
        assertThat(CliRun.run("unpack-records", car, "-o", tmp).code()).isZero();
        Set<String> before = files(tmp);

        CliRun again = CliRun.run("unpack-records", car, "-o", tmp);
        assertThat(again.code()).isEqualTo(ExitCode.USAGE);
        assertThat(again.errLines()).singleElement().asString()
                .isEqualTo("carport: " + tmp.resolve("did:plc:7hptvnhdyeu53xp6rz7e42iy")
                        + " already exists; use --force to replace it");
        assertThat(files(tmp)).isEqualTo(before);

        CliRun forced = CliRun.run("unpack-records", car, "-o", tmp, "--force");
        assertThat(forced.code()).isZero();
        assertThat(forced.out()).startsWith("replaced " + tmp.resolve("did:plc:7hptvnhdyeu53xp6rz7e42iy"));
        assertThat(files(tmp)).isEqualTo(before);
    }

    @Test
    void forceRefusesToReplaceAnExportAndTouchesNothing() throws IOException {
        Path car = CliRun.car("repo-stream-tiny.car");
        Path target = tmp.resolve("did:plc:7hptvnhdyeu53xp6rz7e42iy");
        Files.createDirectories(target.resolve("_blob"));
        Files.writeString(target.resolve("_export.json"), "{}");
        Files.writeString(target.resolve("_blob").resolve("bafkreiblob"), "a blob only the export has");
        Set<String> before = files(tmp);

        CliRun forced = CliRun.run("unpack-records", car, "-o", tmp, "--force");

        assertThat(forced.code()).isEqualTo(ExitCode.USAGE);
        assertThat(forced.errLines()).singleElement().asString()
                .startsWith("carport: " + target + " is an export, which --force would delete");
        assertThat(files(tmp)).isEqualTo(before);
        assertThat(Files.readString(target.resolve("_blob").resolve("bafkreiblob"))).isEqualTo("a blob only the export has");
    }

    @Test
    void leftoversOfAnInterruptedRunAreRemovedAndSaidSo() throws IOException {
        Path stale = Files.createDirectories(tmp.resolve(".carport-unpack-did_plc_x-abc/app.bsky.feed.post"));
        Files.writeString(stale.resolve("3jzfcijpj2z2a.json"), "{");
        CliRun r = CliRun.run("unpack-records", CliRun.car("repo-stream-tiny.car"), "-o", tmp);
        assertThat(r.code()).isZero();
        assertThat(r.errLines()).containsExactly("carport: removed " + tmp.resolve(".carport-unpack-did_plc_x-abc")
                + ", left by an interrupted run");
        assertThat(tmp.resolve(".carport-unpack-did_plc_x-abc")).doesNotExist();
    }

    @Test
    void outputThatIsAFileIsAUsageError() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        CliRun r = CliRun.run("unpack-records", CliRun.car("repo-stream-tiny.car"), "-o", f);
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("not a directory");
    }

    @Test
    void hostileKeysAndDidsNeverWriteOutsideTheOutputFolder() throws IOException {
        byte[] rec = DagCbor.encode(TestRepo.record("app.bsky.feed.like", 0, 0));
        Path car = new TestRepo.Builder().did("did:web:..")
                .record("../../../escape/x".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/../../x".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/..".getBytes(StandardCharsets.UTF_8), rec)
                .record("app.bsky.feed.post/ok".getBytes(StandardCharsets.UTF_8), rec)
                .write(tmp.resolve("r.car"));
        Path out = tmp.resolve("a/b/out");
        CliRun r = CliRun.run("unpack-records", car, "-o", out);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID);
        assertThat(r.errLines()).filteredOn(l -> l.startsWith("carport: record ") && l.endsWith("not written"))
                .hasSize(3);
        assertThat(files(tmp)).containsExactlyInAnyOrder("r.car", "a/b/out/did:web:../_commit.json",
                "a/b/out/did:web:../app.bsky.feed.post/ok.json");

        Path bad = new TestRepo.Builder().did("did:web:../../x").record("a.b.c/d".getBytes(StandardCharsets.UTF_8),
                rec).write(tmp.resolve("bad.car"));
        CliRun r2 = CliRun.run("unpack-records", bad, "-o", tmp.resolve("c"));
        assertThat(r2.code()).isEqualTo(ExitCode.INVALID);
        assertThat(r2.errLines()).singleElement().asString().contains("is not a valid DID");
        assertThat(files(tmp)).hasSize(4);
    }
}
