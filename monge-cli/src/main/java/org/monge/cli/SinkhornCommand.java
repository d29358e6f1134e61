package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.EntropicGradient;
import org.monge.discrete.entropic.EntropicPlan;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.unbalanced.MarginalPenalty;
import org.monge.discrete.unbalanced.UnbalancedGradient;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge sinkhorn}: entropic OT between two weighted measures. */
@Command(name = "sinkhorn", mixinStandardHelpOptions = true,
        description = "Entropic OT min <pi,C> + eps KL(pi | a x b) by Sinkhorn. Keys: cost, objective, iterations, marginal_error, "
                + "status (converged, max_iterations or numerical_error). Log-domain iterations by default (--scaling for the plain form). "
                + "A numerical_error run prints no cost and writes no plan. "
                + "With --tau (--tau-a, --tau-b, --reach) the marginals are relaxed by tau KL penalties and a, b may differ in "
                + "mass: keys cost, objective, transported_mass, mass_a, mass_b, iterations, marginal_change, status. "
                + "With --tv (--tv-a, --tv-b) they are relaxed by total variation instead, rho |pi 1 - a|: mass created or "
                + "destroyed at the price rho a unit (same keys; a side may take --tau-a or --tv-a, not both). "
                + TransportInputs.INFEASIBLE_HELP)
public final class SinkhornCommand extends ReportingCommand {
    /** Problems with at least this many cost entries report progress on stderr. */
    static final long PROGRESS_THRESHOLD = 50_000_000L;

