package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;

/**
 * W_p^p on the real line with its gradient with respect to the points and the weights of both measures,
 * from the monotone (quantile) plan of {@link OneDimensional} and dual potentials built along it.
 *
 * <p><b>Potentials.</b> The monotone plan is the north-west-corner solution of the transport problem between
 * the sorted supports, and a cost |x − y|^p (p ≥ 1) between sorted points is a Monge array, for which the
 * north-west-corner staircase is an optimal basis (Hoffman 1963; Burkard, Klinz &amp; Rudolf 1996). So the
 * potentials solve f_i + g_j = c_ij along the staircase: walking the plan's entries in merge order, each
 * entry shares its source or its target with the previous one; where both change (two cumulative weights
 * tie) the degenerate basic entry (new source, previous target) links them. Points of zero weight are off
 * the staircase and get the c-transform of the other side, min_j c_ij − g_j. The weight gradients are these
 * potentials centred ({@link ValueAndGradient#tangent}); the point gradients are
 * ∂/∂u_i = Σ_j π_ij p|u_i − v_j|^(p−1) sign(u_i − v_j) and its mirror for v (envelope theorem).
 *
 * <p><b>Gradient or not.</b> As for {@link ExactGradient}: the weight part is a subgradient of a convex
 * piecewise-linear function (the gradient where no two cumulative weights tie), the point part the gradient
 * where the monotone plan is the unique optimal plan (distinct points, p &gt; 1) and otherwise a one-sided
 * derivative; for p = 1 and u_i = v_j that term uses the subgradient element 0.
 *
 * <p>Cost: the sort and merge of {@link OneDimensional#value}, O(n + m) after the radix sort, with O(1) work an entry;
 * zero-weight points add O(m) each.
 */
public final class OneDimensionalGradient {
    private OneDimensionalGradient() {}

    /** The raw pieces: cost W_p^p, point gradients du, dv and the (uncentred) potentials f, g. */
    record Raw(double cost, double[] du, double[] dv, double[] f, double[] g) {}

    /**
     * W_p^p between Σ uw_i δ_{u_i} and Σ vw_j δ_{v_j} (null weights: uniform) and its gradient; the point
     * gradients are n×1 and m×1 matrices.
     */
    public static ValueAndGradient valueAndGradient(double[] u, double[] uw, double[] v, double[] vw, double p) {
        Raw r = raw(u, uw, v, vw, p);
        return new ValueAndGradient(r.cost(), Matrix.column(r.du()), ValueAndGradient.tangent(r.f()),
                Matrix.column(r.dv()), ValueAndGradient.tangent(r.g()));
    }

    static Raw raw(double[] u, double[] uw, double[] v, double[] vw, double p) {
        if (uw == null && vw == null && u.length == v.length) return uniform(u, v, p);
        OneDimensional.Staircase st = OneDimensional.staircase(u, uw, v, vw, p);
        double[] us = st.u(), vs = st.v(), d = st.d();
        int[] ks = st.k(), ls = st.l();
        int n = us.length, m = vs.length;
        // in sorted order (sequential access), scattered to the input order at the end
        double[] f = new double[n], g = new double[m], du = new double[n], dv = new double[m];
        boolean[] hasF = new boolean[n], hasG = new boolean[m];
        double cost = 0;
        for (int e = 0; e < st.size(); e++) {
            int i = ks[e], j = ls[e];
            double diff = us[i] - vs[j], ad = Math.abs(diff);
            double c = p == 1 ? ad : p == 2 ? diff * diff : Math.pow(ad, p);
            if (e == 0) {
                hasF[i] = true;
            } else if (!hasF[i] && !hasG[j]) { // a tie: the degenerate entry (i, previous target) joins the staircase
                int jp = ls[e - 1];
                f[i] = cost(us[i], vs[jp], p) - g[jp];
                hasF[i] = true;
            }
            if (!hasG[j]) {
                g[j] = c - f[i];
                hasG[j] = true;
            } else if (!hasF[i]) {
                f[i] = c - g[j];
                hasF[i] = true;
            }
            cost += d[e] * c;
            double slope = p == 1 ? Math.signum(diff) : p == 2 ? 2 * diff : p * Math.pow(ad, p - 1) * Math.signum(diff);
            du[i] += d[e] * slope;
            dv[j] -= d[e] * slope;
        }
        double mass = st.mass();
        double[] fo = new double[n], go = new double[m], duo = new double[n], dvo = new double[m];
        int[] ui = st.uIndex(), vi = st.vIndex();
        for (int i = 0; i < n; i++) {
            fo[ui[i]] = hasF[i] ? f[i] : cTransform(us[i], vs, g, hasG, p);
            duo[ui[i]] = du[i] * mass;
        }
        for (int j = 0; j < m; j++) {
            go[vi[j]] = hasG[j] ? g[j] : cTransform(vs[j], us, f, hasF, p);
            dvo[vi[j]] = dv[j] * mass;
        }
        return new Raw(cost * mass, duo, dvo, fo, go);
    }

    /**
     * Uniform weights on n points a side: the monotone plan pairs the k-th smallest of u with the k-th smallest of
     * v (mass 1/n), every cumulative weight ties, and the staircase is (k, k) joined by the degenerate entries
     * (k, k − 1). Only the two sort orders are needed, as for the value.
     */
    private static Raw uniform(double[] u, double[] v, double p) {
        Checks.exponent(p, "p");
        int n = u.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(u[i])) throw new IllegalArgumentException("u[" + i + "] is not finite: " + u[i]);
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException("v[" + i + "] is not finite: " + v[i]);
        }
        int[] su = RadixSort.order(u), sv = RadixSort.order(v);
        double[] f = new double[n], g = new double[n], du = new double[n], dv = new double[n];
        double cost = 0, w = 1.0 / n, gPrev = 0, vPrev = 0;
        for (int k = 0; k < n; k++) {
            int i = su[k], j = sv[k];
            double x = u[i], y = v[j], diff = x - y, ad = Math.abs(diff);
            double c = p == 1 ? ad : p == 2 ? diff * diff : Math.pow(ad, p);
            double fi = k == 0 ? 0 : cost(x, vPrev, p) - gPrev;
            f[i] = fi;
            g[j] = gPrev = c - fi;
            vPrev = y;
            cost += c;
            double slope = p == 1 ? Math.signum(diff) : p == 2 ? 2 * diff : p * Math.pow(ad, p - 1) * Math.signum(diff);
            du[i] = w * slope;
            dv[j] = -w * slope;
        }
        return new Raw(cost * w, du, dv, f, g);
    }

    /** min over the points of the staircase of |x − y_k|^p − h_k. */
    private static double cTransform(double x, double[] y, double[] h, boolean[] on, double p) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < y.length; k++) if (on[k]) best = Math.min(best, cost(x, y[k], p) - h[k]);
        return best;
    }

    private static double cost(double x, double y, double p) {
        double a = Math.abs(x - y);
        return p == 1 ? a : p == 2 ? a * a : Math.pow(a, p);
    }
}
