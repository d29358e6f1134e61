package org.monge.spark.cli;

import org.apache.spark.sql.SparkSession;
import org.monge.spark.MongeSpark;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every Spark subcommand shares: where to run, extra Spark settings, output form. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. spark://HOST:7077 (default: spark-submit's --master when run by it, else local[*]).")
    String master;
    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. --conf spark.driver.memory=8g.")
    Map<String, String> conf = new LinkedHashMap<>();
    @Option(names = "--ui", description = "Start Spark's web UI (progress per stage and task).")
    boolean ui;
    @Option(names = "--verbose", description = "Show Spark's own log (warnings and up) on stderr.")
    boolean verbose;
    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    private boolean created;

    /** The session: a new one, or the application's own when one is already running (then left running). */
    SparkSession session() {
        // spark-submit passes its --master as the system property spark.master
        if (master == null) master = System.getProperty("spark.master", "local[*]");
        requireMasterAnswers(master);
        created = SparkSession.getDefaultSession().isEmpty();
        Map<String, String> settings = new LinkedHashMap<>();
        // spark-submit passes its application jar and --jars as spark.jars: those are the executors' then
        boolean jarsGiven = conf.containsKey("spark.jars") || System.getProperty("spark.jars") != null;
        if (!master.startsWith("local") && !jarsGiven) settings.put("spark.jars", ExecutorJars.forThisJvm());
        settings.putAll(conf);
        SparkSession s = MongeSpark.localSession(master, ui, settings);
        if (verbose) s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /**
     * Refuses a {@code spark://host:port[,host:port...]} master none of whose addresses accepts a
     * connection within {@link #CONNECT_TIMEOUT_MS}, before Spark starts: Spark itself would retry for a
     * minute and then fail with a stack trace.
     */
    static void requireMasterAnswers(String url) {
        if (!url.startsWith("spark://")) return;
        String why = "";
        for (String hostPort : url.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("--master: " + url + ": expected spark://HOST:PORT");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new IllegalArgumentException("--master: " + url + ": no Spark master answers (" + why + ")");
    }

    /** How long {@link #requireMasterAnswers} waits for each master address. */
    static final int CONNECT_TIMEOUT_MS = 5000;

    /** Refuses a missing local input before Spark starts, worded as monge words it (a URL is Spark's to check). */
    static void requireExists(String option, String path) {
        if (!path.contains("://") && !Files.exists(Path.of(path))) {
            throw new IllegalArgumentException(option + ": " + path + ": file not found");
        }
    }

    /** Stops the session if this command started it. */
    void release(SparkSession s) {
        if (created) s.stop();
    }
}
