package carport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source on a real Spark standalone cluster on 127.0.0.1: a Master and two Workers (1 core, 1 GiB
 * each) started from a SPARK_HOME of Maven Central's Spark jars, the executors loading
 * target/carport-spark.jar (the shaded jar users get), this JVM the driver. One Worker is killed in the
 * middle of the first job; the rows must still equal {@code carport records}' rows, row for row.
 */
class ClusterIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void readsOnAStandaloneClusterAndSurvivesALostWorker() throws Exception {
        Path sparkHome = Path.of(System.getProperty("carport.spark.home"));
        Path jar = Path.of(System.getProperty("carport.spark.jar"));
        assertThat(jar).isRegularFile();

        // Inputs: the 16 real CARs of the test data, 40 generated repositories, one corrupt CAR.
        Path cars = tmp.resolve("cars");
        int real = TestCars.copyRealCars(cars.resolve("real"));
        List<Path> generated = TestCars.generateMany(cars.resolve("generated"), 40, 200, 3000);
        Path corrupt = TestCars.corrupt(generated.get(3), cars.resolve("generated").resolve("corrupt.car"));
        int inputs = real + generated.size() + 1;
        assertThat(inputs).isGreaterThanOrEqualTo(50);
        Expected expected = Expected.of(cars, tmp);
        assertThat(expected.bad()).contains(corrupt.toString());

