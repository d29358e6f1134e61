package org.monge.spark.cli;

import org.apache.spark.sql.SparkSession;
import org.monge.spark.MongeSpark;
import picocli.CommandLine.Option;

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
        SparkSession s = MongeSpark.localSession(master, ui, conf);
        if (verbose) s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /** Stops the session if this command started it. */
    void release(SparkSession s) {
        if (created) s.stop();
    }
}
