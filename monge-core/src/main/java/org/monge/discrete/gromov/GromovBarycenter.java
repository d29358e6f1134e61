package org.monge.discrete.gromov;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportPlan;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * Square-loss GW and fused-GW barycenters of S spaces (C_s, q_s) with weights λ_s: a structure C (N×N) on a fixed
 * measure p of size N minimising Σ_s λ_s GW(C, C_s), or for fused GW, with features Y_s (n_s×d), a structure C and
 * features X (N×d) minimising Σ_s λ_s FGW_α((C, X, p), (C_s, Y_s, q_s)) with the squared Euclidean feature cost.
 * Block-coordinate descent as in Peyré, Cuturi &amp; Solomon (ICML 2016, Sec. 3, square loss) and Vayer et al.
 * (ICML 2019, Alg. 1), with POT's conventions (version 0.8.2, {@code gromov_barycenters}, {@code fgw_barycenters}):
 * <ul>
 *   <li>GW: from a given C, alternately solve the S GW problems (C_s, q_s) → (C, p) by {@link GromovWasserstein}
 *       (relative tolerance 1e-5, as POT's inner call) and set C = Σ λ_s T_sᵀ C_s T_s / (p pᵀ), the exact minimiser
 *       in C of the square loss for fixed plans.</li>
 *   <li>Fused GW: from plans T_s = p q_sᵀ, alternately set X_i = Σ_s λ_s Σ_j (T_s)_ij (Y_s)_j / p_i (the exact
 *       minimiser in X), M_s = ‖X_i − (Y_s)_j‖², C = Σ λ_s T_s C_s T_sᵀ / (p pᵀ), then solve the S fused problems
 *       (M_s, C, C_s, p, q_s, α); either C or X may be held fixed at a given value.</li>
 * </ul>
 * The weights λ are normalised to sum to 1 (the minimiser does not depend on their scale; POT uses them as given).
 * The iteration stops when the Frobenius change of C (and of X) in one round is at most the tolerance. Each round
 * costs S GW solves. Not convex: the result is a fixed point of the alternation from the given start. From p q_sᵀ
 * with nothing fixed the first fused problems are all ties (every row of each M_s equal, C constant): POT's line
 * search stays at that constant point, this one's steps to the network simplex's vertex and moves on.
 */
public final class GromovBarycenter {

    /** How the iteration ended. */
    public enum Status {
        /** C (and X) changed by at most the tolerance in the last round. */
        CONVERGED,
        /** The round limit stopped the method first. */
        MAX_ITERATIONS;

        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result: the barycenter's structure C, its features X (null for the GW barycenter), the objective
     * Σ λ_s (F)GW at the final plans with the final C and X, the plans T_s (for GW from space s to the barycenter,
     * n_s×N; for fused GW from the barycenter to space s, N×n_s, as POT), the rounds, the status and the last change.
     */
    public record Result(Matrix structure, Matrix features, double cost, List<Matrix> plans, int iterations, Status status,
            double change) {
        public boolean converged() { return status.converged(); }
    }

    /** Tolerance on the Frobenius change of C (and X) in one round, and the round limit. */
    public record Options(double tolerance, int maxIterations) {
        public Options {
            Checks.positiveFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
        }

        /** POT's tolerance 1e-9; 1000 rounds (POT's gromov_barycenters; its fgw_barycenters stops at 100). */
        public static Options defaults() { return new Options(1e-9, 1000); }
    }

    private final Options options;

    private GromovBarycenter(Options options) { this.options = options; }

    public static GromovBarycenter defaults() { return new GromovBarycenter(Options.defaults()); }

    public GromovBarycenter withTolerance(double tolerance) {
        return new GromovBarycenter(new Options(tolerance, options.maxIterations()));
    }

    public GromovBarycenter withMaxIterations(int n) {
        return new GromovBarycenter(new Options(options.tolerance(), n));
    }

    public Options options() { return options; }

    /** The inner solver: POT's barycenters call GW with a relative tolerance of 1e-5 and their own round limit. */
    private GromovWasserstein inner() {
        return GromovWasserstein.defaults().withTolerance(1e-5, 1e-9).withMaxIterations(options.maxIterations());
    }

    /** The GW barycenter of (C_s, q_s) with weights λ on the measure p, from the structure {@code start} (N×N). */
    public Result solve(List<Matrix> cs, List<DiscreteMeasure> qs, double[] lambdas, DiscreteMeasure p, Matrix start) {
        double[] w = checkSpaces(cs, qs, lambdas, p);
        checkStructure(start, p.size(), "start");
        GromovWasserstein gw = inner();
        Matrix c = start;
        List<Matrix> plans = new ArrayList<>();
        double change;
        int it = 0;
        do {
            it++;
            plans.clear();
            for (int s = 0; s < cs.size(); s++) plans.add(dense(gw.solve(cs.get(s), c, qs.get(s), p).plan()));
            Matrix next = Matrix.zeros(p.size(), p.size());
            for (int s = 0; s < cs.size(); s++) next = next.plus(plans.get(s).transpose().times(cs.get(s)).times(plans.get(s)).scale(w[s]));
            next = divideByOuter(next, p.weights());
            change = next.minus(c).frobeniusNorm();
            c = next;
        } while (change > options.tolerance() && it < options.maxIterations());
        double cost = 0;
        for (int s = 0; s < cs.size(); s++) {
            cost += w[s] * new LossTensor(cs.get(s), c, qs.get(s).weights(), p.weights()).loss(plans.get(s));
        }
        return new Result(c, null, cost, List.copyOf(plans), it, change <= options.tolerance() ? Status.CONVERGED : Status.MAX_ITERATIONS,
                change);
    }

    /**
     * The fused-GW barycenter of (C_s, Y_s, q_s) with weights λ and structure weight α on the measure p of size N;
     * {@code fixedStructure} (N×N) or {@code fixedFeatures} (N×d), when not null, hold C or X at that value.
     */
    public Result solveFused(List<Matrix> ys, List<Matrix> cs, List<DiscreteMeasure> qs, double[] lambdas, double alpha,
            DiscreteMeasure p, Matrix fixedStructure, Matrix fixedFeatures) {
        double[] w = checkSpaces(cs, qs, lambdas, p);
        if (ys == null || ys.size() != cs.size()) throw new IllegalArgumentException("give one feature matrix Y_s for each space");
        int n = p.size(), d = ys.get(0).cols();
        for (int s = 0; s < ys.size(); s++) {
            Matrix y = ys.get(s);
            if (y.rows() != qs.get(s).size() || y.cols() != d) {
                throw new IllegalArgumentException("features Y_" + s + " are " + y.rows() + "x" + y.cols() + ", expected "
                        + qs.get(s).size() + "x" + d);
            }
            if (!y.allFinite()) throw new IllegalArgumentException("features Y_" + s + " must have finite entries");
        }
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        if (fixedStructure != null) checkStructure(fixedStructure, n, "fixed structure");
        if (fixedFeatures != null && (fixedFeatures.rows() != n || fixedFeatures.cols() != d || !fixedFeatures.allFinite())) {
            throw new IllegalArgumentException("fixed features must be finite and " + n + "x" + d);
        }
        GromovWasserstein gw = inner();
        List<Matrix> plans = new ArrayList<>();
        for (DiscreteMeasure q : qs) plans.add(Matrix.outer(p.weights(), q.weights()));
        Matrix c = fixedStructure != null ? fixedStructure : Matrix.zeros(n, n);
        Matrix x = fixedFeatures != null ? fixedFeatures : Matrix.zeros(n, d);
        List<Matrix> ms = new ArrayList<>();
        double change;
        int it = 0;
        do {
            it++;
            Matrix cPrev = c, xPrev = x;
            if (fixedFeatures == null) {
                Matrix next = Matrix.zeros(n, d);
                for (int s = 0; s < cs.size(); s++) next = next.plus(plans.get(s).times(ys.get(s)).scale(w[s]));
                x = divideRows(next, p.weights());
            }
            ms.clear();
            for (Matrix y : ys) ms.add(CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN).toMatrix()); // POT's default ot.dist
            if (fixedStructure == null) {
                Matrix next = Matrix.zeros(n, n);
                for (int s = 0; s < cs.size(); s++) {
                    next = next.plus(plans.get(s).times(cs.get(s)).times(plans.get(s).transpose()).scale(w[s]));
                }
                c = divideByOuter(next, p.weights());
            }
            plans.clear();
            for (int s = 0; s < cs.size(); s++) plans.add(dense(gw.solveFused(ms.get(s), alpha, c, cs.get(s), p, qs.get(s)).plan()));
            change = Math.max(x.minus(xPrev).frobeniusNorm(), c.minus(cPrev).frobeniusNorm());
        } while (change > options.tolerance() && it < options.maxIterations());
        double cost = 0;
        for (int s = 0; s < cs.size(); s++) {
            Matrix t = plans.get(s);
            double structure = new LossTensor(c, cs.get(s), p.weights(), qs.get(s).weights()).loss(t);
            cost += w[s] * ((1 - alpha) * ms.get(s).dot(t) + alpha * structure);
        }
        return new Result(c, x, cost, List.copyOf(plans), it, change <= options.tolerance() ? Status.CONVERGED : Status.MAX_ITERATIONS,
                change);
    }

    private static Matrix dense(TransportPlan plan) {
        return Matrix.fromRowMajor(plan.rows(), plan.cols(), plan.toDense());
    }

    /** The weights λ normalised, after checking the spaces, their measures and p. */
    private static double[] checkSpaces(List<Matrix> cs, List<DiscreteMeasure> qs, double[] lambdas, DiscreteMeasure p) {
        if (cs == null || qs == null || lambdas == null
                || p == null) throw new IllegalArgumentException("spaces, weights and p must not be null");
        if (cs.isEmpty()) throw new IllegalArgumentException("give at least one space");
        if (qs.size() != cs.size() || lambdas.length != cs.size()) {
            throw new IllegalArgumentException("give one measure and one weight λ per space: " + cs.size() + " spaces, " + qs.size()
                    + " measures, " + lambdas.length + " weights");
        }
        for (int i = 0; i < p.size(); i++) {
            if (!(p.weight(i) > 0)) throw new IllegalArgumentException("p must have positive weights, got " + p.weight(i) + " at " + i);
        }
        double total = 0;
        for (double l : lambdas) {
            if (!(l >= 0)
                    || Double.isInfinite(l)) throw new IllegalArgumentException("the weights λ must be finite and non-negative, got " + l);
            total += l;
        }
        if (!(total > 0)) throw new IllegalArgumentException("the weights λ must not all be zero");
        double[] w = new double[lambdas.length];
        for (int s = 0; s < w.length; s++) {
            w[s] = lambdas[s] / total;
            GromovWasserstein.check(GromovLoss.SQUARE, cs.get(s), cs.get(s), qs.get(s), qs.get(s));
            Checks.balanced(qs.get(s).totalMass(), p.totalMass());
        }
        return w;
    }

    private static void checkStructure(Matrix c, int n, String name) {
        if (c == null) throw new IllegalArgumentException(name + " must not be null");
        if (c.rows() != n || c.cols() != n) throw new IllegalArgumentException(name + " is " + c.rows() + "x" + c.cols()
                + ", expected " + n + "x" + n);
        if (!c.allFinite()) throw new IllegalArgumentException(name + " must have finite entries");
    }

    private static Matrix divideByOuter(Matrix m, double[] p) {
        double[] d = m.toRowMajor();
        int n = p.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) d[i * n + k] /= p[i] * p[k];
        }
        return Matrix.fromRowMajor(n, n, d);
    }

    private static Matrix divideRows(Matrix m, double[] p) {
        double[] d = m.toRowMajor();
        int cols = m.cols();
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < cols; j++) d[i * cols + j] /= p[i];
        }
        return Matrix.fromRowMajor(p.length, cols, d);
    }
}
