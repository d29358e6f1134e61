package org.monge.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * How {@code monge} and {@code monge spark} end: a user's mistake (bad option, missing file, wrong
 * shape, invalid matrix: an IllegalArgumentException or an I/O failure) prints one line on stderr and
 * exits 2; an internal failure prints one line and exits 1 (MONGE_DEBUG=1 adds the stack trace).
 * Running out of heap is one line that says how to raise the limit (exit 2). Results go to stdout.
 */
public final class ErrorPolicy {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    private ErrorPolicy() {}

    /** Sets the handlers for wrong options and for failures of a command on {@code cmd}; returns it. */
    public static CommandLine install(CommandLine cmd) {
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("monge: " + oneLine(ex.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (debug()) ex.printStackTrace(err);
            if (isUserError(ex)) {
                err.println("monge: error: " + oneLine(message(ex)));
                return USER_ERROR;
            }
            err.println("monge: internal error: " + oneLine(ex.getClass().getSimpleName() + ": " + message(ex)) + DETAILS);
            return INTERNAL_ERROR;
        });
        return cmd;
    }

    /**
     * Executes {@code cmd} (handlers installed) on {@code args}; returns the exit code. An Error that
     * escapes picocli's handlers is still one line on the command's error stream.
     */
    public static int execute(CommandLine cmd, String... args) {
        PrintWriter err = cmd.getErr();
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) { // a user's input too large for the heap: say how to raise it
            err.println(Heap.outOfMemoryMessage());
            err.flush();
            return USER_ERROR;
        } catch (Throwable t) {
            if (debug()) t.printStackTrace(err);
            err.println("monge: internal error: " + oneLine(t.toString()) + DETAILS);
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    private static final String DETAILS = " (rerun with MONGE_DEBUG=1 for details)";

    private static boolean debug() {
        return System.getenv("MONGE_DEBUG") != null;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IOException || ex instanceof UncheckedIOException;
    }

    /** The message of a failure, worded as monge-core's readers word a missing or unreadable file. */
    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) return message(u.getCause());
        if (ex instanceof NoSuchFileException n) return n.getFile() + ": file not found";
        if (ex instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    /** {@code s} on one line; a stack trace embedded in a message (as Spark's exceptions carry) is cut off. */
    public static String oneLine(String s) {
        if (s == null) return "";
        int trace = s.indexOf("\n\tat ");
        return (trace < 0 ? s : s.substring(0, trace)).replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
