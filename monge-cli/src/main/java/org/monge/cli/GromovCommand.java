package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.gromov.EntropicGromovWasserstein;
import org.monge.discrete.gromov.GromovLoss;
import org.monge.discrete.gromov.GromovWasserstein;
import org.monge.discrete.gromov.SemiRelaxedGromovWasserstein;
import org.monge.discrete.gromov.ShortestPaths;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code monge gromov} (alias {@code gw}): Gromov–Wasserstein between two spaces given by their points or by their
 * dissimilarity matrices, exact by Frank–Wolfe with network-simplex steps or, with {@code --epsilon}, entropic by
 * mirror descent with Sinkhorn steps; fused with a feature cost.
 */
@Command(name = "gromov", aliases = "gw", mixinStandardHelpOptions = true,
        description = "Gromov–Wasserstein discrepancy Σ L(C1_ik, C2_jl) T_ij T_kl between (C1, a) and (C2, b), L the square "
                + "(default) or the KL loss (--loss), by "
                + "conditional gradient (Frank–Wolfe) from a⊗b, each linear step solved exactly by the network simplex. GW is not "
                + "convex: the result is a stationary point. The spaces are --x/--y (each side's C from its own points by --metric) "
                + "(with the default squared Euclidean metric and the square loss by the low-rank gradient of Scetbon, Peyré & "
                + "Cuturi 2022, O(nm(d1 + d2)) a step, C1 and C2 never formed) or --c1/--c2 (given matrices, square and "
                + "symmetric; --shortest-paths turns weighted adjacency matrices of graphs "
                + "into their shortest-path distances). With --features-cost M: fused GW (1 − α)⟨M, T⟩ + α GW (Vayer et al. 2019). "
                + "Keys: cost (the loss of the final plan, as POT's gromov_wasserstein2), iterations, status (converged or "
                + "max_iterations), fw_gap (the Frank–Wolfe gap ⟨∇, T − T*⟩ ≥ 0 at the final plan, 0 at a stationary point). "
                + "With --epsilon E: entropic GW (Peyré, Cuturi & Solomon 2016) by mirror descent, each step a log-domain Sinkhorn "
                + "solve at ε = E whose cost is the gradient at the current plan, as POT's entropic_gromov_wasserstein; keys cost "
                + "(without the entropy, as POT's entropic_gromov_wasserstein2), objective (cost + ε KL(T ‖ a⊗b), whose stationary "
                + "point the plan is), iterations, status (converged, max_iterations or sinkhorn_not_converged), plan_change "
                + "(Frobenius norm of the plan's change in the last step), marginal_error (L1, of the final plan); between --x/--y "
                + "clouds with more than 2^25 pairs (and no --features-cost) the gradient and the plan are never stored: each "
                + "step's cost is a squared Euclidean cost between low-dimensional clouds, solved on the fly with inexact "
                + "Sinkhorn steps while the plan moves (O(n + m) memory). With "
                + "--semi-relaxed: only a is imposed (Vincent-Cuaz et al. 2022), by conditional gradient with row-wise linear "
                + "steps from a 1ᵀ/m; keys as exact GW plus target_weights, the plan's column sums.")
