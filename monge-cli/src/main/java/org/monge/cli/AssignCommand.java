package org.monge.cli;

import org.monge.discrete.LinearAssignment;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code monge assign}: linear assignment (Jonker–Volgenant). */
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = "Linear assignment of rows to columns (square or rectangular). Forbidden pairs: inf (or -inf with --maximize). "
                + "Keys: cost, assignment (each row's column, or -1).")
public final class AssignCommand extends ReportingCommand {
    @Option(names = "--cost", paramLabel = "FILE", required = true, description = "m×n cost matrix.") Path cost;
    @Option(names = "--maximize", description = "Maximise the total instead of minimising it.") boolean maximize;

    @Override
    protected Report compute() throws Exception {
        NdArray c = Inputs.array(cost, "--cost");
        if (c.rank() != 2) throw new IllegalArgumentException("--cost must be a matrix, got an array of rank " + c.rank());
        LinearAssignment.Result r;
        try {
            r = LinearAssignment.defaults().withMaximize(maximize).solve(c.shape()[0], c.shape()[1], c.data());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cost: " + e.getMessage().replaceFirst("^cost: ", ""), e);
        }
        return new Report().put("cost", r.cost()).put("assignment", r.rowToColumn());
    }
}
