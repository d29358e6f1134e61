package org.monge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code monge} command. Errors end as {@link ErrorPolicy} says (one line; exit 2
 * for a user's mistake, 1 for an internal failure), the policy {@code monge spark} shares. Results go
 * to stdout. A run of one subcommand builds picocli's model of that subcommand alone: building all of them
 * (reflection over every option of every command) was most of a trivial command's start-up time
 * (docs/benchmarks.md, "Start-up of the monge command"); {@code --version} alone builds none and prints
 * {@link MongeCommand#VERSION} itself.
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
        if (versionAlone(args)) { // answered without picocli: its classes and model cost a trivial command most of its time
            out.println(MongeCommand.VERSION);
            out.flush();
            return 0;
        }
        CommandLine cmd = commandLine(args);
        cmd.setOut(out);
        cmd.setErr(err);
        Inputs.sendNotesTo(err);
        try {
            return ErrorPolicy.execute(cmd, args);
        } finally {
            Inputs.sendNotesTo(null);
        }
    }

    /** The whole command: every subcommand. */
    static CommandLine commandLine() {
        return configure(new CommandLine(new MongeCommand()));
    }

    /**
     * The command as far as {@code args} need it: when the first argument names a subcommand, a {@code monge}
     * holding that one subcommand (same name, version and help options; the subcommand as the whole command
     * has it, except that a group whose next argument names one of its own subcommands holds that one alone,
     * and so on down), and for {@code --version} alone a {@code monge} with no subcommand; otherwise (no
     * argument, help, any other option, a name that is no subcommand) the whole command.
     */
    static CommandLine commandLine(String[] args) {
        Class<?> chosen = named(MongeCommand.class, args, 0);
        if (chosen == null && !versionAlone(args)) return commandLine();
        CommandLine cmd = new CommandLine(bare(MongeCommand.class.getAnnotation(Command.class)));
        if (chosen != null) add(cmd, chosen, args, 1);
        return configure(cmd);
    }

    /** The subcommand of {@code group} that {@code args[k]} names, or null. */
    private static Class<?> named(Class<?> group, String[] args, int k) {
        if (args.length <= k || args[k].startsWith("-")) return null;
        for (Class<?> c : group.getAnnotation(Command.class).subcommands()) { // a plain loop: streams and lambdas cost a cold JVM
            if (names(c).contains(args[k])) return c;
        }
        return null;
    }

    /** Adds {@code command} to {@code parent}: the whole of it, or, for a group that args[k] looks into, that one branch. */
    private static void add(CommandLine parent, Class<?> command, String[] args, int k) {
        Class<?> sub = named(command, args, k);
        if (sub == null) {
            parent.addSubcommand(command);
            return;
        }
        Command a = command.getAnnotation(Command.class);
        CommandLine group = new CommandLine(bare(a));
        add(group, sub, args, k + 1);
        parent.addSubcommand(a.name(), group, a.aliases());
    }

    /** A command with the name, version and help options of {@code a}, and nothing else. */
    private static CommandSpec bare(Command a) {
        return CommandSpec.create().name(a.name()).version(a.version()).mixinStandardHelpOptions(a.mixinStandardHelpOptions());
    }

    private static boolean versionAlone(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(Arrays.asList(c.aliases()));
        names.add(c.name());
        return names;
    }

    private static CommandLine configure(CommandLine cmd) {
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
