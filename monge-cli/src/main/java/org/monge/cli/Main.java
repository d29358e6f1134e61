package org.monge.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point of the {@code monge} command. A user's mistake (bad option, missing file, wrong
 * shape, invalid matrix) prints one line on stderr and exits 2; an internal failure prints one
 * line and exits 1 (set MONGE_DEBUG=1 for the stack trace). Results go to stdout.
 */
public final class Main {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        Inputs.sendNotesTo(err);
        try {
            return cmd.execute(args);
        } catch (Throwable t) { // an Error escaping picocli's handlers: still one line, never a trace
            if (System.getenv("MONGE_DEBUG") != null) t.printStackTrace(err);
            err.println("monge: internal error: " + oneLine(t.toString()) + " (rerun with MONGE_DEBUG=1 for details)");
            err.flush();
            return INTERNAL_ERROR;
        } finally {
            Inputs.sendNotesTo(null);
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new MongeCommand());
        cmd.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("monge: " + oneLine(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (System.getenv("MONGE_DEBUG") != null) ex.printStackTrace(err);
            if (isUserError(ex)) {
                err.println("monge: error: " + oneLine(message(ex)));
                return USER_ERROR;
            }
            err.println("monge: internal error: " + oneLine(ex.getClass().getSimpleName() + ": " + message(ex)) + " (rerun with MONGE_DEBUG=1 for details)");
            return INTERNAL_ERROR;
        });
        return cmd;
    }

    private static boolean isUserError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IOException || ex instanceof UncheckedIOException;
    }

    private static String message(Throwable ex) {
        if (ex instanceof java.nio.file.NoSuchFileException n) return "file not found: " + n.getFile();
        if (ex instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
