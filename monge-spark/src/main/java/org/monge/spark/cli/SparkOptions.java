package org.monge.spark.cli;

import org.apache.spark.sql.SparkSession;
import org.monge.spark.MongeSpark;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every Spark subcommand shares: where to run, extra Spark settings, output form. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
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
        created = SparkSession.getDefaultSession().isEmpty();
        Map<String, String> settings = new LinkedHashMap<>();
        if (!master.startsWith("local") && !conf.containsKey("spark.jars")) settings.put("spark.jars", executorJars());
        settings.putAll(conf);
        SparkSession s = MongeSpark.localSession(master, ui, settings);
        if (verbose) s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /**
     * On a cluster the executors need Monge's classes and monge-core's matrix libraries (Spark
     * brings the rest): those entries of this JVM's class path, comma-separated.
     */
    static String executorJars() {
        StringBuilder b = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = e.replace('\\', '/');
            if (n.endsWith(".jar") && (n.contains("/monge-") || n.contains("/org/ejml/") || n.contains("/dev/ludovic/netlib/"))) {
                b.append(b.length() > 0 ? "," : "").append(e);
            }
        }
        return b.toString();
    }

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
