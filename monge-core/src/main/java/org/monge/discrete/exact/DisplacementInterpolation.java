package org.monge.discrete.exact;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.linalg.Matrix;

/**
 * McCann's displacement interpolation between two discrete measures: for an optimal plan π of
 * the squared Euclidean cost, μ_t = Σ_ij π_ij δ_{(1−t) x_i + t y_j}, t ∈ [0, 1], the W_2 geodesic
 * from μ_0 = a to μ_1 = b (McCann 1997; Peyré &amp; Cuturi 2019, §7.1; Santambrogio 2015, §5.4):
 * W_2(μ_s, μ_t) = |t − s| W_2(a, b). One point per non-zero of the plan (at most m + n − 1 for the
 * network simplex plan). O(nnz·d) per time.
 */
public final class DisplacementInterpolation {
    private final Matrix x, y;
    private final SparsePlan plan;

    private DisplacementInterpolation(Matrix x, Matrix y, SparsePlan plan) {
        this.x = x;
        this.y = y;
        this.plan = plan;
    }

    /** Solves the exact W_2 problem between a and b (both with support points) and keeps its plan. */
    public static DisplacementInterpolation between(DiscreteMeasure a, DiscreteMeasure b) {
        return of(a.support(), b.support(), ExactWasserstein.solve(a, b, 2).plan());
    }

    /** Interpolation along a given plan between the points x (m×d) and y (n×d). */
    public static DisplacementInterpolation of(Matrix x, Matrix y, SparsePlan plan) {
        if (x.cols() != y.cols()) throw new IllegalArgumentException("x has dimension " + x.cols() + " but y has " + y.cols());
        if (plan.rows() != x.rows() || plan.cols() != y.rows()) {
            throw new IllegalArgumentException("plan is " + plan.rows() + "x" + plan.cols()
                    + " but there are " + x.rows() + " and " + y.rows() + " points");
        }
        return new DisplacementInterpolation(x, y, plan);
    }

    public SparsePlan plan() { return plan; }

    /** μ_t: the point (1−t) x_i + t y_j with mass π_ij for each non-zero of the plan. */
    public DiscreteMeasure at(double t) {
        if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("t must lie in [0, 1], got " + t);
        int k = 0, d = x.cols();
        for (double w : plan.masses()) if (w > 0) k++;
        double[] pts = new double[k * d], w = new double[k];
        int q = 0;
        for (int e = 0; e < plan.nonzeros(); e++) {
            double mass = plan.masses()[e];
            if (!(mass > 0)) continue;
            int i = plan.sources()[e], j = plan.targets()[e];
            for (int c = 0; c < d; c++) pts[q * d + c] = (1 - t) * x.get(i, c) + t * y.get(j, c);
            w[q++] = mass;
        }
        return DiscreteMeasure.of(w, Matrix.fromRowMajor(k, d, pts));
    }
}