    @Mixin TransportInputs inputs;
    @Option(names = "--epsilon", required = true, description = "Regularisation epsilon (> 0).") double epsilon;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "Stop when the L1 marginal error is at most this (default: ${DEFAULT-VALUE}).") double tol;
    @Option(names = "--max-iter", defaultValue = "1000", description = "Iteration limit (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--log-domain", description = "The stable log-domain iterations with epsilon-scaling (the default; as in the library "
            + "and sinkhorn-divergence).") boolean logDomain;
    @Option(names = "--scaling", description = "The plain scaling form u = a/(Kv), v = b/(K^T u) instead: a dense kernel, "
            + "no epsilon-scaling; breaks down (status numerical_error) when exp(-C/eps) under- or overflows.") boolean scaling;
    @Option(names = "--plan-out", paramLabel = "FILE", description = "Write the dense plan (n×m) here.") Path planOut;
    @Option(names = "--no-multiscale",
            description = "Start point clouds of " + Sinkhorn.MULTISCALE_MIN + "+ points a side from scratch instead of from the "
                    + "solution between grid-clustered clouds (same result within --tol, usually many more iterations).")
    boolean noMultiscale;
    @Option(names = "--no-anderson", description = "Turn off Anderson acceleration of the potentials (on by default in every "
            + "engine, balanced and with --tau/--tv/--reach; same fixed point, usually more iterations).") boolean noAnderson;
    @Option(names = "--tau", description = "Unbalanced OT: penalty tau of KL(pi 1 | a) and KL(pi^T 1 | b) (> 0; Infinity keeps that "
            + "marginal exact); a and b may then differ in mass.") Double tau;
    @Option(names = "--tau-a", description = "Unbalanced OT: penalty of the source marginal only (overrides --tau).") Double tauA;
    @Option(names = "--tau-b", description = "Unbalanced OT: penalty of the target marginal only (overrides --tau).") Double tauB;
    @Option(names = "--tv", description = "Unbalanced OT with total-variation penalties rho |pi 1 - a| and rho |pi^T 1 - b| "
            + "(> 0; Infinity keeps that marginal exact): mass created or destroyed at the fixed price rho.") Double tv;
    @Option(names = "--tv-a", description = "Total-variation penalty of the source marginal only (overrides --tv and --tau).")
    Double tvA;
    @Option(names = "--tv-b", description = "Total-variation penalty of the target marginal only (overrides --tv and --tau).")
    Double tvB;
    @Option(names = "--reach", description = "Unbalanced OT with tau = R^p (GeomLoss's reach; p = 2 for sqeuclidean, else 1; "
            + "--x/--y only).") Double reach;
    @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of the objective (envelope theorem: potentials for "
            + "the weights, the plan for the points; with --tau the weights are free, not centred). " + GradientFiles.HELP) String gradOut;

    @Override
    protected Report compute() throws Exception {
        CostMatrix c = inputs.costs();
        DiscreteMeasure a = inputs.source(c.rows()), b = inputs.target(c.cols());
        if (tau != null || tauA != null || tauB != null || reach != null || tv != null || tvA != null || tvB != null) {
            return unbalanced(TransportProblem.of(a, b, c));
        }
        TransportProblem.of(a, b, c).requireFeasible();
        long entries = (long) c.rows() * c.cols();
        if (planOut != null) {
            Heap.require("--plan-out", "the dense " + c.rows() + "×" + c.cols() + " plan", entries,
                    EntropicPlan.denseBytes(c.rows(), c.cols()));
        }
        if (scaling && logDomain) throw new IllegalArgumentException("--scaling: give either --scaling or --log-domain, not both");
        // --epsilon, --tol and --max-iter are in range (OptionRules), so building the solver cannot fail
        Sinkhorn s = Sinkhorn.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter).withLogDomain(!scaling)
                .withMultiscale(!noMultiscale).withAnderson(noAnderson ? 0 : Sinkhorn.Options.DEFAULT_ANDERSON);
        if ((long) c.rows() * c.cols() >= PROGRESS_THRESHOLD) {
            PrintWriter err = err();
            long start = System.nanoTime();
            s = s.withProgress((it, eps, e) -> {
                err.printf(Locale.ROOT, "sinkhorn: iteration %d, epsilon %.3g, marginal error %.3g, %.1f s%n",
                        it, eps, e, (System.nanoTime() - start) * 1e-9);
                err.flush();
            });
        }
        Sinkhorn solver = s;
        Sinkhorn.Result r = Options.tag(Map.of("epsilon", "--epsilon", "the scaling form", "--scaling", "cost", inputs.costOption()),
                inputs.costOption(), () -> solver.solve(a, b, c));
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (r.status() == Sinkhorn.Status.NUMERICAL_ERROR) {
            err().println("monge sinkhorn: the iterations broke down (numerical_error; " + (scaling ? "drop --scaling, or " : "")
                    + "use a larger --epsilon); no cost printed, no plan written");
            err().flush();
            return new Report().put("iterations", r.iterations()).put("status", status);
        }
        if (r.status() == Sinkhorn.Status.MAX_ITERATIONS) {
            err().println("monge sinkhorn: not converged within --max-iter; the values are those of the last iterate");
            err().flush();
        }
        if (planOut != null) outputs.array(planOut, "--plan-out", NdArray.of(r.plan().toMatrix()));
        if (gradOut != null) GradientFiles.stage(outputs, gradOut, EntropicGradient.fromSolution(TransportProblem.of(a, b, c), r), false);
        Report rep = new Report().put("cost", finite(r.cost())).put("objective", finite(r.objective())).put("iterations", r.iterations())
                .put("marginal_error", finite(r.marginalError())).put("status", status);
        if (planOut != null) rep.put("plan_out", planOut.toString());
        return rep;
    }

    /** Entropic OT with KL-relaxed marginals ({@link UnbalancedSinkhorn}); the masses of a and b are not compared. */
    private Report unbalanced(TransportProblem p) throws Exception {
        if (scaling) throw new IllegalArgumentException("--scaling: the unbalanced solver (--tau, --reach) runs in the log domain only");
        if (reach != null && (tau != null || tauA != null || tauB != null || tv != null || tvA != null || tvB != null)) {
            throw new IllegalArgumentException("--reach: give either --reach or --tau/--tau-a/--tau-b/--tv/--tv-a/--tv-b, not both");
        }
        if (tau != null && tv != null) throw new IllegalArgumentException("--tv: give either --tau or --tv for both marginals, not both");
        if (tauA != null && tvA != null) throw new IllegalArgumentException("--tv-a: give either --tau-a or --tv-a, not both");
        if (tauB != null && tvB != null) throw new IllegalArgumentException("--tv-b: give either --tau-b or --tv-b, not both");
        if (reach != null && inputs.cost != null) {
            throw new IllegalArgumentException("--reach: needs --x/--y, whose metric fixes the exponent p; give --tau with --cost");
        }
        if (planOut != null) {
            Heap.require("--plan-out", "the dense " + p.rows() + "×" + p.cols() + " plan", (long) p.rows() * p.cols(),
                    EntropicPlan.denseBytes(p.rows(), p.cols()));
        }
        // the options are in range (OptionRules), so configuring the solver cannot fail
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter)
                .withAnderson(noAnderson ? 0 : Sinkhorn.Options.DEFAULT_ANDERSON);
        if (reach != null) {
            s = s.withReach(reach, inputs.metric == null || inputs.metric.trim().equalsIgnoreCase("sqeuclidean") ? 2 : 1);
        } else {
            MarginalPenalty both = tau != null ? MarginalPenalty.kl(tau) : tv != null ? MarginalPenalty.tv(tv) : MarginalPenalty.exact();
            s = s.withPenalties(side(tauA, tvA, both), side(tauB, tvB, both));
        }
        UnbalancedSinkhorn solver = s;
        UnbalancedSinkhorn.Result r = inputs.aboutCosts(() -> solver.solve(p));
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (r.status() == UnbalancedSinkhorn.Status.NUMERICAL_ERROR) {
            err().println("monge sinkhorn: the iterations broke down (numerical_error); no cost printed, no plan written");
            err().flush();
            return new Report().put("iterations", r.iterations()).put("status", status);
        }
        if (r.status() == UnbalancedSinkhorn.Status.MAX_ITERATIONS) {
            err().println("monge sinkhorn: not converged within --max-iter; the values are those of the last iterate");
            err().flush();
        }
        if (planOut != null) {
            outputs.array(planOut, "--plan-out", NdArray.of(Matrix.fromRowMajor(p.rows(), p.cols(), r.plan().toDense())));
        }
        if (gradOut != null) GradientFiles.stage(outputs, gradOut, UnbalancedGradient.fromSolution(p, solver.options(), r), false);
        Report rep = new Report().put("cost", r.cost()).put("objective", r.objective()).put("transported_mass", r.transportedMass())
                .put("mass_a", p.a().totalMass()).put("mass_b", p.b().totalMass()).put("iterations", r.iterations())
                .put("marginal_change", finite(r.marginalChange())).put("status", status);
        if (planOut != null) rep.put("plan_out", planOut.toString());
        return rep;
    }

    /** One side's penalty: its own KL or TV option, else the one given for both sides. */
    private static MarginalPenalty side(Double tauSide, Double tvSide, MarginalPenalty both) {
        return tauSide != null ? MarginalPenalty.kl(tauSide) : tvSide != null ? MarginalPenalty.tv(tvSide) : both;
    }

    /** Non-finite values (a failed scaling-form run) print as null; the status says why. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
