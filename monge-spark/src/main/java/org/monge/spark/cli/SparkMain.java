package org.monge.spark.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point of {@code monge spark ...} (bin/monge routes "spark" here, with Spark on the class
 * path; the main monge jar carries no Spark). Same conventions as the main CLI: results on
 * stdout, a user's mistake is one line on stderr and exit 2, an internal failure one line and
 * exit 1 (MONGE_DEBUG=1 prints the stack trace). Spark's logging is off unless --verbose.
 */
public final class SparkMain {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

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
        CommandLine cmd = new CommandLine(new SparkCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("monge: " + oneLine(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter e = c.getErr();
            if (System.getenv("MONGE_DEBUG") != null) ex.printStackTrace(e);
            if (ex instanceof IllegalArgumentException || ex instanceof IOException || ex instanceof UncheckedIOException) {
                e.println("monge: error: " + oneLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
                return USER_ERROR;
            }
            e.println("monge: internal error: " + oneLine(ex.getClass().getSimpleName() + ": " + ex.getMessage()) + " (rerun with MONGE_DEBUG=1 for details)");
            return INTERNAL_ERROR;
        });
        try {
            return cmd.execute(args);
        } catch (Throwable t) {
            if (System.getenv("MONGE_DEBUG") != null) t.printStackTrace(err);
            err.println("monge: internal error: " + oneLine(t.toString()) + " (rerun with MONGE_DEBUG=1 for details)");
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String first = s.contains("\n\tat ") ? s.substring(0, s.indexOf("\n\tat ")) : s;
        return first.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