public final class GromovCommand extends ReportingCommand {
    @Option(names = "--x", paramLabel = "FILE", description = "Source points, n×d1 (C1 from them by --metric).") Path x;
    @Option(names = "--y", paramLabel = "FILE", description = "Target points, m×d2 (C2 from them by --metric).") Path y;
    @Option(names = "--metric",
            description = "Intra-space cost for --x/--y: sqeuclidean, euclidean, cityblock or minkowski:P (default: sqeuclidean, "
                    + "as POT's ot.dist).") String metric;
    @Option(names = "--c1", paramLabel = "FILE", description = "Source space's n×n dissimilarity matrix.") Path c1;
    @Option(names = "--c2", paramLabel = "FILE", description = "Target space's m×m dissimilarity matrix.") Path c2;
    @Option(names = "--shortest-paths", description = "--c1/--c2 are weighted adjacency matrices of connected undirected graphs "
            + "(0 off the diagonal: no edge); use their shortest-path distances.") boolean shortestPaths;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--features-cost", paramLabel = "FILE", description = "n×m cost between the points' features: fused GW.") Path features;
    @Option(names = "--alpha", paramLabel = "A",
            description = "Fused GW's weight of the structure, in [0, 1] (default: 0.5; needs --features-cost).") Double alpha;
    @Option(names = "--loss", defaultValue = "square", description = "The loss L(C1_ik, C2_jl): square, (C1_ik − C2_jl)², or kl, "
            + "C1_ik log(C1_ik / C2_jl) − C1_ik + C2_jl for non-negative C (logarithms at C + 1e-15, as POT's kl_loss); "
            + "default: ${DEFAULT-VALUE}.") String loss;
    @Option(names = "--epsilon", paramLabel = "E",
            description = "Entropic GW with regularisation E > 0 (default: exact GW by Frank–Wolfe).") Double epsilon;
    @Option(names = "--semi-relaxed", description = "Semi-relaxed GW (Vincent-Cuaz et al. 2022): only the source marginal a is "
            + "imposed, the target's weights are what the minimiser makes them (key target_weights); exact only, no --b.")
    boolean semiRelaxed;
    @Option(names = "--max-iter", description = "Step limit (default: 200 Frank–Wolfe steps; 1000 entropic steps, as POT).")
    Integer maxIter;
    @Option(names = "--tol", defaultValue = "1e-9", description = "Stop when the loss changes by less than this, relative or absolute; "
            + "entropic: when the plan changes by at most this in Frobenius norm (default: ${DEFAULT-VALUE}).") double tol;
    /**
     * Hidden, for tests and benchmarks: the number of pairs n·m above which entropic GW between --x/--y clouds takes the
     * on-the-fly path (default {@link Sinkhorn#DENSE_LIMIT}, 2^25); 0 takes it at every size.
     */
    @Option(names = "--on-the-fly-above", hidden = true, paramLabel = "PAIRS") Long onTheFlyAbove;
    @Option(names = "--plan-out", paramLabel = "FILE", description = "Write the dense n×m plan here (rows are the source points).")
    Path planOut;

