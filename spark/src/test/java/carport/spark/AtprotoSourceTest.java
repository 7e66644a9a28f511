package carport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.repo.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source in local[2]: the same rows as the shared row code, pruning, push-down, options, SQL. */
class AtprotoSourceTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path cars;
    static Path corrupt;

    @BeforeAll
    static void start() throws Exception {
        cars = tmp.resolve("cars");
        TestCars.copyRealCars(cars.resolve("real"));
        List<Path> gen = TestCars.generateMany(cars.resolve("gen"), 6, 50, 400);
        corrupt = TestCars.corrupt(gen.get(0), cars.resolve("gen").resolve("corrupt.car"));
        spark = SparkSession.builder().master("local[2]").appName("carport AtprotoSourceTest")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Dataset<Row> records(Path p) {
        return spark.read().format("atproto").option("signature", "none").load(p.toString());
    }

    private static Dataset<Row> repos(Path p) {
        return spark.read().format("atproto").option("table", "repos").option("signature", "none").load(p.toString());
    }

    private static List<String> expectedRows(Path dir) throws Exception {
        List<String> rows = new ArrayList<>();
        ExpectedRows.read(dir, rows, new TreeSet<>());
        rows.sort(null);
        return rows;
    }

    /** The source's scan in a query's physical plan (what Spark pushed into it). */
    private static org.apache.spark.sql.connector.read.Scan scanOf(Dataset<Row> df) {
        var leaves = df.queryExecution().executedPlan().collectLeaves();
        var it = leaves.iterator();
        while (it.hasNext()) {
            if (it.next() instanceof org.apache.spark.sql.execution.datasources.v2.BatchScanExec b) {
                return b.scan();
            }
        }
        throw new AssertionError("no BatchScanExec in " + df.queryExecution().executedPlan());
    }

    @Test
    void recordsEqualTheSharedRowCodeRowForRow() throws Exception {
        List<String> expected = expectedRows(cars);
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(Rows.sorted(records(cars).collectAsList())).isEqualTo(expected);
        assertThat(records(cars).schema().fieldNames()).containsExactly(
                "did", "collection", "rkey", "uri", "cid", "rev", "type", "created_at", "record", "size");
    }

    @Test
    void reposHasOneRowPerInputAndTheCorruptOneSaysWhy() throws Exception {
        List<Row> rows = repos(cars).collectAsList();
        int inputs;
        try (var s = Files.walk(cars)) {
            inputs = (int) s.filter(p -> p.toString().endsWith(".car")).count();
        }
        assertThat(rows).hasSize(inputs);
        Row bad = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/corrupt.car")).findFirst().orElseThrow();
        assertThat(bad.<String>getAs("problem")).isNotBlank();
        assertThat(bad.<Long>getAs("records")).isZero();
        assertThat(bad.<String>getAs("path")).startsWith("file:/");
        Row good = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/gen-01.car")).findFirst().orElseThrow();
        assertThat(good.<String>getAs("problem")).isNull();
        assertThat(good.<String>getAs("did")).isEqualTo(TestCars.plcDid(1));
        assertThat(good.<Long>getAs("records")).isPositive();
        assertThat(good.<Boolean>getAs("verified")).as("no signature was checked").isFalse();
        assertThat(good.<Long>getAs("bytes")).isEqualTo(Files.size(cars.resolve("gen/gen-01.car")));
    }

    @Test
    void columnPruningReadsOnlyTheColumnsAsked() throws Exception {
        Dataset<Row> uris = records(cars).select("uri", "size");
        assertThat(scanOf(uris).readSchema().fieldNames()).containsExactly("uri", "size");
        List<String> got = new ArrayList<>();
        for (Row r : uris.collectAsList()) {
            got.add(r.getString(0) + " " + r.getInt(1));
        }
        got.sort(null);
        List<String> want = new ArrayList<>();
        for (String l : expectedRows(cars)) {
            String[] f = l.split("\t", -1);
            want.add(f[3] + " " + f[9]);
        }
        want.sort(null);
        assertThat(got).isEqualTo(want);
        assertThat(records(cars).count()).isEqualTo(want.size());
    }

    @Test
    void collectionFilterWalksOnlyThatKeyRange() throws Exception {
        // A repository whose like record block is missing: bad as a whole, fine for its posts.
        Path dir = Files.createDirectories(tmp.resolve("range"));
        TestRepo.Builder b = new TestRepo.Builder().did(TestCars.plcDid(500));
        for (int i = 0; i < 30; i++) {
            b.record("app.bsky.feed.post/3kpost" + i, Map.of("$type", "app.bsky.feed.post", "text", "p" + i));
        }
        b.missingRecord("app.bsky.feed.like/3klike0");
        b.write(dir.resolve("partial.car"));

        assertThat(records(dir).count()).isZero();
        Dataset<Row> posts = records(dir).where("collection = 'app.bsky.feed.post'");
        assertThat(scanOf(posts).description()).contains("collections=[app.bsky.feed.post]");
        assertThat(posts.count()).isEqualTo(30);
        assertThat(records(dir).where("collection IN ('app.bsky.feed.post', 'app.bsky.feed.like')").count()).isZero();
        assertThat(records(dir).where("collection = 'app.bsky.feed.post' AND collection = 'x.y.z'").count()).isZero();

        // Across the test data: the same rows as filtering afterwards.
        List<String> want = new ArrayList<>();
        ExpectedRows.read(cars, List.of("app.bsky.feed.post"), want, new TreeSet<>());
        want.sort(null);
        assertThat(want).isNotEmpty();
        assertThat(Rows.sorted(records(cars).where("collection = 'app.bsky.feed.post'").collectAsList()))
                .isEqualTo(want);
    }

    @Test
    void didFilterSkipsOtherRepositoriesUnread() {
        String did = TestCars.plcDid(2);
        Dataset<Row> one = records(cars).where("did = '" + did + "'");
        assertThat(scanOf(one).description()).contains("dids=[" + did + "]");
        assertThat(one.count()).isPositive();
        assertThat(one.select("did").distinct().collectAsList()).extracting(r -> r.getString(0)).containsExactly(did);
        // FAILFAST: the corrupt CAR (another DID) would fail the job if it were read.
        Dataset<Row> strict = spark.read().format("atproto").option("signature", "none").option("mode", "FAILFAST")
                .load(cars.resolve("gen").toString());
        assertThat(strict.where("did = '" + did + "'").count()).isEqualTo(one.count());
        assertThatThrownBy(strict::count).hasStackTraceContaining("corrupt.car").hasStackTraceContaining("FAILFAST");
    }

    @Test
    void modesDecideWhatABadInputDoes() {
        Path gen = cars.resolve("gen");
        long permissive = repos(gen).count();
        assertThat(permissive).isEqualTo(7);
        Dataset<Row> drop = spark.read().format("atproto").option("table", "repos").option("signature", "none")
                .option("mode", "dropmalformed").load(gen.toString());
        assertThat(drop.count()).isEqualTo(6);
        assertThat(drop.where("problem IS NOT NULL").count()).isZero();
        assertThat(records(gen).count()).isEqualTo(spark.read().format("atproto").option("signature", "none")
                .option("mode", "DROPMALFORMED").load(gen.toString()).count());
        assertThatThrownBy(() -> spark.read().format("atproto").option("table", "repos").option("signature", "none")
                .option("mode", "FAILFAST").load(gen.toString()).collectAsList())
                .hasStackTraceContaining("corrupt.car");
    }

    @Test
    void bareCarsNeedSignatureNoneByDefaultTheyAreBad() {
        Path gen = cars.resolve("gen");
        Dataset<Row> r = spark.read().format("atproto").option("table", "repos").load(gen.toString());
        assertThat(r.where("problem IS NULL").count()).isZero();
        assertThat(spark.read().format("atproto").load(gen.toString()).count()).isZero();
        // verify=false still reads them leniently, with the signature option unchanged
        assertThat(spark.read().format("atproto").option("signature", "none").option("verify", "false")
                .load(gen.resolve("gen-01.car").toString()).count()).isPositive();
    }

    @Test
    void severalPathsAndGlobs() {
        Path gen = cars.resolve("gen");
        long a = records(gen.resolve("gen-01.car")).count();
        long b = records(gen.resolve("gen-02.car")).count();
        assertThat(spark.read().format("atproto").option("signature", "none")
                .load(gen.resolve("gen-01.car").toString(), gen.resolve("gen-02.car").toString()).count())
                .isEqualTo(a + b);
        assertThat(records(gen.resolve("gen-0[12].car")).count()).isEqualTo(a + b);
    }

    @Test
    void aPathOnAnotherFileSystemIsCopiedToTheExecutorAndReadTheSame() throws Exception {
        // viewfs is a Hadoop file system that is not the local one (here mounted onto a local folder), so the
        // source takes its remote path: copy each CAR to the executor's directory, read, delete.
        Path gen = cars.resolve("gen");
        Dataset<Row> remote = spark.read().format("atproto").option("signature", "none")
                .option("fs.viewfs.mounttable.carporttest.link./cars", gen.toUri().toString())
                .load("viewfs://carporttest/cars/");
        List<String> want = Rows.sorted(records(gen).collectAsList());
        assertThat(want).isNotEmpty();
        assertThat(Rows.sorted(remote.collectAsList())).isEqualTo(want);
        List<Row> repoRows = spark.read().format("atproto").option("table", "repos").option("signature", "none")
                .option("fs.viewfs.mounttable.carporttest.link./cars", gen.toUri().toString())
                .load("viewfs://carporttest/cars/").collectAsList();
        assertThat(repoRows).extracting(r -> r.<String>getAs("path")).allMatch(p -> p.startsWith("viewfs://carporttest/cars/"));
        Row bad = repoRows.stream().filter(r -> r.<String>getAs("problem") != null).findFirst().orElseThrow();
        assertThat(bad.<String>getAs("path")).endsWith("/corrupt.car");
        // no copy is left behind in the executor's directory
        try (var left = Files.list(Path.of(org.apache.spark.SparkFiles.getRootDirectory()))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("carport-"));
        }
    }

    @Test
    void sparkSqlCreateTableUsingAtproto() {
        spark.sql("CREATE TABLE IF NOT EXISTS unit_records USING atproto OPTIONS (path '" + cars.resolve("gen")
                + "', signature 'none')");
        spark.sql("CREATE TABLE IF NOT EXISTS unit_repos USING atproto OPTIONS (path '" + cars.resolve("gen")
                + "', signature 'none', table 'repos')");
        long n = spark.sql("SELECT count(*) FROM unit_records").collectAsList().get(0).getLong(0);
        assertThat(n).isEqualTo(records(cars.resolve("gen")).count());
        Row top = spark.sql("SELECT r.did, count(*) AS n FROM unit_records r JOIN unit_repos p ON r.did = p.did "
                + "WHERE p.problem IS NULL GROUP BY r.did ORDER BY n DESC LIMIT 1").collectAsList().get(0);
        assertThat(top.getLong(1)).isPositive();
    }

    @Test
    void badOptionsAndPathsSayWhatIsWrong() {
        assertThatThrownBy(() -> spark.read().format("atproto").option("mode", "lenient").load(cars.toString()))
                .hasMessageContaining("PERMISSIVE, DROPMALFORMED, FAILFAST");
        assertThatThrownBy(() -> spark.read().format("atproto").option("table", "blobs").load(cars.toString()))
                .hasMessageContaining("records, repos");
        assertThatThrownBy(() -> spark.read().format("atproto").load(tmp.resolve("nothing-here").toString()).count())
                .hasMessageContaining("no such file or folder");
    }

    @Test
    void smallCarsAreGroupedLargeOnesAlone() {
        List<InputFile> in = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            in.add(new InputFile("file:/s" + i + ".car", 1000, false));
        }
        in.add(new InputFile("file:/big.car", 10_000_000, false));
        List<CarPartition> p = AtprotoScan.pack(in, 1_000_000, 10_000, 2);
        assertThat(p.get(0).inputs()).extracting(InputFile::path).containsExactly("file:/big.car");
        assertThat(p).hasSize(2);
        assertThat(p.get(1).inputs()).hasSize(10);
        // many small inputs over few cores: spread so every core has work
        List<CarPartition> spread = AtprotoScan.pack(in.subList(0, 10), 128L << 20, 4L << 20, 5);
        assertThat(spread).hasSizeGreaterThanOrEqualTo(5);
        assertThat(spread.stream().mapToInt(c -> c.inputs().size()).sum()).isEqualTo(10);
        assertThat(Set.copyOf(spread.stream().flatMap(c -> c.inputs().stream()).toList())).hasSize(10);
    }
}