        Path work = Files.createDirectories(tmp.resolve("cluster"));
        try (StandaloneCluster cluster = StandaloneCluster.start(sparkHome, work, 2, 1, "1g")) {
            SparkSession spark = SparkSession.builder()
                    .appName("carport ClusterIT")
                    .master(cluster.masterUrl())
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.jars", jar.toString())
                    .config("spark.executor.memory", "768m")
                    .config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2")
                    .config("spark.executor.extraJavaOptions", "-XX:+UseSerialGC")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            try {
                awaitExecutors(spark, 2);
                Set<Long> pids = cluster.pids();
                pids.add(ProcessHandle.current().pid());
                assertThat(StandaloneCluster.nonLoopbackListeners(pids))
                        .as("every Spark process listens on 127.0.0.1 only").isEmpty();

                // Kill the Worker (and its executor) that ran the first finished task, as soon as it starts
                // its next task: the kill always lands in the middle of the job.
                AtomicReference<String> firstExecutor = new AtomicReference<>();
                AtomicInteger killed = new AtomicInteger(-1);
                AtomicInteger failedTasks = new AtomicInteger();
                AtomicInteger tasksAfterKill = new AtomicInteger();
                spark.sparkContext().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd e) {
                        if (killed.get() >= 0) {
                            tasksAfterKill.incrementAndGet();
                        }
                        if (!e.taskInfo().successful()) {
                            failedTasks.incrementAndGet();
                        } else {
                            firstExecutor.compareAndSet(null, e.taskInfo().executorId());
                        }
                    }

                    @Override
                    public void onTaskStart(SparkListenerTaskStart e) {
                        String id = firstExecutor.get();
                        if (id != null && id.equals(e.taskInfo().executorId()) && killed.get() < 0) {
                            int w = workerOfExecutor(work, id);
                            if (w >= 0 && killed.compareAndSet(-1, w)) {
                                cluster.killWorker(w);
                            }
                        }
                    }
                });

                Dataset<Row> records = spark.read().format("atproto")
                        .option("signature", "none")
                        .option("maxPartitionBytes", "256k")
                        .option("openCostInBytes", "64k")
                        .load(cars.toString());
                int partitions = records.rdd().getNumPartitions();
                List<String> rows = Rows.sorted(records.collectAsList());
                assertThat(killed.get()).as("a Worker was killed during the job").isGreaterThanOrEqualTo(0);
                assertThat(partitions).isGreaterThan(10);
                assertThat(failedTasks.get()).as("tasks lost with the Worker, run again").isGreaterThan(0);
                assertThat(tasksAfterKill.get()).isGreaterThan(0);
                assertThat(rows).hasSize(expected.rows().size());
                assertThat(rows).as("the rows of carport records, row for row").isEqualTo(expected.rows());

                // The repos table: one row per input, the corrupt CAR among them with its problem.
                List<Row> repos = spark.read().format("atproto").option("table", "repos")
                        .option("signature", "none").load(cars.toString()).collectAsList();
                assertThat(repos).hasSize(inputs);
                Map<String, String> problems = new TreeMap<>();
                for (Row r : repos) {
                    if (r.getAs("problem") != null) {
                        problems.put(Path.of(java.net.URI.create(r.<String>getAs("path"))).toString(), r.getAs("problem"));
                    }
                }
                assertThat(problems.keySet()).isEqualTo(expected.bad());
                assertThat(problems.get(corrupt.toString())).isNotBlank();

                // Spark SQL on the cluster: a catalog table over the same folder.
                spark.sql("CREATE TABLE t USING atproto OPTIONS (path '" + cars + "', signature 'none')");
                Map<String, Long> perCollection = new TreeMap<>();
                for (Row r : spark.sql("SELECT collection, count(*) FROM t GROUP BY collection").collectAsList()) {
                    perCollection.put(r.getString(0), r.getLong(1));
                }
                assertThat(perCollection).isEqualTo(expected.perCollection());
                // collection push-down: only that key range of each CAR is walked, as carport records --collection
                List<String> posts = new ArrayList<>();
                for (Row r : spark.sql("SELECT * FROM t WHERE collection = 'app.bsky.feed.post'").collectAsList()) {
                    posts.add(Rows.line(r));
                }
                posts.sort(null);
                List<String> expectedPosts = new ArrayList<>();
                ExpectedRows.read(cars, List.of("app.bsky.feed.post"), expectedPosts, new java.util.TreeSet<>());
                expectedPosts.sort(null);
                assertThat(expectedPosts).isNotEmpty();
                assertThat(posts).isEqualTo(expectedPosts);
            } finally {
                spark.stop();
            }
        }
    }

    /** The Worker whose work folder holds this executor's folder ({@code worker-N/<app>/<executor id>}), or -1. */
    static int workerOfExecutor(Path work, String executorId) {
        for (int i = 0; i < 2; i++) {
            try (Stream<Path> apps = Files.list(work.resolve("worker-" + i))) {
                if (apps.anyMatch(app -> Files.isDirectory(app.resolve(executorId)))) {
                    return i;
                }
            } catch (java.io.IOException e) {
                // not there (yet)
            }
        }
        return -1;
    }

    private static void awaitExecutors(SparkSession spark, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            // the driver counts itself among the executors' block managers
            if (spark.sparkContext().getExecutorMemoryStatus().size() >= n + 1) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the executors did not start");
    }

    /**
     * What {@code carport records --no-signature} gives for the same inputs: the command itself (the cli
     * module's carport.jar, built before this module in a full build) when it is there, else the same shared
     * code in-process (a build of this module alone, {@code -pl spark -am}).
     */
    record Expected(List<String> rows, Set<String> bad, Map<String, Long> perCollection) {
        static Expected of(Path dir, Path tmp) throws Exception {
            List<String> rows = new ArrayList<>();
            Set<String> bad = new java.util.TreeSet<>();
            ExpectedRows.read(dir, rows, bad); // the bad inputs (the command names them only on stderr)
            Path cli = Path.of(System.getProperty("carport.cli.jar", "none"));
            if (Files.isRegularFile(cli)) {
                Path out = tmp.resolve("expected.jsonl");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", cli.toString(), "records", "--no-signature", "-o", out.toString(), dir.toString())
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("expected.log").toFile()).start();
                int code = p.waitFor();
                assertThat(code).as("carport records exit code (4: some inputs bad)\n%s",
                        Files.readString(tmp.resolve("expected.log"))).isEqualTo(4);
                List<String> fromCli = new ArrayList<>();
                for (String l : Files.readAllLines(out)) {
                    fromCli.add(Rows.jsonlLine(l));
                }
                Collections.sort(fromCli);
                Collections.sort(rows);
                assertThat(fromCli).as("carport records and the shared code agree").isEqualTo(rows);
                rows = fromCli;
                System.out.println("ClusterIT: expected rows from " + cli + " records (" + rows.size() + " rows)");
            } else {
                System.out.println("ClusterIT: no " + cli + ": expected rows from the shared code in-process");
            }
            Collections.sort(rows);
            Map<String, Long> per = rows.stream().collect(Collectors.groupingBy(l -> l.split("\t", -1)[1],
                    TreeMap::new, Collectors.counting()));
            return new Expected(rows, bad, per);
        }
    }
}
