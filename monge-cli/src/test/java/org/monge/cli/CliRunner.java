package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/** Runs the CLI in-process and captures its streams (shared by the CLI tests). */
public record CliRunner(int exitCode, String out, String err) {
    public static CliRunner run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRunner(code, out.toString(), err.toString());
    }

    /** The arguments head followed by tail: a base command line with more options. */
    public static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    public JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("stdout is not JSON: " + out, e);
        }
    }

    /** A user error: exit 2 and exactly one line on stderr, no stack trace. */
    public boolean isOneLineUserError() {
        String e = err.strip();
        return exitCode == Main.USER_ERROR && !e.isEmpty() && !e.contains("\n") && !e.contains("\tat ") && out.isEmpty();
    }
}
