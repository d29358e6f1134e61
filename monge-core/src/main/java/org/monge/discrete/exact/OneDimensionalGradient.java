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

    /** Receives each point's potential and derivative, by input index (each point exactly once). */
    interface Sink {
        void source(int i, double f, double du);

        void target(int j, double g, double dv);
    }

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
        double[] f = new double[u.length], g = new double[v.length], du = new double[u.length], dv = new double[v.length];
        double cost = walk(u, uw, v, vw, p, new Sink() {
            @Override
            public void source(int i, double fi, double dui) {
                f[i] = fi;
                du[i] = dui;
            }

            @Override
            public void target(int j, double gj, double dvj) {
                g[j] = gj;
                dv[j] = dvj;
            }
        });
        return new Raw(cost, du, dv, f, g);
    }

    /** W_p^p, each point's potential and derivative handed to {@code sink} (no arrays of the input's size kept). */
    static double walk(double[] u, double[] uw, double[] v, double[] vw, double p, Sink sink) {
        if (uw == null && vw == null && u.length == v.length) return uniform(u, v, p, sink);
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
        int[] ui = st.uIndex(), vi = st.vIndex();
        for (int i = 0; i < n; i++) sink.source(ui[i], hasF[i] ? f[i] : cTransform(us[i], vs, g, hasG, p), du[i] * mass);
        for (int j = 0; j < m; j++) sink.target(vi[j], hasG[j] ? g[j] : cTransform(vs[j], us, f, hasF, p), dv[j] * mass);
        return cost * mass;
    }

    /**
     * Uniform weights on n points a side: the monotone plan pairs the k-th smallest of u with the k-th smallest of
     * v (mass 1/n), every cumulative weight ties, and the staircase is (k, k) joined by the degenerate entries
     * (k, k − 1). Only the two sort orders are needed, as for the value.
     */
    private static double uniform(double[] u, double[] v, double p, Sink sink) {
        Checks.exponent(p, "p");
        int n = u.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(u[i])) throw new IllegalArgumentException("u[" + i + "] is not finite: " + u[i]);
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException("v[" + i + "] is not finite: " + v[i]);
        }
        double[] us = new double[n], vs = new double[n];
        int[] su = RadixSort.order(u, us), sv = RadixSort.order(v, vs);
        double cost = 0, w = 1.0 / n, gPrev = 0, vPrev = 0;
        for (int k = 0; k < n; k++) {
            double x = us[k], y = vs[k], diff = x - y, ad = Math.abs(diff);
            double c = p == 1 ? ad : p == 2 ? diff * diff : Math.pow(ad, p);
            double fi = k == 0 ? 0 : cost(x, vPrev, p) - gPrev;
            gPrev = c - fi;
            vPrev = y;
            cost += c;
            double slope = p == 1 ? Math.signum(diff) : p == 2 ? 2 * diff : p * Math.pow(ad, p - 1) * Math.signum(diff);
            sink.source(su[k], fi, w * slope);
            sink.target(sv[k], gPrev, -w * slope);
        }
        return cost * w;
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
