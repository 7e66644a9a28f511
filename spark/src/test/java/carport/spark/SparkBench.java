package carport.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark phase of the benchmark (bench/spark.sh runs it; not a test): a standalone cluster on 127.0.0.1
 * with one Worker of {@code --cores} cores, one executor using them all, and the job
 * {@code spark.read.format("atproto").load(CARs).write.format("noop").mode("overwrite").save()} run
 * {@code --runs} times in one application (run 1 in a fresh executor JVM, once it has registered). Prints one JSON line per run:
 * wall time, records, the tasks' {@code executorCpuTime}, the executor process's CPU time (every thread,
 * GC and JIT included), and the executor's peak RSS (VmHWM; memory-mapped CAR pages count).
 *
 * <pre>java -cp spark/target/test-classes:spark/target/carport-spark.jar:$SPARK_HOME/jars/* carport.spark.SparkBench
 *   --spark-home DIR --jar carport-spark.jar --cores 2 --executor-memory 2g --runs 2 [--option k=v]... CAR...</pre>
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        Path sparkHome = null;
        Path jar = null;
        int cores = 1;
        int runs = 1;
        String memory = "2g";
        List<String> options = new ArrayList<>();
        List<String> cars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spark-home" -> sparkHome = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--cores" -> cores = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--executor-memory" -> memory = args[++i];
                case "--option" -> options.add(args[++i]);
                default -> cars.add(args[i]);
            }
        }
        if (sparkHome == null || jar == null || cars.isEmpty()) {
            System.err.println("usage: SparkBench --spark-home DIR --jar JAR [--cores N] [--runs N] "
                    + "[--executor-memory 2g] [--option k=v]... CAR...");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("carport-spark-bench-");
        String workerMemory = (Integer.parseInt(memory.replaceAll("[^0-9]", "")) + 1) + "g";
        try (StandaloneCluster cluster = StandaloneCluster.start(sparkHome, work, 1, cores, workerMemory)) {
            SparkSession spark = SparkSession.builder().appName("carport SparkBench").master(cluster.masterUrl())
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.jars", jar.toString())
                    .config("spark.executor.memory", memory)
                    .config("spark.executor.cores", Integer.toString(cores))
                    .config("spark.cores.max", Integer.toString(cores))
                    .getOrCreate();
            AtomicLong taskCpuNs = new AtomicLong();
            AtomicLong recordsRead = new AtomicLong();
            AtomicLong tasks = new AtomicLong();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.taskMetrics() != null) {
                        taskCpuNs.addAndGet(e.taskMetrics().executorCpuTime());
                        recordsRead.addAndGet(e.taskMetrics().inputMetrics().recordsRead());
                        tasks.incrementAndGet();
                    }
                }
            });
            try {
                // the executor up and registered with this driver (its start-up is not part of run 1)
                while (cluster.executorPids().isEmpty() || spark.sparkContext().getExecutorMemoryStatus().size() < 2) {
                    Thread.sleep(100);
                }
                long executor = cluster.executorPids().get(0);
                for (int run = 1; run <= runs; run++) {
                    taskCpuNs.set(0);
                    recordsRead.set(0);
                    tasks.set(0);
                    double cpu0 = processCpuSeconds(executor);
                    long t0 = System.nanoTime();
                    var reader = spark.read().format("atproto");
                    for (String kv : options) {
                        int eq = kv.indexOf('=');
                        reader = reader.option(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    reader.load(cars.toArray(new String[0])).write().format("noop").mode("overwrite").save();
                    double wall = (System.nanoTime() - t0) / 1e9;
                    Thread.sleep(500); // the last task-end events
                    double cpu = processCpuSeconds(executor) - cpu0;
                    double taskCpu = taskCpuNs.get() / 1e9;
                    System.out.println(String.format(Locale.ROOT,
                            "{\"run\":%d,\"cores\":%d,\"cars\":%d,\"tasks\":%d,\"records\":%d,\"wall_s\":%.3f,"
                                    + "\"executor_cpu_time_s\":%.3f,\"executor_process_cpu_s\":%.3f,"
                                    + "\"peak_rss_mb\":%.1f,\"executor_memory\":\"%s\"}",
                            run, cores, cars.size(), tasks.get(), recordsRead.get(), wall, taskCpu, cpu,
                            peakRssMb(executor), memory));
                }
            } finally {
                spark.stop();
            }
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** utime + stime of a process, in seconds (/proc/PID/stat, clock ticks of 1/100 s). */
    static double processCpuSeconds(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** The process's peak resident set (VmHWM), MB. */
    static double peakRssMb(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
