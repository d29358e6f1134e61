package org.monge.spark.cluster;

import org.apache.spark.sql.SparkSession;
import org.monge.spark.MongeSpark;
import org.monge.spark.cli.ExecutorJars;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for the tests: one master and {@code workers} workers,
 * each a separate JVM ({@code org.apache.spark.deploy.master.Master} and {@code deploy.worker.Worker}
 * from the Spark jars on the test class path) bound to 127.0.0.1 on free ports, one core and a small
 * heap each (two cores a worker: the tests' session takes one on each, a second application such as
 * a {@code bin/monge spark} or {@code spark-submit} process the other). The cluster's Spark home is laid out as a
 * distribution's: its {@code jars/} holds the test class path's third-party jars (Spark and its dependencies, and
 * the test libraries), which is all the class path the executors the workers start get, and what
 * {@code spark-submit} puts on its own ({@code java -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit}).
 * Monge's own classes (main and test, of every module) and monge-core's matrix libraries reach the executors
 * through {@code spark.jars}, as they do from {@code bin/monge spark --master spark://...}, so a class
 * that is not shipped, a static that is not set in the executor, or a value that does not serialise
 * fails here as it would on a real cluster. Classes whose simple name starts with {@code DriverOnly}
 * are left out of the shipped jars on purpose (a test shows that using one fails).
 * {@link #close} stops the daemons; a shutdown hook does too, and the daemons exit when this JVM's
 * end of their standard input closes ({@link SparkClusterDaemon}).
 */
public final class SparkCluster implements AutoCloseable {
    /** Class names left out of the shipped jars: the test of "not shipped means not there". */
    public static final String NOT_SHIPPED_PREFIX = "DriverOnly";
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 90_000;

    private final Path home;
    private final List<Process> daemons = new ArrayList<>();
    private final String masterUrl;
    private final String shippedJars;
    private final int workers;
    private final Thread hook = new Thread(this::stopDaemons, "spark-cluster-stop");

    private SparkCluster(int workers) throws IOException {
        this.workers = workers;
        // not named monge-*: ExecutorJars ships every class-path entry whose path has "/monge-" in it
        home = Files.createTempDirectory("spark-test-cluster");
        Runtime.getRuntime().addShutdownHook(hook);
        Path jars = Files.createDirectories(sparkHome().resolve("jars")); // a worker's executors get jars/* (Spark's launcher)
        Files.writeString(sparkHome().resolve("RELEASE"), "Spark 4.0.4 jars from the monge-spark test class path\n");
        for (String e : testClassPath()) {
            if (ExecutorJars.isShipped(e) || !e.endsWith(".jar")) continue;
            String name = Path.of(e).getFileName().toString();
            Path link = jars.resolve(name);
            for (int k = 2; Files.exists(link, LinkOption.NOFOLLOW_LINKS); k++) link = jars.resolve(k + "-" + name);
            Files.createSymbolicLink(link, Path.of(e).toAbsolutePath());
        }
        shippedJars = String.join(",", ExecutorJars.of(testClassPath(), home,
                file -> !file.startsWith(NOT_SHIPPED_PREFIX) && !file.contains("$" + NOT_SHIPPED_PREFIX)));
        int port = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        start("master", "org.apache.spark.deploy.master.Master", "--host", HOST, "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort()));
        awaitPort(port);
        for (int w = 0; w < workers; w++) {
            Path work = Files.createDirectories(home.resolve("worker-" + w));
            start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--cores", "2", "--memory", "1100m",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), masterUrl);
        }
    }

    /** Starts the master and the workers; the caller closes the cluster. */
    public static SparkCluster start(int workers) {
        try {
            return new SparkCluster(workers);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the Spark test cluster", e);
        }
    }

    public String masterUrl() { return masterUrl; }

    public int workers() { return workers; }

    /** The Spark settings an application on this cluster needs: the shipped jars, small executors. */
    public Map<String, String> applicationConf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.driver.host", HOST);
        c.put("spark.driver.bindAddress", HOST);
        c.put("spark.executor.memory", "512m");
        c.put("spark.executor.cores", "1");
        c.put("spark.cores.max", Integer.toString(workers));
        c.put("spark.jars", shippedJars);
        c.put("spark.ui.enabled", "false");
        c.put("spark.task.maxFailures", "2"); // tests provoke failing tasks; Spark's 4 tries only cost time
        c.put("spark.sql.shuffle.partitions", "4");
        c.putAll(MongeSpark.SESSION_DEFAULTS);
        return c;
    }

    /** The jars Monge ships to the executors (comma-separated): the Monge entries of the test class path, folders packed. */
    public String shippedJars() { return shippedJars; }

    /** The cluster's Spark home: {@code jars/} holds Spark and the other third-party jars, as a distribution's does. */
    public Path sparkHome() { return home.resolve("spark-home"); }

    /** The applications whose executors the workers have run (their folders in the workers' work dirs). */
    public Set<String> applications() {
        Set<String> out = new TreeSet<>();
        for (int w = 0; w < workers; w++) {
            try (Stream<Path> apps = Files.list(home.resolve("worker-" + w))) {
                apps.map(a -> a.getFileName().toString()).filter(a -> a.startsWith("app-")).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("listing worker " + w + "'s applications", e);
            }
        }
        return out;
    }

    /** The address executors and drivers bind to. */
    public static String host() { return HOST; }

    /** A session on this cluster that returns once every worker's executor has registered. */
    public SparkSession session(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(masterUrl);
        for (Map.Entry<String, String> e : applicationConf().entrySet()) b = b.config(e.getKey(), e.getValue());
        SparkSession s = b.getOrCreate();
        awaitExecutors(s);
        return s;
    }

    /** Waits until every worker runs an executor of this session (the driver counts as one more entry). */
    public void awaitExecutors(SparkSession s) {
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (s.sparkContext().statusTracker().getExecutorInfos().length < workers + 1) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("Spark test cluster: executors did not register within "
                        + START_TIMEOUT_MS / 1000 + " s; daemon logs in " + home);
            }
            sleep(100);
        }
    }

    /** The test JVM's class path (Surefire's, when it runs the tests through a manifest-only jar). */
    public static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) if (!e.isBlank()) out.add(e);
        return out;
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, testClassPath()), SparkClusterDaemon.class.getName(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome().toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_LOCAL_DIRS", home.toString());
        env.remove("SPARK_CONF_DIR");
        daemons.add(pb.start());
    }

    private void awaitPort(int port) {
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            for (Process p : daemons) {
                if (!p.isAlive()) throw new IllegalStateException("Spark test cluster: a daemon exited; logs in " + home);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("Spark test cluster: master did not start; logs in " + home);
                }
                sleep(100);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("finding a free port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Spark test cluster", e);
        }
    }

    /** The daemons' processes (master first), for tests that check they are separate JVMs. */
    public List<ProcessHandle> daemons() {
        return daemons.stream().map(Process::toHandle).toList();
    }

    private synchronized void stopDaemons() {
        for (Process p : daemons) {
            try (OutputStream in = p.getOutputStream()) {
                in.flush(); // closing it ends the daemon (SparkClusterDaemon)
            } catch (IOException ignored) {
                // already gone
            }
            p.destroy();
        }
        for (Process p : daemons) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
        deleteQuietly(home);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp files: the OS cleans them up eventually
        }
    }

    @Override
    public void close() {
        stopDaemons();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already in shutdown: the hook is running or has run
        }
    }
}
