package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.ExactGradient;
import org.monge.discrete.exact.MultiscaleNetworkSimplex;
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
                + "Solves longer than a few seconds print a line on stderr every few seconds. Point clouds (--x/--y, metric "
                + "sqeuclidean or euclidean) with at least " + EmdCommand.AUTO_PAIRS + " pairs are solved by the multiscale "
                + "network simplex (a sparse candidate set refined from coarse clusters, certified against every pair: the same "
                + "optimal cost, for 10^4 to 10^5 points and more); --multiscale forces it, --no-multiscale the plain solver. "
                + "Key solver: network_simplex or multiscale. " + TransportInputs.INFEASIBLE_HELP)
public final class EmdCommand extends ReportingCommand {
    /**
     * From this many pairs (m·n, 2000 × 2000) on, point clouds go to the multiscale solver unless --no-multiscale:
     * there it took 0.6× the plain solver's CPU time (costs on the fly; 4000 × 4000: 0.23×), at 1000 × 1000 1.3×
     * (docs/benchmarks.md, "i17-small"); below, both take well under a second.
     */
    static final long AUTO_PAIRS = 4_000_000;

    @Mixin TransportInputs inputs;
    @Option(names = "--max-iter", defaultValue = "2147483647", description = "Pivot limit (default: none).") int maxIter;
    @Option(names = "--multiscale", description = "Multiscale network simplex for point clouds (--x/--y, metric sqeuclidean or "
            + "euclidean) of any size, with its progress lines on stderr: exact, certified on all pairs, memory O(n + m) "
            + "instead of the plain solver's hours at 10^5 points. The default from " + AUTO_PAIRS + " pairs.")
    boolean multiscale;
    @Option(names = "--no-multiscale", description = "The plain network simplex on all pairs, also for large point clouds.")
    boolean noMultiscale;
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
        OptimalityCertificate cert;
        if (multiscale && noMultiscale) throw new IllegalArgumentException("--multiscale/--no-multiscale: give at most one of them");
        boolean useMultiscale = multiscale || (!noMultiscale && entries >= AUTO_PAIRS && c instanceof CostMatrix.FromPoints fp
                && (fp.metric() == Metric.SQEUCLIDEAN || fp.metric() == Metric.EUCLIDEAN));
        if (useMultiscale) {
            if (!(c instanceof CostMatrix.FromPoints fp)) {
                throw new IllegalArgumentException("--multiscale: needs --x/--y point clouds, not --cost");
            }
            if (fp.metric() != Metric.SQEUCLIDEAN && fp.metric() != Metric.EUCLIDEAN) {
                throw new IllegalArgumentException("--multiscale: needs --metric sqeuclidean or euclidean");
            }
            MultiscaleNetworkSimplex solver = MultiscaleNetworkSimplex.defaults().withMaxPivots(maxIter);
            if (multiscale) {
                solver = solver.withProgress(line -> {
                    err().println("monge emd: " + line);
                    err().flush();
                });
            }
            MultiscaleNetworkSimplex.Result ms;
            MultiscaleNetworkSimplex chosen = solver;
            try (Heartbeat h = Heartbeat.start("emd", err())) {
                ms = inputs.aboutCosts(() -> chosen.solve(TransportProblem.of(ma, mb, c)));
            }
            r = new NetworkSimplex.Result(ms.cost(), ms.plan(), ms.f(), ms.g(), (int) Math.min(Integer.MAX_VALUE, ms.pivots()),
                    NetworkSimplex.Status.valueOf(ms.status().name()));
            cert = ms.certificate();
        } else {
            try (Heartbeat h = Heartbeat.start("emd", err())) {
                r = inputs.aboutCosts(() -> NetworkSimplex.defaults().withMaxIterations(maxIter).solve(ma, mb, c));
            }
            if (r.status() == NetworkSimplex.Status.INFEASIBLE) {
                throw new IllegalArgumentException("problem is infeasible: the weights cannot be met using only finite-cost pairs");
            }
            cert = OptimalityCertificate.of(ma, mb, c, r);
        }
        if (!r.isOptimal()) {
            err().println("monge emd: no optimal plan (status " + r.status().name().toLowerCase(Locale.ROOT)
                    + "); cost omitted, nothing written");
            err().flush();
            Report stopped = new Report().put("status", r.status().name().toLowerCase(Locale.ROOT)).put("iterations", r.iterations())
                    .put("nonzeros", r.plan().nonzeros()).put("solver", solverName(useMultiscale));
            if (cert == null) return stopped; // the multiscale solver stopped by --max-iter: no certificate
            return stopped.put("duality_gap", cert.dualityGap()).put("marginal_error", cert.marginalError())
                    .put("dual_infeasibility", cert.dualInfeasibility());
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
                .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility())
                .put("solver", solverName(useMultiscale));
    }

    private static String solverName(boolean multiscale) {
        return multiscale ? "multiscale" : "network_simplex";
    }
}