    @Override
    protected Report compute() throws Exception {
        GromovLoss kind = Options.tag("--loss", () -> GromovLoss.named(loss));
        if (onTheFlyAbove != null && onTheFlyAbove < 0) {
            throw new IllegalArgumentException("--on-the-fly-above: must be a number of pairs >= 0, got " + onTheFlyAbove);
        }
        if (semiRelaxed && epsilon != null) throw new IllegalArgumentException("--semi-relaxed: exact only, not with --epsilon");
        if (semiRelaxed && b != null) throw new IllegalArgumentException("--semi-relaxed: the target weights are free, give no --b");
        Spaces in = spaces(kind);
        Matrix m = featureCost(in);
        double weight = alpha == null ? 0.5 : alpha;
        long entries = (long) in.a().size() * in.b().size();
        if (planOut != null) Heap.require("--plan-out", "the dense " + in.a().size() + "×" + in.b().size() + " plan", entries, 8 * entries);
        Map<String, String> inputOf = Map.of("C1", in.c1Option(), "C2", in.c2Option(), "source and target masses", "--a/--b",
                "epsilon", "--epsilon", "alpha", "--alpha", "the feature cost M", "--features-cost", "x", "--x", "y", "--y");
        Report rep;
        double[] plan;
        if (semiRelaxed) {
            Map<String, String> optionOf = Map.of("maxIterations", "--max-iter", "relativeTolerance", "--tol",
                    "absoluteTolerance", "--tol");
            SemiRelaxedGromovWasserstein solver = Options.tag(optionOf, "--tol", () -> SemiRelaxedGromovWasserstein.defaults()
                    .withTolerance(tol, tol).withMaxIterations(maxIter == null ? 200 : maxIter).withLoss(kind));
            SemiRelaxedGromovWasserstein.Result r;
            try (Heartbeat h = Heartbeat.start("gromov", err())) {
                r = Options.tag(inputOf, in.c1Option(), () -> m == null ? solver.solve(in.c1(), in.c2(), in.a())
                        : solver.solveFused(m, weight, in.c1(), in.c2(), in.a()));
            }
            if (!r.converged()) {
                err().println("monge gromov: not converged within --max-iter; the values are those of the last plan");
                err().flush();
            }
            plan = r.plan().toRowMajor();
            rep = new Report().put("cost", r.cost()).put("iterations", r.iterations())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("fw_gap", r.frankWolfeGap())
                    .put("target_weights", r.targetWeights());
        } else if (epsilon != null) {
            Map<String, String> optionOf = Map.of("epsilon", "--epsilon", "maxIterations", "--max-iter", "tolerance", "--tol");
            int steps = maxIter == null ? 1000 : maxIter;
            EntropicGromovWasserstein solver = Options.tag(optionOf, "--epsilon",
                    () -> EntropicGromovWasserstein.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(steps).withLoss(kind));
            long threshold = onTheFlyAbove == null ? Sinkhorn.DENSE_LIMIT : onTheFlyAbove;
            if (in.lowRank() && m == null && entries > threshold) {
                EntropicGromovWasserstein.CloudResult r;
                try (Heartbeat h = Heartbeat.start("gromov", err())) {
                    r = Options.tag(inputOf, in.c1Option(), () -> solver.solveCloudsOnTheFly(in.x(), in.y(), in.a(), in.b()));
                }
                warnEntropic(r.status(), r.marginalError());
                plan = planOut == null ? null : r.plan().toDense();
                rep = entropicReport(r.cost(), r.objective(), r.iterations(), r.status(), r.planChange(), r.marginalError());
                return finish(rep, m, weight, in, plan);
            }
            EntropicGromovWasserstein.Result r;
            try (Heartbeat h = Heartbeat.start("gromov", err())) {
                r = Options.tag(inputOf, in.c1Option(), () -> in.lowRank()
                        ? (m == null ? solver.solveClouds(in.x(), in.y(), in.a(), in.b())
                                : solver.solveFusedClouds(m, weight, in.x(), in.y(), in.a(), in.b()))
                        : m == null ? solver.solve(in.c1(), in.c2(), in.a(), in.b())
                        : solver.solveFused(m, weight, in.c1(), in.c2(), in.a(), in.b()));
            }
            warnEntropic(r.status(), r.marginalError());
            plan = r.plan().toRowMajor();
            rep = entropicReport(r.cost(), r.objective(), r.iterations(), r.status(), r.planChange(), r.marginalError());
        } else {
            Map<String, String> optionOf = Map.of("maxIterations", "--max-iter", "relativeTolerance", "--tol",
                    "absoluteTolerance", "--tol");
            GromovWasserstein solver = Options.tag(optionOf, "--tol",
                    () -> GromovWasserstein.defaults().withTolerance(tol, tol).withMaxIterations(maxIter == null ? 200 : maxIter)
                            .withLoss(kind));
            GromovWasserstein.Result r;
            try (Heartbeat h = Heartbeat.start("gromov", err())) {
                r = Options.tag(inputOf, in.c1Option(), () -> in.lowRank()
                        ? (m == null ? solver.solveClouds(in.x(), in.y(), in.a(), in.b())
                                : solver.solveFusedClouds(m, weight, in.x(), in.y(), in.a(), in.b()))
                        : m == null ? solver.solve(in.c1(), in.c2(), in.a(), in.b())
                        : solver.solveFused(m, weight, in.c1(), in.c2(), in.a(), in.b()));
            }
            if (!r.converged()) {
                err().println("monge gromov: not converged within --max-iter; the values are those of the last plan");
                err().flush();
            }
            plan = r.plan().toDense();
            rep = new Report().put("cost", r.cost()).put("iterations", r.iterations())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("fw_gap", r.frankWolfeGap());
        }
        return finish(rep, m, weight, in, plan);
    }

    /** The report with alpha for fused GW, and the plan written to --plan-out if given. */
    private Report finish(Report rep, Matrix m, double weight, Spaces in, double[] plan) throws Exception {
        if (m != null) rep.put("alpha", weight);
        if (planOut != null) {
            outputs.array(planOut, "--plan-out", new NdArray(new int[] {in.a().size(), in.b().size()}, plan));
            rep.put("plan_out", planOut.toString());
        }
        return rep;
    }

    private void warnEntropic(EntropicGromovWasserstein.Status status, double marginalError) {
        if (status == EntropicGromovWasserstein.Status.MAX_ITERATIONS) {
            err().println("monge gromov: not converged within --max-iter; the values are those of the last plan");
        } else if (!status.converged()) {
            err().println("monge gromov: the last Sinkhorn step did not converge (marginal error " + marginalError
                    + "); try a larger --epsilon");
        }
        err().flush();
    }

    private static Report entropicReport(double cost, double objective, int iterations, EntropicGromovWasserstein.Status status,
            double planChange, double marginalError) {
        return new Report().put("cost", cost).put("objective", objective).put("iterations", iterations)
                .put("status", status.name().toLowerCase(Locale.ROOT)).put("plan_change", planChange)
                .put("marginal_error", marginalError);
    }

