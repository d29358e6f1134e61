package org.monge.spark.cli;

import org.monge.cli.ErrorPolicy;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point of {@code monge spark ...} (bin/monge routes "spark" here, with Spark on the class
 * path; the main monge jar carries no Spark). Same conventions as the main CLI, from the same
 * {@link ErrorPolicy}: results on stdout, a user's mistake is one line on stderr and exit 2, an
 * internal failure one line and exit 1 (MONGE_DEBUG=1 prints the stack trace). Spark's logging is
 * off unless --verbose.
 */
public final class SparkMain {
    public static final int USER_ERROR = ErrorPolicy.USER_ERROR;
    public static final int INTERNAL_ERROR = ErrorPolicy.INTERNAL_ERROR;

    private SparkMain() {}

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Points log4j2 at the CLI's configuration before Spark first logs (unless the user chose one). */
    static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/monge/spark/cli/log4j2-cli.properties");
        }
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = ErrorPolicy.install(new CommandLine(new SparkCommand()));
        cmd.setOut(out);
        cmd.setErr(err);
        return ErrorPolicy.execute(cmd, args);
    }
}
