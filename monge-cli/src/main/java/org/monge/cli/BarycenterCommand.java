package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.discrete.unbalanced.UnbalancedBarycenter;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code monge barycenter}: entropic W barycenter of histograms on a shared support. */
@Command(name = "barycenter", mixinStandardHelpOptions = true,
        description = "Entropic Wasserstein barycenter of K histograms on one support (log-domain iterative Bregman projections "
                + "with epsilon-scaling). Keys: iterations, residual (marginal violation; null if not finite), converged, out. "
                + "Not converging within --max-iter is reported (converged: false, a line on stderr, exit 0); --out then holds "
                + "the last iterate. With --tau the unbalanced barycenter (KL-relaxed marginals, POT's barycenter_unbalanced): "
                + "the histograms keep their masses and the key mass is added; residual is then the last change of the potentials "
                + "relative to epsilon, and the key objective (the primal value at the returned potentials) is added. With --tv the same "
                + "with total-variation penalties rho |pi_k 1 - p| + rho |pi_k^T 1 - b_k|: mass created or destroyed at the price rho; "
                + "keys mass, tv, objective.")
public final class BarycenterCommand extends ReportingCommand {
    @Option(names = "--histograms", required = true, paramLabel = "FILE",
            description = "K×N matrix, one histogram a row (each normalised).") Path histograms;
    @Option(names = "--support", paramLabel = "FILE", description = "The N support points (N×d); costs from --metric.") Path support;
    @Option(names = "--cost", paramLabel = "FILE", description = "N×N cost matrix (instead of --support).") Path cost;
    @Option(names = "--metric", defaultValue = "sqeuclidean",
            description = "Ground cost for --support (default: ${DEFAULT-VALUE}).") String metric;
    @Option(names = "--weights", paramLabel = "FILE", description = "K barycentric weights (default: equal).") Path weights;
    @Option(names = "--epsilon", required = true, description = "Regularisation epsilon (> 0).") double epsilon;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "Stop when the L1 change of the barycenter is at most this (default: ${DEFAULT-VALUE}).") double tol;
    @Option(names = "--max-iter", defaultValue = "100000",
            description = "Iteration limit, over all epsilon-scaling stages (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--tau", paramLabel = "T",
            description = "Unbalanced barycenter: penalty tau of the KL marginal terms (> 0; Infinity is the balanced one).")
    Double tau;
    @Option(names = "--tv", paramLabel = "RHO", description = "Unbalanced barycenter with total-variation marginal penalties rho "
            + "(> 0; Infinity is the balanced one); give --tau or --tv, not both.")
    Double tv;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the barycenter (N weights).") Path out;

    @Override
    protected Report compute() throws Exception {
        Matrix h = Inputs.matrix(histograms, "--histograms");
        if ((support == null) == (cost == null)) throw new IllegalArgumentException("--support/--cost: give exactly one of them");
        CostMatrix c;
        if (cost != null) {
            Inputs.requireFits(cost, "--cost", 3);
            Matrix m = Inputs.matrix(cost, "--cost");
            c = Options.tag("--cost", () -> CostMatrix.dense(m));
        } else {
            Matrix s = Inputs.points(support, "--support");
            Metric mt = Options.tag("--metric", () -> Metric.named(metric));
            c = CostMatrix.fromPoints(s, s, mt);
        }
        if (c.rows() != c.cols() || c.cols() != h.cols()) {
            throw new IllegalArgumentException("--histograms has " + h.cols() + " columns but the support has " + c.rows() + " points"
                    + (c.rows() != c.cols() ? " (and --cost is not square)" : ""));
        }
        List<double[]> hs = new ArrayList<>();
        for (int k = 0; k < h.rows(); k++) hs.add(h.row(k));
        double[] lam = new double[h.rows()];
        Arrays.fill(lam, 1.0);
        if (weights != null) lam = Inputs.vector(weights, "--weights");
        String costOption = cost != null ? "--cost" : "--support";
        if (tau != null && tv != null) throw new IllegalArgumentException("--tv: give either --tau or --tv, not both");
        if (tau != null && tau.isInfinite()) tau = null; // τ = ∞: both marginals exact, the balanced barycenter
        if (tv != null && tv.isInfinite()) tv = null; // likewise ρ = ∞
        if (tau != null || tv != null) return unbalanced(hs, lam, c, costOption);
        // --epsilon, --tol and --max-iter are in range (OptionRules), so building the solver cannot fail
        EntropicBarycenter solver = EntropicBarycenter.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter);
        double[] lambdas = lam;
        EntropicBarycenter.Result r = Options.tag(
                Map.of("lambdas", "--weights", "histogram", "--histograms", "histograms", "--histograms"),
                costOption, () -> solver.solve(hs, lambdas, c));
        outputs.array(out, "--out", NdArray.vector(r.barycenter()));
        if (!r.converged()) {
            err().printf(Locale.ROOT, "monge barycenter: not converged after %d iterations (residual %.3g > --tol %.3g); "
                    + "--out holds the last iterate%n", r.iterations(), r.residual(), tol);
            err().flush();
        }
        Double residual = Double.isFinite(r.residual()) ? r.residual() : null;
        return new Report().put("iterations", r.iterations()).put("residual", residual).put("converged", r.converged())
                .put("out", out.toString());
    }

    /** The unbalanced barycenter at the finite --tau or --tv. */
    private Report unbalanced(List<double[]> hs, double[] lambdas, CostMatrix c, String costOption) throws Exception {
        UnbalancedBarycenter s = UnbalancedBarycenter.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter);
        UnbalancedBarycenter solver = tv != null ? s.withTv(tv) : s.withTau(tau);
        UnbalancedBarycenter.Result r = Options.tag(
                Map.of("lambdas", "--weights", "histogram", "--histograms", "histograms", "--histograms"),
                costOption, () -> solver.solve(hs, lambdas, c));
        if (r.status() == UnbalancedBarycenter.Status.NUMERICAL_ERROR) {
            throw new IllegalArgumentException("--epsilon: the unbalanced barycenter broke down numerically; --out was not written");
        }
        outputs.array(out, "--out", NdArray.vector(r.barycenter()));
        if (!r.converged()) {
            err().printf(Locale.ROOT, "monge barycenter: not converged after %d iterations (change %.3g > --tol %.3g); "
                    + "--out holds the last iterate%n", r.iterations(), r.change(), tol);
            err().flush();
        }
        Report rep = new Report().put("iterations", r.iterations()).put("residual", r.change()).put("converged", r.converged())
                .put("mass", r.mass()).put("objective", r.objective());
        rep = tv != null ? rep.put("tv", tv) : rep.put("tau", tau);
        return rep.put("out", out.toString());
    }
}