    /** The two spaces as read: their dissimilarity matrices (square, symmetric), weights, and the options they came from. */
    private record Spaces(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b, String c1Option, String c2Option,
            Matrix x, Matrix y) {
        /** Point clouds with squared Euclidean structures: the solvers' low-rank path, C1 and C2 never formed. */
        boolean lowRank() { return c1 == null; }
    }

    private Spaces spaces(GromovLoss kind) throws Exception {
        boolean points = x != null || y != null, matrices = c1 != null || c2 != null;
        if (points && matrices) throw new IllegalArgumentException("--x/--y: give either --x/--y or --c1/--c2, not both");
        if (!points && !matrices) throw new IllegalArgumentException("--c1/--c2: give the two spaces, as --c1/--c2 or --x/--y");
        if (points) {
            if (x == null || y == null) throw new IllegalArgumentException("--x/--y: give both point clouds");
            if (shortestPaths) throw new IllegalArgumentException("--shortest-paths: applies to --c1/--c2 graphs, not to --x/--y");
            Metric mt = Options.tag("--metric", () -> Metric.named(metric == null ? "sqeuclidean" : metric));
            Matrix xm = Inputs.points(x, "--x"), ym = Inputs.points(y, "--y");
            boolean squared = metric == null || metric.trim().equalsIgnoreCase("sqeuclidean");
            if (squared && kind == GromovLoss.SQUARE && !semiRelaxed) {
                return new Spaces(null, null, TransportInputs.weights(a, "--a", xm.rows()), TransportInputs.weights(b, "--b", ym.rows()),
                        "--x", "--y", xm, ym);
            }
            Matrix m1 = Options.tag("--x", () -> CostMatrix.fromPoints(xm, xm, mt).toMatrix());
            Matrix m2 = Options.tag("--y", () -> CostMatrix.fromPoints(ym, ym, mt).toMatrix());
            requireFinite(m1, "--x");
            requireFinite(m2, "--y");
            return new Spaces(m1, m2, TransportInputs.weights(a, "--a", m1.rows()), TransportInputs.weights(b, "--b", m2.rows()),
                    "--x", "--y", null, null);
        }
        if (metric != null) throw new IllegalArgumentException("--metric: applies to --x/--y only, not to --c1/--c2 matrices");
        if (c1 == null || c2 == null) throw new IllegalArgumentException("--c1/--c2: give both dissimilarity matrices");
        Matrix m1 = structure(Inputs.matrix(c1, "--c1"), "--c1"), m2 = structure(Inputs.matrix(c2, "--c2"), "--c2");
        return new Spaces(m1, m2, TransportInputs.weights(a, "--a", m1.rows()), TransportInputs.weights(b, "--b", m2.rows()),
                "--c1", "--c2", null, null);
    }

    /** A given C: square, finite and symmetric, or with --shortest-paths a graph's adjacency turned into its distances. */
    private Matrix structure(Matrix m, String option) {
        if (!m.isSquare()) throw new IllegalArgumentException(option + ": must be a square matrix, got " + m.rows() + "×" + m.cols());
        if (shortestPaths) return Options.tag(option, () -> ShortestPaths.of(m, option.substring(2).toUpperCase(Locale.ROOT)));
        requireFinite(m, option);
        double asym = m.asymmetry(), scale = m.maxAbs();
        if (asym > 1e-12 * scale) {
            throw new IllegalArgumentException(option + ": must be symmetric (C_ik = C_ki), entries differ by up to " + asym);
        }
        return m;
    }

    private static void requireFinite(Matrix m, String option) {
        if (!m.allFinite()) throw new IllegalArgumentException(option + ": must have finite entries (no NaN or infinity)");
    }

    private Matrix featureCost(Spaces in) throws Exception {
        if (features == null) {
            if (alpha != null) throw new IllegalArgumentException("--alpha: applies to fused GW only, give --features-cost");
            return null;
        }
        Matrix m = Inputs.matrix(features, "--features-cost");
        if (m.rows() != in.a().size() || m.cols() != in.b().size()) {
            throw new IllegalArgumentException("--features-cost: is " + m.rows() + "×" + m.cols() + " but the spaces have "
                    + in.a().size() + " and " + in.b().size() + " points");
        }
        requireFinite(m, "--features-cost");
        return m;
    }
}
