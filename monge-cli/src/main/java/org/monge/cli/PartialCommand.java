package org.monge.cli;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OptimalityCertificate;
import org.monge.discrete.unbalanced.PartialTransport;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code monge partial}: exact partial OT (a prescribed mass moved at least cost), with the certificate of its network simplex. */
@Command(name = "partial", mixinStandardHelpOptions = true,
        description = "Exact partial optimal transport: move the mass --mass (at most the smaller total of a and b, which need not "
                + "be equal) at least cost, by the network simplex on a problem with one dummy point on each side. "
                + "Keys: cost (only when status is optimal), mass (moved), status (optimal, iteration_limit or uncertified), "
                + "iterations, nonzeros, and the certificate of the augmented problem: duality_gap, marginal_error, "
                + "dual_infeasibility. The plan is written only when optimal. "
                + "The costs are held as a dense matrix (point clouds included); one too large for the heap is refused before solving. "
                + "A mass that cannot be moved using only finite-cost pairs is a user error: exit 2 with \"problem is infeasible: ...\".")
public final class PartialCommand extends ReportingCommand {
    @Mixin TransportInputs inputs;
    @Option(names = "--mass", required = true, paramLabel = "M",
            description = "Mass to move, in (0, min(Σa, Σb)]; with the default uniform weights both totals are 1.") double mass;
    @Option(names = "--max-iter", defaultValue = "2147483647", description = "Pivot limit (default: none).") int maxIter;
    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Where to write the n×m optimal plan (dense; rows are the source points).") Path planOut;

    @Override
    protected Report compute() throws Exception {
        CostMatrix c = inputs.costs();
        DiscreteMeasure ma = inputs.source(c.rows()), mb = inputs.target(c.cols());
        Options.tag("--mass", () -> Checks.partialMass(mass, ma.totalMass(), mb.totalMass()));
        PartialTransport solver = Options.tag("--max-iter", () -> PartialTransport.defaults().withMaxIterations(maxIter));
        long augmented = (c.rows() + 1L) * (c.cols() + 1L), entries = (long) c.rows() * c.cols();
        Heap.require(inputs.costOption(), "the dense " + (c.rows() + 1) + "×" + (c.cols() + 1) + " costs of the augmented problem",
                augmented, 16 * augmented);
        if (planOut != null) Heap.require("--plan-out", "the dense " + c.rows() + "×" + c.cols() + " plan", entries, 8 * entries);
        PartialTransport.Result r;
        try (Heartbeat h = Heartbeat.start("partial", err())) {
            r = inputs.aboutCosts(() -> solver.solve(ma, mb, c, mass));
        }
        if (r.status() == NetworkSimplex.Status.INFEASIBLE) {
            throw new IllegalArgumentException("problem is infeasible: the mass " + mass + " cannot be moved using only finite-cost pairs");
        }
        OptimalityCertificate cert = r.certificate();
        String status = r.status().name().toLowerCase(Locale.ROOT);
        Report report = new Report();
        if (r.converged()) {
            report.put("cost", r.cost());
            if (planOut != null) outputs.array(planOut, "--plan-out", new NdArray(new int[] {c.rows(), c.cols()}, r.plan().toDense()));
        } else {
            err().println("monge partial: no optimal plan (status " + status + "); cost omitted, nothing written");
            err().flush();
        }
        return report.put("mass", r.mass()).put("status", status).put("iterations", r.iterations())
                .put("nonzeros", r.plan().nonzeros()).put("duality_gap", cert.dualityGap())
                .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility());
    }
}
