package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.ExactGradient;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OptimalityCertificate;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code monge emd}: exact discrete OT by the network simplex, with its optimality certificate. */
@Command(name = "emd", mixinStandardHelpOptions = true,
        description = "Exact optimal transport (Kantorovich LP, network simplex) between weights a and b. "
                + "Keys: cost (only when status is optimal), status (optimal, iteration_limit or uncertified: the certificate fails "
                + "because the costs span too wide a range), iterations, nonzeros, duality_gap, marginal_error, dual_infeasibility. "
                + "The plan is written only when optimal; a dense plan too large for the heap is refused before solving. "
                + "Solves longer than a few seconds print a line on stderr every few seconds. " + TransportInputs.INFEASIBLE_HELP)
public final class EmdCommand extends ReportingCommand {
    @Mixin TransportInputs inputs;
    @Option(names = "--max-iter", defaultValue = "2147483647", description = "Pivot limit (default: none).") int maxIter;
    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Where to write the n×m optimal plan (dense; rows are the source points).") Path planOut;
    @Option(names = "--potentials-out", paramLabel = "PREFIX",
            description = "Write the dual potentials to PREFIX_u.npy and PREFIX_v.npy.") String potentialsOut;
    @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of the cost (W_p^p for |x-y|^p) from the optimal "
            + "plan and potentials; a subgradient where they are not unique. " + GradientFiles.HELP) String gradOut;

    @Override
    protected Report compute() throws Exception {
        CostMatrix c = inputs.costs();
        DiscreteMeasure ma = inputs.source(c.rows()), mb = inputs.target(c.cols());
        Options.tagVoid("--a/--b", () -> DiscreteMeasure.requireBalanced(ma, mb));
        TransportProblem.of(ma, mb, c).requireFeasible();
        long entries = (long) c.rows() * c.cols();
        if (planOut != null) Heap.require("--plan-out", "the dense " + c.rows() + "×" + c.cols() + " plan", entries, 8 * entries);
        NetworkSimplex.Result r;
        try (Heartbeat h = Heartbeat.start("emd", err())) {
            r = inputs.aboutCosts(() -> NetworkSimplex.defaults().withMaxIterations(maxIter).solve(ma, mb, c));
        }
        if (r.status() == NetworkSimplex.Status.INFEASIBLE) {
            throw new IllegalArgumentException("problem is infeasible: the weights cannot be met using only finite-cost pairs");
        }
        OptimalityCertificate cert = OptimalityCertificate.of(ma, mb, c, r);
        if (!r.isOptimal()) {
            err().println("monge emd: no optimal plan (status " + r.status().name().toLowerCase(Locale.ROOT)
                    + "); cost omitted, nothing written");
            err().flush();
            return new Report().put("status", r.status().name().toLowerCase(Locale.ROOT)).put("iterations", r.iterations())
                    .put("nonzeros", r.plan().nonzeros()).put("duality_gap", cert.dualityGap())
                    .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility());
        }
        if (planOut != null) outputs.array(planOut, "--plan-out", new NdArray(new int[] {c.rows(), c.cols()}, r.plan().toDense()));
        if (potentialsOut != null) {
            outputs.array(Path.of(potentialsOut + "_u.npy"), "--potentials-out", NdArray.vector(r.f()));
            outputs.array(Path.of(potentialsOut + "_v.npy"), "--potentials-out", NdArray.vector(r.g()));
        }
        if (gradOut != null) GradientFiles.stage(outputs, gradOut, ExactGradient.fromSolution(TransportProblem.of(ma, mb, c), r), false);
        return new Report().put("cost", r.cost()).put("status", r.status().name().toLowerCase(Locale.ROOT))
                .put("iterations", r.iterations())
                .put("nonzeros", r.plan().nonzeros()).put("duality_gap", cert.dualityGap())
                .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility());
    }
}
