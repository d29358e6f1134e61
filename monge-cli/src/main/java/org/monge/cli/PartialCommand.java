package org.monge.cli;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.exact.OptimalityCertificate;
import org.monge.discrete.unbalanced.EntropicPartialTransport;
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
                + "A mass that cannot be moved using only finite-cost pairs is a user error: exit 2 with \"problem is infeasible: ...\". "
                + "With --epsilon the entropic partial problem, min <pi, C> + eps sum pi log pi under the same constraints, by "
                + "log-domain Bregman projections (POT's entropic_partial_wasserstein); keys cost, mass, status (converged, "
                + "max_iterations), iterations, change, marginal_excess (largest amount by which a row or column sum exceeds its "
                + "weight); the plan is written only when converged.")
public final class PartialCommand extends ReportingCommand {
    @Mixin TransportInputs inputs;
    @Option(names = "--mass", required = true, paramLabel = "M",
            description = "Mass to move, in (0, min(Σa, Σb)]; with the default uniform weights both totals are 1.") double mass;
    @Option(names = "--max-iter", paramLabel = "N",
            description = "Pivot limit of the exact solve (default: none) or iteration limit of the entropic one (default: 10000).")
    Integer maxIter;
    @Option(names = "--epsilon", paramLabel = "E",
            description = "Entropic partial OT at regularisation E (> 0) instead of the exact solve.")
    Double epsilon;
    @Option(names = "--tol", paramLabel = "T",
            description = "With --epsilon: stop when the Frobenius change of the plan and the marginal excess are at most T "
                    + "(default: 1e-9).")
    Double tol;
    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Where to write the n×m optimal plan (dense; rows are the source points).") Path planOut;

    @Override
    protected Report compute() throws Exception {
        CostMatrix c = inputs.costs();
        DiscreteMeasure ma = inputs.source(c.rows()), mb = inputs.target(c.cols());
        Options.tag("--mass", () -> Checks.partialMass(mass, ma.totalMass(), mb.totalMass()));
        if (epsilon != null) return entropic(c, ma, mb);
        if (tol != null) throw new IllegalArgumentException("--tol: only the entropic solve (--epsilon) has a tolerance");
        int pivots = maxIter == null ? Integer.MAX_VALUE : maxIter;
        PartialTransport solver = Options.tag("--max-iter", () -> PartialTransport.defaults().withMaxIterations(pivots));
        long augmented = (c.rows() + 1L) * (c.cols() + 1L), entries = (long) c.rows() * c.cols();
        Heap.require(inputs.costOption(), "the dense " + (c.rows() + 1) + "×" + (c.cols() + 1) + " costs of the augmented problem",
                augmented, 16 * augmented);
        requirePlanHeap(c, entries);
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
            writePlan(r.plan());
        } else {
            err().println("monge partial: no optimal plan (status " + status + "); cost omitted, nothing written");
            err().flush();
        }
        return report.put("mass", r.mass()).put("status", status).put("iterations", r.iterations())
                .put("nonzeros", r.plan().nonzeros()).put("duality_gap", cert.dualityGap())
                .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility());
    }

    /** The entropic partial problem (EntropicPartialTransport) at --epsilon. */
    private Report entropic(CostMatrix c, DiscreteMeasure ma, DiscreteMeasure mb) throws Exception {
        // --epsilon, --tol and --max-iter are in range (OptionRules), so building the solver cannot fail
        EntropicPartialTransport solver = EntropicPartialTransport.withEpsilon(epsilon).withTolerance(tol == null ? 1e-9 : tol)
                .withMaxIterations(maxIter == null ? 10000 : maxIter);
        long entries = (long) c.rows() * c.cols();
        Heap.require(inputs.costOption(), "the dense " + c.rows() + "×" + c.cols() + " costs by rows and by columns", entries,
                16 * entries);
        requirePlanHeap(c, entries);
        EntropicPartialTransport.Result r;
        try (Heartbeat h = Heartbeat.start("partial", err())) {
            r = inputs.aboutCosts(() -> solver.solve(ma, mb, c, mass));
        }
        if (r.status() == EntropicPartialTransport.Status.NUMERICAL_ERROR) {
            throw new IllegalArgumentException("problem is infeasible or too sharp: the entropic partial solve at --epsilon " + epsilon
                    + " broke down (non-finite potentials); check that the mass can be moved on finite-cost pairs, or raise --epsilon");
        }
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (r.converged()) {
            writePlan(r.plan());
        } else {
            err().println("monge partial: not converged within --max-iter (status " + status + "); the values are those of the last "
                    + "iterate, no plan written");
            err().flush();
        }
        double[] rows = r.plan().rowSums(), cols = r.plan().colSums(), a = ma.weights(), b = mb.weights();
        double excess = 0;
        for (int i = 0; i < rows.length; i++) excess = Math.max(excess, rows[i] - a[i]);
        for (int j = 0; j < cols.length; j++) excess = Math.max(excess, cols[j] - b[j]);
        Double change = Double.isFinite(r.change()) ? r.change() : null;
        return new Report().put("cost", r.cost()).put("mass", r.mass()).put("status", status).put("iterations", r.iterations())
                .put("change", change).put("marginal_excess", excess).put("epsilon", epsilon);
    }

    private void requirePlanHeap(CostMatrix c, long entries) {
        if (planOut != null) Heap.require("--plan-out", "the dense " + c.rows() + "×" + c.cols() + " plan", entries, 8 * entries);
    }

    private void writePlan(TransportPlan plan) throws Exception {
        if (planOut != null) outputs.array(planOut, "--plan-out", new NdArray(new int[] {plan.rows(), plan.cols()}, plan.toDense()));
    }
}
