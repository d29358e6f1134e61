package org.monge.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Base of every subcommand that prints a result: the --json switch and the output streams. */
public abstract class ReportingCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Computes the result; user mistakes throw IllegalArgumentException. */
    protected abstract Report compute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        Report r = compute();
        r.print(spec.commandLine().getOut(), json);
        return 0;
    }

    protected java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
