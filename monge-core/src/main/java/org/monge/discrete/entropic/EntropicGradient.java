package org.monge.discrete.entropic;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;
import org.monge.linalg.Vectors;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The entropic OT value OT_ε(a, b) = min ⟨π, C⟩ + ε KL(π ‖ a⊗b) ({@link Sinkhorn}'s {@code objective}) with
 * its gradient with respect to the weights and the points of both sides, from one solution (envelope theorem
 * on the dual max ⟨a, f⟩ + ⟨b, g⟩ − ε⟨a⊗b, e^{(f⊕g−C)/ε} − 1⟩; Feydy et al. 2019, Prop. 2 and §3.2; Peyré
 * &amp; Cuturi 2019, Prop. 9.2):
 * <ul>
 * <li>weights: ∂/∂a_i = f_i − ε + ε m(b), a constant away from f; on the simplex tangent (the value is
 *   defined for equal masses only) this is f centred, {@link ValueAndGradient#tangent}; likewise g for b;</li>
 * <li>points: ∂/∂x_i = Σ_j π_ij ∇_x c(x_i, y_j), ∂/∂y_j = Σ_i π_ij ∇_y c(x_i, y_j), with
 *   π_ij = a_i b_j e^{(f_i + g_j − c_ij)/ε} ({@link CostGradient}).</li>
 * </ul>
 * The value is smooth (strictly convex problem, unique potentials up to the constant), so these are gradients;
 * their accuracy is that of the potentials, i.e. of the solver's tolerance. Only the product reference a⊗b is
 * covered (another reference changes the weight derivative).
 *
 * <p>Cost: one pass over the m·n pairs that computes each plan entry once and accumulates both sides (the row
 * sums Σ_j π_ij y_j and, in per-thread column accumulators, Σ_i π_ij x_i), rows in parallel; for squared
 * Euclidean costs the pass is vectorised like {@link Sinkhorn}'s on-the-fly rows (exponents shifted by the
 * row's maximum, then {@link FastExp}). About one Sinkhorn iteration, against the many of the solve.
 */
public final class EntropicGradient {
    private EntropicGradient() {}

    /** Solves OT_ε between two weighted point clouds with {@code solver} (product reference) and returns its gradient. */
    public static ValueAndGradient valueAndGradient(DiscreteMeasure a, DiscreteMeasure b, Metric metric, Sinkhorn solver) {
        requireProduct(solver);
        CostGradient.of(metric);
        Sinkhorn.Result r = solver.solve(a, b, CostMatrix.fromPoints(a.support(), b.support(), metric));
        return fromSolution(a, b, metric, r);
    }

    /** The gradient from a solution between two weighted point clouds (solved with the product reference). */
    public static ValueAndGradient fromSolution(DiscreteMeasure a, DiscreteMeasure b, Metric metric, Sinkhorn.Result r) {
        double[][] g = positions(a.support().toArray(), a.weights(), r.f(), b.support().toArray(), b.weights(), r.g(), r.epsilon(), metric);
        int d = a.support().cols();
        return new ValueAndGradient(r.objective(), Matrix.fromRowMajor(a.size(), d, g[0]), ValueAndGradient.tangent(r.f()),
                Matrix.fromRowMajor(b.size(), d, g[1]), ValueAndGradient.tangent(r.g()));
    }

    /** Weight gradients only, from a solution of {@code problem} (its cost need not come from points). */
    public static ValueAndGradient fromSolution(TransportProblem problem, Sinkhorn.Result r) {
        if (problem.cost() instanceof CostMatrix.FromPoints fp) {
            double[][] xs = CostViews.sourcePoints(fp), ys = CostViews.targetPoints(fp);
            double[][] g = positions(xs, problem.a().weights(), r.f(), ys, problem.b().weights(), r.g(), r.epsilon(), fp.metric());
            int d = fp.dimension();
            return new ValueAndGradient(r.objective(), Matrix.fromRowMajor(xs.length, d, g[0]), ValueAndGradient.tangent(r.f()),
                    Matrix.fromRowMajor(ys.length, d, g[1]), ValueAndGradient.tangent(r.g()));
        }
        return new ValueAndGradient(r.objective(), null, ValueAndGradient.tangent(r.f()), null, ValueAndGradient.tangent(r.g()));
    }

    static void requireProduct(Sinkhorn solver) {
        if (!(solver.options().reference() instanceof ReferenceMeasure.Product)) {
            throw new IllegalArgumentException("reference: the gradient is derived for the product reference a⊗b only");
        }
    }

    /**
     * {Σ_j π_ij ∇_x c(x_i, y_j) (row-major n×d), Σ_i π_ij ∇_y c(x_i, y_j) (row-major m×d)} for
     * π_ij = a_i b_j e^{(f_i + g_j − c_ij)/ε}: one pass over the pairs, rows in parallel blocks.
     */
    static double[][] positions(double[][] xs, double[] a, double[] f, double[][] ys, double[] b, double[] g, double eps, Metric metric) {
        return positions(xs, a, f, ys, b, g, eps, metric, true);
    }

    /**
     * As {@link #positions(double[][], double[], double[], double[][], double[], double[], double, Metric)}; without
     * {@code columns} only the first (row) side is computed and the second is null. For a self term OT_ε(α, α)
     * with the symmetric potential f = g = (f_αα + g_αα)/2 the plan is symmetric and the two sides are equal, so
     * the row side alone, doubled, is its point gradient (half the work of both sides).
     */
    static double[][] positions(double[][] xs, double[] a, double[] f, double[][] ys, double[] b, double[] g, double eps, Metric metric,
                                boolean columns) {
        CostGradient.Gradient grad = CostGradient.of(metric);
        int n = xs.length, m = ys.length, d = n > 0 ? xs[0].length : 0;
        double invEps = 1 / eps;
        double[] lp = new double[n], w = new double[m], shift = new double[n];
        for (int i = 0; i < n; i++) {
            lp[i] = f[i] * invEps + Math.log(a[i]);
            shift[i] = -f[i] * invEps; // log Σ_j e^{w_j − c_ij/ε} at the fixed point, where row i sums to a_i
        }
        for (int j = 0; j < m; j++) w[j] = g[j] * invEps + Math.log(b[j]);
        double[] gx = new double[n * d];
        int blocks = Math.max(1, Math.min(n, 4 * Runtime.getRuntime().availableProcessors()));
        double[][] gyParts = new double[blocks][];
        boolean sq = metric == Metric.SQEUCLIDEAN;
        double[][] yc = sq ? byDimension(ys, d) : null;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int i0 = (int) ((long) n * blk / blocks), i1 = (int) ((long) n * (blk + 1) / blocks);
            double[] gy = columns ? new double[m * d] : null;
            if (sq) squaredBlock(xs, yc, lp, shift, w, invEps, i0, i1, gx, gy);
            else genericBlock(xs, ys, lp, w, invEps, metric, grad, i0, i1, gx, gy);
            gyParts[blk] = gy;
        });
        if (!columns) return new double[][] {gx, null};
        double[] gy = new double[m * d];
        for (double[] part : gyParts) for (int k = 0; k < gy.length; k++) gy[k] += part[k];
        return new double[][] {gx, gy};
    }

    /** Any metric: π_ij by {@link Math#exp}, ∇c by {@link CostGradient}. */
    private static void genericBlock(double[][] xs, double[][] ys, double[] lp, double[] w, double invEps, Metric metric,
                                     CostGradient.Gradient grad, int i0, int i1, double[] gx, double[] gy) {
        int m = ys.length, d = xs[0].length;
        double[] t = new double[d];
        for (int i = i0; i < i1; i++) {
            if (lp[i] == Double.NEGATIVE_INFINITY) continue;
            for (int j = 0; j < m; j++) {
                double p = Math.exp(lp[i] + w[j] - metric.cost(xs[i], ys[j]) * invEps);
                if (p == 0) continue;
                Arrays.fill(t, 0);
                grad.add(xs[i], ys[j], p, t);
                for (int k = 0; k < d; k++) gx[i * d + k] += t[k];
                if (gy != null) for (int k = 0; k < d; k++) gy[j * d + k] -= t[k];
            }
        }
    }

    /**
     * Squared Euclidean costs, vectorisable loops over j. Exponents t_j = w_j − c_ij/ε − s_i are shifted by the
     * row's log-sum-exp at the fixed point, s_i = −f_i/ε, so that FastExp sees moderate arguments without a max
     * pass; a row whose shifted sum leaves (1e-3, 1e25) (potentials far from converged) is redone shifted by its
     * largest exponent (terms below e^−64 of the shift count as that, negligible). Then π_ij = e^{s_i + lp_i} e^{t_j},
     * gx_i = 2(r_i x_i − Σ_j π_ij y_j) and, when gy is given, into the block's column accumulators s_j += π_ij,
     * X_j += π_ij x_i, and at the end gy_j = 2(s_j y_j − X_j).
     */
    private static void squaredBlock(double[][] xs, double[][] yc, double[] lp, double[] shift, double[] w, double invEps, int i0, int i1,
                                     double[] gx, double[] gy) {
        int d = yc.length, m = w.length;
        boolean columns = gy != null;
        double[] t = new double[m], s = columns ? new double[m] : null, sy = new double[d];
        double[][] acc = columns ? new double[d][m] : null;
        for (int i = i0; i < i1; i++) {
            if (lp[i] == Double.NEGATIVE_INFINITY) continue;
            double[] x = xs[i];
            double sh = shift[i];
            exponents(x, yc, w, invEps, sh, t);
            for (int j = 0; j < m; j++) t[j] = FastExp.exp(t[j]);
            double sum = rowSums(t, yc, sy);
            if (!(sum > 1e-3 && sum < 1e25)) {
                exponents(x, yc, w, invEps, 0, t);
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) mx = Math.max(mx, t[j]);
                if (mx == Double.NEGATIVE_INFINITY) continue;
                sh = mx;
                for (int j = 0; j < m; j++) t[j] = FastExp.exp(t[j] - mx);
                sum = rowSums(t, yc, sy);
            }
            double scale = Math.exp(sh + lp[i]), r = scale * sum;
            for (int k = 0; k < d; k++) sy[k] *= scale;
            for (int k = 0; k < d; k++) gx[i * d + k] = 2 * (r * x[k] - sy[k]);
            if (columns && d == 2) {
                double[] a0 = acc[0], a1 = acc[1];
                double x0 = x[0], x1 = x[1];
                for (int j = 0; j < m; j++) {
                    double p = scale * t[j];
                    s[j] += p;
                    a0[j] += p * x0;
                    a1[j] += p * x1;
                }
            } else if (columns) {
                for (int j = 0; j < m; j++) s[j] += scale * t[j];
                for (int k = 0; k < d; k++) {
                    double[] ak = acc[k];
                    double xk = scale * x[k];
                    for (int j = 0; j < m; j++) ak[j] += t[j] * xk;
                }
            }
        }
        if (!columns) return;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < d; k++) gy[j * d + k] = 2 * (s[j] * yc[k][j] - acc[k][j]);
        }
    }

    /** Returns Σ_j t_j and sets sy[k] = Σ_j t_j y_jk, in one loop for d = 2. */
    private static double rowSums(double[] t, double[][] yc, double[] sy) {
        int m = t.length, d = yc.length;
        if (d == 2) {
            double[] y0 = yc[0], y1 = yc[1];
            double r = 0, s0 = 0, s1 = 0;
            for (int j = 0; j < m; j++) {
                double p = t[j];
                r += p;
                s0 += p * y0[j];
                s1 += p * y1[j];
            }
            sy[0] = s0;
            sy[1] = s1;
            return r;
        }
        for (int k = 0; k < d; k++) sy[k] = Vectors.dot(t, 0, yc[k], 0, m);
        return Vectors.sum(t, 0, m);
    }

    /** t_j = w_j − |x − y_j|²/ε − shift, the cost loop fused for d = 2. */
    private static void exponents(double[] x, double[][] yc, double[] w, double invEps, double shift, double[] t) {
        int m = w.length, d = yc.length;
        if (d == 2) {
            double x0 = x[0], x1 = x[1];
            double[] y0 = yc[0], y1 = yc[1];
            for (int j = 0; j < m; j++) {
                double e0 = x0 - y0[j], e1 = x1 - y1[j];
                t[j] = w[j] - (e0 * e0 + e1 * e1) * invEps - shift;
            }
            return;
        }
        Arrays.fill(t, 0, m, 0.0);
        for (int k = 0; k < d; k++) {
            double xk = x[k];
            double[] yk = yc[k];
            for (int j = 0; j < m; j++) {
                double e = xk - yk[j];
                t[j] += e * e;
            }
        }
        for (int j = 0; j < m; j++) t[j] = w[j] - t[j] * invEps - shift;
    }

    /** c[k][j] = coordinate k of point j. */
    private static double[][] byDimension(double[][] p, int d) {
        double[][] c = new double[d][p.length];
        for (int j = 0; j < p.length; j++) for (int k = 0; k < d; k++) c[k][j] = p[j][k];
        return c;
    }
}
