package org.monge.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every subcommand that prints a result: the --json switch, the output streams, and the
 * order that keeps outputs safe: check every output option, compute, write the staged files, print.
 */
public abstract class ReportingCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The files this run writes, staged by {@link #compute} and written only once it has succeeded. */
    protected final Outputs outputs = new Outputs();

    /** Computes the result; user mistakes throw IllegalArgumentException. */
    protected abstract Report compute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        Outputs.check(spec);
        Report r = compute();
        outputs.commit();
        r.print(spec.commandLine().getOut(), json);
        return 0;
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
