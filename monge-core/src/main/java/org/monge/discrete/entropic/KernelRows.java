package org.monge.discrete.entropic;

import org.monge.discrete.CostMatrix;

/**
 * Not for users: this package's log-domain kernel rows, ε-scaling stages and grid clustering, opened to the
 * solvers of org.monge.discrete.unbalanced so that they run on the same engines as {@link Sinkhorn} (dense
 * costs, or costs computed on the fly from two point clouds in O(n + m) memory, with the squared-Euclidean
 * fast path) instead of copies of them. Every method delegates to {@code LogKernel}, {@code EpsilonSchedule},
 * {@code GridCoarsening} or {@code OverRelaxation}; see those for what they compute and the precautions they take.
 */
public final class KernelRows {
    private final LogKernel kernel;

    private KernelRows(LogKernel kernel) {
        this.kernel = kernel;
    }

    /** The rows z_ij = w_j − c_ij/ε of the cost c (reference: the counting measure; weights go into w). */
    public static KernelRows of(CostMatrix c) {
        return new KernelRows(LogKernel.of(c, ReferenceMeasure.product()));
    }

    public int rows() { return kernel.n; }

    public int cols() { return kernel.m; }

    /** log Σ_j exp(w_j − c_ij/ε), shifted by {@code hint} when that is finite and safe (NaN: no hint); −∞ if every term is. */
    public double lse(int i, double[] w, double invEps, double hint) {
        return kernel.lse(i, w, invEps, hint);
    }

    /** {@link #lse}, with the row's mean cost Σ_j exp(w_j − c_ij/ε − l)·c_ij under it in meanCost[i] (same pass). */
    public double lseCost(int i, double[] w, double invEps, double hint, double[] meanCost) {
        return kernel.lseCost(i, w, invEps, hint, meanCost);
    }

    /** out[0] = Σ_j exp(w_j − c_ij/ε + lp), out[1] = Σ_j exp(w_j − c_ij/ε + lp) · c_ij. */
    public void planRow(int i, double lp, double[] w, double invEps, double[] out) {
        kernel.planRow(i, lp, w, invEps, out);
    }

    /** out[off + j] = exp(w_j − c_ij/ε + lp), a row of a plan or of a stabilised kernel. */
    public void expRow(int i, double lp, double[] w, double invEps, double[] out, int off) {
        kernel.expRow(i, lp, w, invEps, out, off);
    }

    /** The n×m row-major array a transposed to m×n (a new array). */
    public static double[] transposed(double[] a, int n, int m) {
        return LogKernel.transposed(a, n, m);
    }

    /** The rows of the transposed cost (built once). */
    public KernelRows transpose() {
        return new KernelRows(kernel.transpose());
    }

    /** The lazy plan π_ij = exp(rowLog_i + colLog_j − c_ij·invEps). */
    public EntropicPlan plan(double[] rowLog, double[] colLog, double invEps) {
        return new EntropicPlan(kernel, rowLog, colLog, invEps);
    }

    /**
     * The safe adaptive over-relaxation of the balanced engines ({@code OverRelaxation}), for the unbalanced ones:
     * the factor ω from the contraction of an error history, and the coordinate test of the balanced dual.
     */
    public static final class Relaxation {
        /** Fraction of the plain step's dual increase that a relaxed coordinate step must keep. */
        public static final double KAPPA = OverRelaxation.KAPPA;

        private final OverRelaxation relaxation;

        /** A controller for factors up to maxOmega in [1, 2); 1 keeps every step plain. */
        public Relaxation(double maxOmega) {
            relaxation = new OverRelaxation(maxOmega);
        }

        public void startStage() { relaxation.startStage(); }

        public double omega() { return relaxation.omega(); }

        public void observe(double error) { relaxation.observe(error); }

        /** ω where the step ω·x (x the plain step in units of ε) keeps κ of the balanced dual's plain increase, else 1. */
        public static double safe(double omega, double x) { return OverRelaxation.safe(omega, x); }
    }

    /** The ε-scaling stages max(ε, s·θ^k) from the cost scale s of c down to ε (just ε for θ = 0). */
    public static double[] epsilonStages(double epsilon, double factor, CostMatrix c) {
        return EpsilonSchedule.stages(epsilon, factor, c);
    }

    /** A weighted cloud: points one a row, and their weights. */
    public record Cloud(double[][] points, double[] weights) {}

    /** The cloud clustered on a grid into about {@code target} weighted centroids of the same total weight. */
    public static Cloud coarsen(double[][] points, double[] weights, int target) {
        GridCoarsening.Coarse c = GridCoarsening.of(points, weights, target);
        return new Cloud(c.points(), c.weights());
    }
}
