package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.gromov.EntropicGromovWasserstein;
import org.monge.discrete.gromov.GromovWasserstein;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code monge gw}: the square-loss Gromov–Wasserstein discrepancy by Frank–Wolfe with exact linear steps, or with
 * {@code --epsilon} its entropic regularisation by mirror descent with Sinkhorn steps.
 */
@Command(name = "gw", mixinStandardHelpOptions = true,
        description = "Square-loss Gromov–Wasserstein discrepancy Σ (C1_ik − C2_jl)² T_ij T_kl between (C1, a) and (C2, b) by "
                + "conditional gradient (Frank–Wolfe) from a⊗b, each linear step solved exactly by the network simplex. GW is not "
                + "convex: the result is a stationary point. Keys: cost (the loss of the final plan, as POT's gromov_wasserstein2), "
                + "iterations, status (converged or max_iterations), fw_gap (the Frank–Wolfe gap ⟨∇, T − T*⟩ ≥ 0 at the final "
                + "plan, 0 at a stationary point). With --epsilon E: entropic GW (Peyré, Cuturi & Solomon 2016) by mirror descent, "
                + "each step a log-domain Sinkhorn solve at ε = E whose cost is the gradient at the current plan, as POT's "
                + "entropic_gromov_wasserstein; keys cost (the loss of the final plan without the entropy, as POT's "
                + "entropic_gromov_wasserstein2), iterations, status (converged, max_iterations or sinkhorn_not_converged), "
                + "plan_change (Frobenius norm of the plan's change in the last step), marginal_error (L1, of the final plan).")
public final class GwCommand extends ReportingCommand {
    @Option(names = "--c1", paramLabel = "FILE", required = true, description = "Source space's n×n dissimilarity matrix.") Path c1;
    @Option(names = "--c2", paramLabel = "FILE", required = true, description = "Target space's m×m dissimilarity matrix.") Path c2;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--epsilon", paramLabel = "E",
            description = "Entropic GW with regularisation E > 0 (default: exact GW by Frank–Wolfe).") Double epsilon;
    @Option(names = "--max-iter", description = "Step limit (default: 200 Frank–Wolfe steps; 1000 entropic steps, as POT).")
    Integer maxIter;
    @Option(names = "--tol", defaultValue = "1e-9", description = "Stop when the loss changes by less than this, relative or absolute; "
            + "entropic: when the plan changes by at most this in Frobenius norm (default: ${DEFAULT-VALUE}).") double tol;

    @Override
    protected Report compute() throws Exception {
        if (epsilon != null) return entropic();
        Map<String, String> optionOf = Map.of("maxIterations", "--max-iter", "relativeTolerance", "--tol", "absoluteTolerance", "--tol");
        GromovWasserstein solver = Options.tag(optionOf, "--tol",
                () -> GromovWasserstein.defaults().withTolerance(tol, tol).withMaxIterations(maxIter == null ? 200 : maxIter));
        Spaces in = spaces();
        GromovWasserstein.Result r;
        try (Heartbeat h = Heartbeat.start("gw", err())) {
            r = Options.tag(Map.of("C1", "--c1", "C2", "--c2", "source and target masses", "--a/--b"), "--c1/--c2",
                    () -> solver.solve(in.c1(), in.c2(), in.a(), in.b()));
        }
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (!r.converged()) {
            err().println("monge gw: not converged within --max-iter; the values are those of the last plan");
            err().flush();
        }
        return new Report().put("cost", r.cost()).put("iterations", r.iterations()).put("status", status)
                .put("fw_gap", r.frankWolfeGap());
    }

    private Report entropic() throws Exception {
        Map<String, String> optionOf = Map.of("epsilon", "--epsilon", "maxIterations", "--max-iter", "tolerance", "--tol");
        int steps = maxIter == null ? 1000 : maxIter;
        EntropicGromovWasserstein solver = Options.tag(optionOf, "--epsilon",
                () -> EntropicGromovWasserstein.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(steps));
        Spaces in = spaces();
        EntropicGromovWasserstein.Result r;
        try (Heartbeat h = Heartbeat.start("gw", err())) {
            Map<String, String> inputOf = Map.of("C1", "--c1", "C2", "--c2", "source and target masses", "--a/--b", "epsilon", "--epsilon");
            r = Options.tag(inputOf, "--c1/--c2", () -> solver.solve(in.c1(), in.c2(), in.a(), in.b()));
        }
        if (r.status() == EntropicGromovWasserstein.Status.MAX_ITERATIONS) {
            err().println("monge gw: not converged within --max-iter; the values are those of the last plan");
        } else if (!r.converged()) {
            err().println("monge gw: the last Sinkhorn step did not converge (marginal error " + r.marginalError()
                    + "); try a larger --epsilon");
        }
        err().flush();
        String status = r.status().name().toLowerCase(Locale.ROOT);
        return new Report().put("cost", r.cost()).put("iterations", r.iterations()).put("status", status)
                .put("plan_change", r.planChange()).put("marginal_error", r.marginalError());
    }

    /** The two spaces as read: their dissimilarity matrices (checked square) and weights. */
    private record Spaces(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {}

    private Spaces spaces() throws Exception {
        Matrix m1 = Inputs.matrix(c1, "--c1"), m2 = Inputs.matrix(c2, "--c2");
        requireSquare(m1, "--c1");
        requireSquare(m2, "--c2");
        return new Spaces(m1, m2, TransportInputs.weights(a, "--a", m1.rows()), TransportInputs.weights(b, "--b", m2.rows()));
    }

    private static void requireSquare(Matrix m, String option) {
        if (!m.isSquare()) throw new IllegalArgumentException(option + ": must be a square matrix, got " + m.rows() + "×" + m.cols());
    }
}
