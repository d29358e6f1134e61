package org.monge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Main builds only the subcommand a run names; every command path must answer exactly as the whole command does:
 * help, version, a missing subcommand or option, an unknown option, a bad value. The whole command is the reference.
 */
class QuickCommandLineTest {
    private record Answer(int exitCode, String out, String err) {}

    private static Answer run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = ErrorPolicy.execute(cmd, args);
        return new Answer(code, out.toString(), err.toString());
    }

    private static void paths(CommandLine c, List<String> prefix, List<List<String>> into) {
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            into.add(path);
            paths(e.getValue(), path, into);
        }
    }

    @Test
    void everyCommandAnswersAsTheWholeCommandDoes() {
        List<List<String>> paths = new ArrayList<>();
        paths(Main.commandLine(), List.of(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        List<List<String>> tails = List.of(List.of("--help"), List.of("-V"), List.of(), List.of("--no-such-option"),
                List.of("--seed", "x"), List.of("extra"));
        int compared = 0;
        CommandLine whole = Main.commandLine();
        for (List<String> path : paths) {
            CommandLine c = whole;
            for (String name : path) c = c.getSubcommands().get(name);
            boolean group = !c.getSubcommands().isEmpty();
            for (List<String> tail : tails) {
                // a command alone or with a stray argument may compute (a demo, figures): not a start-up question
                if (!group && (tail.isEmpty() || tail.equals(List.of("extra")))) continue;
                List<String> args = new ArrayList<>(path);
                args.addAll(tail);
                String[] a = args.toArray(String[]::new);
                assertThat(run(Main.commandLine(a), a)).as(String.join(" ", args)).isEqualTo(run(Main.commandLine(), a));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void aGroupAloneAndTheRootAnswerAsBefore() {
        for (String[] a : new String[][] {{"gaussian"}, {"gmm"}, {}, {"--help"}, {"-V"}, {"--version"}, {"-V", "gaussian"}, {"nosuch"}}) {
            Answer whole = run(Main.commandLine(), a);
            Answer quick = run(Main.commandLine(a), a);
            assertThat(quick).as(String.join(" ", a)).isEqualTo(whole);
        }
        assertThat(Main.commandLine(new String[] {"gaussian", "w2"}).getSubcommands()).containsOnlyKeys("gaussian");
        assertThat(Main.commandLine(new String[] {"gaussian", "w2"}).getSubcommands().get("gaussian").getSubcommands())
                .containsOnlyKeys("w2");
        assertThat(Main.commandLine(new String[] {"gaussian", "--help"}).getSubcommands().get("gaussian").getSubcommands())
                .hasSizeGreaterThan(3);
        assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands()).hasSizeGreaterThan(10);
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
    }

    @Test
    void theVersionAloneIsAnsweredWithoutPicocliAsPicocliWould() {
        for (String flag : List.of("-V", "--version")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {flag}, new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(new Answer(code, out.toString(), err.toString())).as(flag).isEqualTo(run(Main.commandLine(), flag));
        }
    }
}
