package org.monge.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point of the {@code monge} command. Errors end as {@link ErrorPolicy} says (one line; exit 2
 * for a user's mistake, 1 for an internal failure), the policy {@code monge spark} shares. Results go
 * to stdout.
 */
public final class Main {
    public static final int USER_ERROR = ErrorPolicy.USER_ERROR;
    public static final int INTERNAL_ERROR = ErrorPolicy.INTERNAL_ERROR;

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
            return ErrorPolicy.execute(cmd, args);
        } finally {
            Inputs.sendNotesTo(null);
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new MongeCommand());
        cmd.setExecutionStrategy(parsed -> {
            OptionRules.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        shareVersion(cmd, cmd.getCommandSpec().version());
        return ErrorPolicy.install(cmd);
    }

    /** Every subcommand and group answers -V/--version with the version of monge. */
    private static void shareVersion(CommandLine c, String[] version) {
        c.getCommandSpec().version(version);
        for (CommandLine sub : c.getSubcommands().values()) shareVersion(sub, version);
    }
}
