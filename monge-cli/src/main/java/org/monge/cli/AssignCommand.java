package org.monge.cli;

import org.monge.discrete.exact.LinearAssignment;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code monge assign}: linear assignment (Jonker–Volgenant). */
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = "Linear assignment of rows to columns (square or rectangular). Forbidden pairs: inf (or -inf with --maximize). "
                + "Keys: cost, assignment (each row's column, or -1). Every row (column) of the smaller side must be assigned: "
                + "if the forbidden pairs prevent it, exit 2 with \"problem is infeasible: ...\".")
public final class AssignCommand extends ReportingCommand {
    @Option(names = "--cost", paramLabel = "FILE", required = true, description = "m×n cost matrix.") Path cost;
    @Option(names = "--maximize", description = "Maximise the total instead of minimising it.") boolean maximize;

    @Override
    protected Report compute() throws Exception {
        NdArray c = Inputs.array(cost, "--cost");
        if (c.rank() != 2) throw new IllegalArgumentException("--cost must be a matrix, got an array of rank " + c.rank());
        LinearAssignment solver = LinearAssignment.defaults().withMaximize(maximize);
        solver.requireAssignable(c.shape()[0], c.shape()[1], c.data());
        // the library's refusal of forbidden pairs that admit no full assignment is an infeasible problem, not a bad --cost
        LinearAssignment.Result r = Options.tag(Map.of("cost", "--cost", "the forbidden pairs", "problem is infeasible"), "--cost",
                () -> solver.solve(c.shape()[0], c.shape()[1], c.data()));
        return new Report().put("cost", r.cost()).put("assignment", r.rowToColumn());
    }
}
