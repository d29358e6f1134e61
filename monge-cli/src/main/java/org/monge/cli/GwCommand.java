package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.gromov.GromovWasserstein;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge gw}: the square-loss Gromov–Wasserstein discrepancy by Frank–Wolfe with exact linear steps. */
@Command(name = "gw", mixinStandardHelpOptions = true,
        description = "Square-loss Gromov–Wasserstein discrepancy Σ (C1_ik − C2_jl)² T_ij T_kl between (C1, a) and (C2, b) by "
                + "conditional gradient (Frank–Wolfe) from a⊗b, each linear step solved exactly by the network simplex. GW is not "
                + "convex: the result is a stationary point. Keys: cost (the loss of the final plan, as POT's gromov_wasserstein2), "
                + "iterations, status (converged or max_iterations), fw_gap (the Frank–Wolfe gap ⟨∇, T − T*⟩ ≥ 0 at the final "
                + "plan, 0 at a stationary point).")
public final class GwCommand extends ReportingCommand {
    @Option(names = "--c1", paramLabel = "FILE", required = true, description = "Source space's n×n dissimilarity matrix.") Path c1;
    @Option(names = "--c2", paramLabel = "FILE", required = true, description = "Target space's m×m dissimilarity matrix.") Path c2;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--max-iter", defaultValue = "200", description = "Frank–Wolfe step limit (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "Stop when the loss changes by less than this, relative or absolute (default: ${DEFAULT-VALUE}).") double tol;

    @Override
    protected Report compute() throws Exception {
        Map<String, String> optionOf = Map.of("maxIterations", "--max-iter", "relativeTolerance", "--tol", "absoluteTolerance", "--tol");
        GromovWasserstein solver = Options.tag(optionOf, "--tol",
                () -> GromovWasserstein.defaults().withTolerance(tol, tol).withMaxIterations(maxIter));
        Matrix m1 = Inputs.matrix(c1, "--c1"), m2 = Inputs.matrix(c2, "--c2");
        requireSquare(m1, "--c1");
        requireSquare(m2, "--c2");
        DiscreteMeasure ma = TransportInputs.weights(a, "--a", m1.rows()), mb = TransportInputs.weights(b, "--b", m2.rows());
        GromovWasserstein.Result r;
        try (Heartbeat h = Heartbeat.start("gw", err())) {
            r = Options.tag(Map.of("C1", "--c1", "C2", "--c2", "source and target masses", "--a/--b"), "--c1/--c2",
                    () -> solver.solve(m1, m2, ma, mb));
        }
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (!r.converged()) {
            err().println("monge gw: not converged within --max-iter; the values are those of the last plan");
            err().flush();
        }
        return new Report().put("cost", r.cost()).put("iterations", r.iterations()).put("status", status)
                .put("fw_gap", r.frankWolfeGap());
    }

    private static void requireSquare(Matrix m, String option) {
        if (!m.isSquare()) throw new IllegalArgumentException(option + ": must be a square matrix, got " + m.rows() + "×" + m.cols());
    }
}
