package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.discrete.unbalanced.UnbalancedSinkhornDivergence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge sinkhorn-divergence}: the debiased Sinkhorn divergence between two point clouds. */
@Command(name = "sinkhorn-divergence", mixinStandardHelpOptions = true,
        description = "Debiased Sinkhorn divergence S_eps = OT(a,b) - OT(a,a)/2 - OT(b,b)/2 "
                + "(log-domain Sinkhorn, as 'monge sinkhorn' by default). "
                + "Keys: divergence, converged. With --tau (or --reach) the unbalanced divergence of Sejourne et al. (2019), "
                + "S = OT(a,b) - OT(a,a)/2 - OT(b,b)/2 + eps/2 (mass_a - mass_b)^2 with KL-relaxed marginals: "
                + "keys divergence, mass_a, mass_b, converged, status. With --tv the same with total-variation penalties "
                + "rho |pi 1 - a| + rho |pi^T 1 - b| (mass created or destroyed at the price rho a unit; same mass term).")
public final class SinkhornDivergenceCommand extends ReportingCommand {
    @Option(names = "--x", required = true, paramLabel = "FILE", description = "Source points, n×d.") Path x;
    @Option(names = "--y", required = true, paramLabel = "FILE", description = "Target points, m×d.") Path y;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--metric", defaultValue = "sqeuclidean", description = "Ground cost (default: ${DEFAULT-VALUE}).") String metric;
    @Option(names = "--epsilon", required = true, description = "Regularisation epsilon (> 0).") double epsilon;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "L1 marginal error at which each solve stops (default: ${DEFAULT-VALUE}).") double tol;
    @Option(names = "--max-iter", defaultValue = "1000",
            description = "Iteration limit of each solve (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--tau", description = "Unbalanced divergence: penalty tau of KL(pi 1 | a) and KL(pi^T 1 | b) (> 0; "
            + "Infinity is the balanced divergence); a and b may then differ in mass.") Double tau;
    @Option(names = "--reach", description = "Unbalanced divergence with tau = R^p (GeomLoss's reach; p = 2 for sqeuclidean, "
            + "else 1).") Double reach;
    @Option(names = "--tv", description = "Unbalanced divergence with total-variation penalties rho (> 0; Infinity is the balanced "
            + "divergence).") Double tv;
    @Option(names = "--tv-a", description = "Total-variation penalty of the source side; the divergence needs --tv-a = --tv-b.")
    Double tvA;
    @Option(names = "--tv-b", description = "Total-variation penalty of the target side; the divergence needs --tv-a = --tv-b.")
    Double tvB;
    @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of the divergence (Feydy et al. 2019; with --tau "
            + "the weights are free, not centred). " + GradientFiles.HELP) String gradOut;

    @Override
    protected Report compute() throws Exception {
        DiscreteMeasure alpha = TransportInputs.cloud(x, "--x", a, "--a"), beta = TransportInputs.cloud(y, "--y", b, "--b");
        if (alpha.support().cols() != beta.support().cols()) {
            throw new IllegalArgumentException("--x/--y: point clouds differ in dimension");
        }
        Metric mt = Options.tag("--metric", () -> Metric.named(metric));
        if (tau != null || reach != null || tv != null || tvA != null || tvB != null) return unbalanced(alpha, beta, mt);
        // --epsilon, --tol and --max-iter are in range (OptionRules), so building the solver cannot fail
        Sinkhorn solver = Sinkhorn.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter);
        SinkhornDivergence.Result r = Options.tag(Map.of("epsilon", "--epsilon"), "--x/--y",
                () -> SinkhornDivergence.between(alpha, beta, mt, solver));
        if (gradOut != null) GradientFiles.stage(outputs, gradOut, SinkhornDivergence.gradient(alpha, beta, mt, r), false);
        return new Report().put("divergence", r.divergence()).put("converged", r.converged());
    }

    /** The unbalanced divergence ({@link UnbalancedSinkhornDivergence}); the masses of a and b are not compared. */
    private Report unbalanced(DiscreteMeasure alpha, DiscreteMeasure beta, Metric mt) throws Exception {
        if (tau != null && reach != null) throw new IllegalArgumentException("--reach: give either --reach or --tau, not both");
        boolean totalVariation = tv != null || tvA != null || tvB != null;
        if (totalVariation && (tau != null || reach != null)) {
            throw new IllegalArgumentException((tv != null ? "--tv" : tvA != null ? "--tv-a" : "--tv-b")
                    + ": give either --tv (--tv-a, --tv-b) or --tau/--reach, not both");
        }
        Double rhoA = tvA != null ? tvA : tv, rhoB = tvB != null ? tvB : tv;
        if (totalVariation && (rhoA == null || rhoB == null || !rhoA.equals(rhoB))) {
            throw new IllegalArgumentException((tvA != null ? "--tv-a" : "--tv-b") + ": the divergence needs one penalty for both sides, "
                    + "got " + (rhoA == null ? "none" : rhoA) + " for a and " + (rhoB == null ? "none" : rhoB) + " for b");
        }
        // the options are in range (OptionRules), and a named metric has an exponent, so configuring the solver cannot fail
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter);
        UnbalancedSinkhorn solver = totalVariation ? s.withTv(rhoA)
                : reach != null ? s.withReach(reach, Metric.homogeneity(mt)) : s.withTau(tau);
        UnbalancedSinkhornDivergence.Result r = Options.tag(Map.of("epsilon", "--epsilon"), "--x/--y",
                () -> UnbalancedSinkhornDivergence.between(alpha, beta, mt, solver));
        String status = r.status().name().toLowerCase(Locale.ROOT);
        Report rep = new Report();
        if (r.status() == UnbalancedSinkhorn.Status.NUMERICAL_ERROR) {
            err().println("monge sinkhorn-divergence: the iterations broke down (numerical_error); no divergence printed"
                    + (gradOut != null ? ", no gradients written" : ""));
            err().flush();
        } else {
            if (r.status() == UnbalancedSinkhorn.Status.MAX_ITERATIONS) {
                err().println("monge sinkhorn-divergence: not converged within --max-iter; the value is that of the last iterates");
                err().flush();
            }
            rep.put("divergence", r.divergence());
            if (gradOut != null) {
                GradientFiles.stage(outputs, gradOut, UnbalancedSinkhornDivergence.gradient(alpha, beta, mt, solver, r), false);
            }
        }
        return rep.put("mass_a", r.massA()).put("mass_b", r.massB()).put("converged", r.converged()).put("status", status);
    }
}
