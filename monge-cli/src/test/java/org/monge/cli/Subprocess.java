package org.monge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the monge command in a separate JVM (the test's java and class path), as bin/monge does, for signals and heap limits. */
final class Subprocess {
    private Subprocess() {}

    /** Starts {@code java JVM_ARGS org.monge.cli.Main ARGS}; its output is discarded. */
    static Process monge(List<String> jvmArgs, String... args) throws IOException {
        return builder(jvmArgs, args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs it to the end; returns the exit code and stdout+stderr. */
    static Result run(List<String> jvmArgs, String... args) throws Exception {
        Path log = Files.createTempFile("monge-subprocess", ".log");
        try {
            Process p = builder(jvmArgs, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("monge " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    record Result(int exitCode, String output) {}

    private static ProcessBuilder builder(List<String> jvmArgs, String... args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
