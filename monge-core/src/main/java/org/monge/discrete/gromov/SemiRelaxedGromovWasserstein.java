package org.monge.discrete.gromov;

import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * Semi-relaxed Gromov–Wasserstein (Vincent-Cuaz, Flamary, Corneli, Vayer &amp; Courty, ICLR 2022): between (C1, a) and a
 * target space C2 whose weights are free, min over T ≥ 0 with T1 = a of E(T) = Σ_ijkl L(C1_ik, C2_jl) T_ij T_kl, the
 * target marginal q = Tᵀ1 being whatever the minimiser makes it; with a feature cost M, (1 − α) ⟨M, T⟩ + α E(T).
 * Matching a graph to a small C2 this way partitions it (the paper's graph-partitioning use): q says how much of the
 * source each target node takes, and a node of C2 may take none.
 *
 * <p>By the conditional-gradient method of the paper (Alg. 1): the linearised problem min ⟨∇E(T), X⟩ over X ≥ 0
 * with X1 = a splits by rows, X_ij = a_i at the smallest entry j of row i of the gradient (no transport solve), and
 * the step to it is the exact line search, E being a quadratic form: E(T + sΔ) = E(T) + s ⟨∇E(T), Δ⟩ + s² E(Δ),
 * where E(Δ) is the form at Δ, whose row sums are 0 and column sums the change of q ({@link LossTensor#withMarginals}).
 * Each step costs O(n²m + nm²) for the gradient by the decomposition of Peyré, Cuturi &amp; Solomon (2016), whose
 * constant term now follows q. It starts from a 1ᵀ/m, as the paper and POT do, and stops when the objective changes by
 * less than a relative or absolute tolerance. Not convex: the result is a stationary point, certified by the
 * Frank–Wolfe gap ⟨∇F(T), T − X*⟩ ≥ 0, which is 0 exactly when every row of T sits on the row minima of the gradient.
 * Hand-written: no JVM library has GW.
 */
public final class SemiRelaxedGromovWasserstein {

    /**
     * The result: the objective F(T) of the final plan, the plan, its free target marginal q = Tᵀ1, the number of
     * conditional-gradient steps, the status and the Frank–Wolfe gap at the final plan.
     */
    public record Result(double cost, Matrix plan, double[] targetWeights, int iterations, GromovWasserstein.Status status,
            double frankWolfeGap) {
        public boolean converged() { return status.converged(); }
    }

    private final GromovWasserstein.Options options;
    private final GromovLoss lossFunction;

    private SemiRelaxedGromovWasserstein(GromovWasserstein.Options options, GromovLoss lossFunction) {
        this.options = options;
        this.lossFunction = lossFunction;
    }

    /** The stopping rule of {@link GromovWasserstein} (1e-9 relative and absolute, 200 steps), square loss. */
    public static SemiRelaxedGromovWasserstein defaults() {
        return new SemiRelaxedGromovWasserstein(GromovWasserstein.Options.defaults(), GromovLoss.SQUARE);
    }

    public SemiRelaxedGromovWasserstein withTolerance(double relative, double absolute) {
        return new SemiRelaxedGromovWasserstein(new GromovWasserstein.Options(relative, absolute, options.maxIterations()), lossFunction);
    }

    public SemiRelaxedGromovWasserstein withMaxIterations(int n) {
        return new SemiRelaxedGromovWasserstein(
                new GromovWasserstein.Options(options.relativeTolerance(), options.absoluteTolerance(), n), lossFunction);
    }

    public SemiRelaxedGromovWasserstein withLoss(GromovLoss loss) {
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        return new SemiRelaxedGromovWasserstein(options, loss);
    }

    /** Semi-relaxed GW between (C1, a) and C2 from a 1ᵀ / m. */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a) {
        return solveFused(null, 1, c1, c2, a);
    }

    /** From a given plan, whose rows must sum to a (its columns are free). */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, Matrix start) {
        check(null, 1, c1, c2, a);
        return iterate(null, 1, c1, c2, a, checkedStart(start, a, c2.rows()));
    }

    /** Semi-relaxed fused GW, (1 − α) ⟨M, T⟩ + α E(T) with M the n×m feature cost, from a 1ᵀ / m. */
    public Result solveFused(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a) {
        check(features, alpha, c1, c2, a);
        int n = a.size(), m = c2.rows();
        double[] t = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) t[i * m + j] = a.weight(i) / m;
        }
        return iterate(features, alpha, c1, c2, a, Matrix.fromRowMajor(n, m, t));
    }

    private void check(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a) {
        if (c1 == null || c2 == null) throw new IllegalArgumentException("C1 and C2 must not be null");
        // the target's weights are free: any measure with the source's mass passes the common checks
        GromovWasserstein.check(lossFunction, c1, c2, a, uniformLike(c2, a));
        if (features != null) GromovWasserstein.checkFeatures(features, alpha, a, uniformLike(c2, a));
    }

    private static DiscreteMeasure uniformLike(Matrix c2, DiscreteMeasure a) {
        int m = Math.max(1, c2.rows());
        double[] w = new double[m];
        Arrays.fill(w, a.totalMass() / m);
        return DiscreteMeasure.of(w);
    }

    private static Matrix checkedStart(Matrix start, DiscreteMeasure a, int m) {
        if (start == null) throw new IllegalArgumentException("start plan must not be null");
        if (start.rows() != a.size() || start.cols() != m) {
            throw new IllegalArgumentException("start plan is " + start.rows() + "x" + start.cols() + " but the spaces have "
                    + a.size() + " and " + m + " points");
        }
        for (int i = 0; i < a.size(); i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                double v = start.get(i, j);
                if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("start plan must be finite and non-negative");
                s += v;
            }
            if (Math.abs(s - a.weight(i)) > 1e-8 * a.totalMass()) {
                throw new IllegalArgumentException("start plan row " + i + " sums to " + s + " but a[" + i + "] is " + a.weight(i));
            }
        }
        return start;
    }

    private Result iterate(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a, Matrix start) {
        int n = a.size(), m = c2.rows();
        double[] rows = a.weights();
        LossTensor base = new LossTensor(lossFunction, c1, c2, rows, new double[m]);
        Matrix t = start;
        double[] q = colSums(t);
        LossTensor at = base.withMarginals(rows, q);
        double value = objective(at, features, alpha, t);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the loss of the start plan is " + value + ", outside the double range: rescale C1 and C2");
        }
        GromovWasserstein.Status status = GromovWasserstein.Status.MAX_ITERATIONS;
        int it = 0;
        double gap;
        while (true) {
            it++;
            Matrix gradient = gradient(at, features, alpha, t);
            Matrix delta = rowMinimiser(gradient, rows).minus(t);
            double beta = gradient.dot(delta);
            gap = 0.0 - beta; // not −β: a zero gap prints as 0, not −0
            double gamma = alpha * base.withMarginals(new double[n], colSums(delta)).loss(delta);
            double step = GromovWasserstein.step(beta, gamma);
            if (step != 0) {
                t = t.combine(1, delta, step);
                q = colSums(t);
                at = base.withMarginals(rows, q);
            }
            double old = value;
            value = objective(at, features, alpha, t);
            double change = Math.abs(value - old);
            boolean settled = change / Math.abs(value) < options.relativeTolerance() || change < options.absoluteTolerance();
            if (settled) status = GromovWasserstein.Status.CONVERGED;
            if (settled || it >= options.maxIterations()) {
                if (step != 0) { // the gap above belongs to the plan before the step
                    Matrix last = gradient(at, features, alpha, t);
                    gap = last.dot(t.minus(rowMinimiser(last, rows)));
                }
                break;
            }
        }
        return new Result(value, t, q, it, status, gap);
    }

    private static double objective(LossTensor loss, Matrix features, double alpha, Matrix t) {
        double structure = loss.loss(t);
        return features == null ? structure : (1 - alpha) * features.dot(t) + alpha * structure;
    }

    private static Matrix gradient(LossTensor loss, Matrix features, double alpha, Matrix t) {
        Matrix structure = loss.gradient(t);
        return features == null ? structure : features.combine(1 - alpha, structure, alpha);
    }

    /** argmin ⟨G, X⟩ over X ≥ 0 with X1 = a: all of a_i on the first smallest entry of row i. */
    static Matrix rowMinimiser(Matrix g, double[] a) {
        int n = g.rows(), m = g.cols();
        double[] x = new double[n * m];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < m; j++) {
                if (g.get(i, j) < g.get(i, best)) best = j;
            }
            x[i * m + best] = a[i];
        }
        return Matrix.fromRowMajor(n, m, x);
    }

    private static double[] colSums(Matrix t) {
        double[] s = new double[t.cols()];
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.cols(); j++) s[j] += t.get(i, j);
        }
        return s;
    }
}
