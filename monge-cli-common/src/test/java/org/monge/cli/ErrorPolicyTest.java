package org.monge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared error policy: each kind of failure ends in the exit code and the one line the class comment promises. */
class ErrorPolicyTest {
    /** Throws what --fail names. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--fail") String fail;

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "missing" -> throw new NoSuchFileException("/data/a.npy");
                case "wrapped" -> throw new UncheckedIOException(new NoSuchFileException("/data/a.npy"));
                case "denied" -> throw new AccessDeniedException("/data/a.npy");
                case "user" -> throw new IllegalArgumentException("--x: must be 2-D\n  got 3-D");
                case "bug" -> throw new IllegalStateException("broken\n\tat org.monge.Some.method(Some.java:1)");
                case "heap" -> throw new OutOfMemoryError("Java heap space");
                default -> {
                    return 0;
                }
            }
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = ErrorPolicy.install(new CommandLine(new Probe()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = ErrorPolicy.execute(cmd, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void userMistakesAreOneLineAndExitTwo() {
        for (List<String> c : List.of(List.of("missing", "monge: error: /data/a.npy: file not found"),
                List.of("wrapped", "monge: error: /data/a.npy: file not found"),
                List.of("denied", "monge: error: /data/a.npy: permission denied"),
                List.of("user", "monge: error: --x: must be 2-D got 3-D"))) {
            Run r = run("--fail", c.get(0));
            assertThat(r.code()).as(c.get(0)).isEqualTo(2);
            assertThat(r.err()).isEqualTo(c.get(1) + System.lineSeparator());
            assertThat(r.out()).isEmpty();
        }
        Run bad = run("--bogus");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("monge: Unknown option: '--bogus'").endsWith("(see 'probe --help')").doesNotContain("\n");
    }

    @Test
    void internalFailuresAreOneLineWithoutTheTraceAndExitOne() {
        Run r = run("--fail", "bug");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("monge: internal error: IllegalStateException: broken (rerun with MONGE_DEBUG=1 for details)");
    }

    @Test
    void runningOutOfHeapSaysHowToRaiseIt() {
        Run r = run("--fail", "heap");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("monge: error: out of memory").contains("MONGE_JAVA_OPTS=-Xmx");
    }

    @Test
    void successIsExitZero() {
        assertThat(run("--fail", "none").code()).isZero();
    }
}
