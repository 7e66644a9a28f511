package carport.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: one Master and N Workers, each its own JVM started
 * from {@code $SPARK_HOME/jars} (Maven Central's Spark jars, copied there by the build). Every process gets
 * {@code SPARK_LOCAL_IP=127.0.0.1} and explicit {@code --host 127.0.0.1}, so nothing listens beyond loopback
 * ({@link #nonLoopbackListeners()} checks it). {@link #close()} kills every process it started and their
 * children (the executors), also when the test failed.
 */
final class StandaloneCluster implements AutoCloseable {
    /** The --add-opens Spark needs on JDK 17 (Spark's launcher adds them; we start the JVMs ourselves). */
    static final List<String> JVM_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path sparkHome;
    private final Path workDir;
    private final String java;
    private final int masterPort;
    private Process master;
    private final List<Process> workers = new ArrayList<>();
    /** Stops the cluster if the test JVM is ended before close() (e.g. by a build timeout). */
    private final Thread hook = new Thread(this::stopAll, "stop spark test cluster");

    private StandaloneCluster(Path sparkHome, Path workDir, String java) throws IOException {
        this.sparkHome = sparkHome;
        this.workDir = workDir;
        this.java = java;
        this.masterPort = freePort();
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code coresPerWorker} cores and {@code memoryPerWorker}
     * (e.g. "1g") each, and waits until every Worker has registered. On any failure what was started is stopped.
     */
    static StandaloneCluster start(Path sparkHome, Path workDir, int workers, int coresPerWorker,
            String memoryPerWorker) throws IOException, InterruptedException {
        Path jars = sparkHome.resolve("jars");
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException("no Spark jars in " + jars + ": the Maven build copies them there");
        }
        // The launcher library (which builds the executors' command line) takes $SPARK_HOME/jars as the
        // class path only in a release layout, which it recognises by this file.
        Path release = sparkHome.resolve("RELEASE");
        if (!Files.exists(release)) {
            Files.writeString(release, "Spark jars from Maven Central, for carport's tests\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StandaloneCluster c = new StandaloneCluster(sparkHome, workDir, java);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.master = c.launch("master", List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(c.masterPort),
                    "--webui-port", Integer.toString(freePort())));
            waitForPort(c.masterPort, c.master, Duration.ofSeconds(60));
            for (int i = 0; i < workers; i++) {
                Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
                c.workers.add(c.launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--port", Integer.toString(freePort()),
                        "--webui-port", Integer.toString(freePort()),
                        "--cores", Integer.toString(coresPerWorker), "--memory", memoryPerWorker,
                        "--work-dir", dir.toString(), c.masterUrl())));
            }
            c.awaitWorkersRegistered(workers, Duration.ofSeconds(90));
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path sparkHome() {
        return sparkHome;
    }

    List<Process> workers() {
        return List.copyOf(workers);
    }

    /** Kills a Worker and its executor at once (SIGKILL), as if its machine had gone away. */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    /** The Worker whose descendants include the JVM with this pid (an executor), or -1. */
    int workerOfPid(long pid) {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).descendants().anyMatch(p -> p.pid() == pid)) {
                return i;
            }
        }
        return -1;
    }

    /** The pids of the executors the Workers run (their child JVMs). */
    List<Long> executorPids() {
        List<Long> out = new ArrayList<>();
        for (Process w : workers) {
            w.children().forEach(c -> out.add(c.pid()));
        }
        return out;
    }

    /** Every pid this cluster runs: Master, Workers and their children (executors). */
    Set<Long> pids() {
        Set<Long> pids = new HashSet<>();
        Stream.concat(Stream.of(master), workers.stream()).filter(p -> p != null).forEach(p -> {
            pids.add(p.pid());
            p.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    /**
     * Listening TCP sockets of the given processes bound to anything but loopback, as "pid address:port"
     * lines; empty when everything listens on 127.0.0.1 (or ::1). Read from /proc: each process's socket
     * inodes (/proc/PID/fd) against the listening sockets in /proc/net/tcp and tcp6.
     */
    static List<String> nonLoopbackListeners(Set<Long> pids) throws IOException {
        List<String> bad = new ArrayList<>();
        for (long pid : pids) {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String t = Files.readSymbolicLink(fd).toString();
                        if (t.startsWith("socket:[")) {
                            inodes.add(t.substring(8, t.length() - 1));
                        }
                    } catch (IOException gone) {
                        // closed meanwhile
                    }
                }
            } catch (IOException exited) {
                continue;
            }
            for (String table : List.of("tcp", "tcp6")) {
                List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
                for (String address : nonLoopbackListening(lines, inodes)) {
                    bad.add(pid + " " + address);
                }
            }
        }
        return bad;
    }

    /** Of a /proc/net/tcp{,6} table, the local addresses of listening sockets in {@code inodes} not on loopback. */
    static List<String> nonLoopbackListening(List<String> table, Set<String> inodes) {
        List<String> out = new ArrayList<>();
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] f = line.trim().split("\\s+");
            // f[1] local address hex:port, f[3] state (0A = LISTEN), f[9] inode
            if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9]) && !isLoopback(f[1])) {
                out.add(f[1]);
            }
        }
        return out;
    }

    private static boolean isLoopback(String hexAddressAndPort) {
        String a = hexAddressAndPort.substring(0, hexAddressAndPort.indexOf(':'));
        return a.equals("0100007F") // 127.0.0.1
                || a.equals("0000000000000000FFFF00000100007F") // ::ffff:127.0.0.1
                || a.equals("00000000000000000000000001000000"); // ::1
    }

    /** The last lines of a process's log, for failure messages. */
    String logTail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(workDir.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    private synchronized void stopAll() {
        List<Process> all = new ArrayList<>(workers);
        if (master != null) {
            all.add(master);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_OPENS);
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dspark.master.rest.enabled=false");
        cmd.add("-Dspark.worker.timeout=10");
        cmd.add("-Dspark.ui.showConsoleProgress=false");
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_LOG_DIR", workDir.toString());
        env.remove("SPARK_CONF_DIR");
        env.remove("SPARK_CLASSPATH");
        pb.redirectErrorStream(true);
        pb.redirectOutput(workDir.resolve(name + ".log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private void awaitWorkersRegistered(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int registered = 0;
            for (int i = 0; i < workers.size(); i++) {
                if (!workers.get(i).isAlive()) {
                    throw new IllegalStateException("worker " + i + " exited:\n" + logTail("worker-" + i, 30));
                }
                if (logTail("worker-" + i, 200).contains("Successfully registered with master")) {
                    registered++;
                }
            }
            if (registered == n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("workers did not register within " + timeout + ":\n"
                + logTail("master", 30) + "\n" + logTail("worker-0", 30));
    }

    private static void waitForPort(int port, Process p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Spark master exited (code " + p.exitValue() + ")");
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on 127.0.0.1:" + port);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
