package org.monge.discrete.entropic;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;

import java.util.stream.IntStream;

/**
 * The multiscale warm start of Sinkhorn on large point clouds: cluster each cloud on a grid into about
 * one point in {@link #COARSENING}, solve the problem between the clustered clouds (itself multiscale while
 * large enough, with ε-scaling), and carry its potentials over to the points by one soft c-transform each.
 * The full problem then starts near its fixed point and usually needs only a few iterations at the target
 * ε, where from scratch it would need the whole ε-scaling at full size (Schmitzer 2019, §4; Feydy 2020,
 * §3.3, as in GeomLoss).
 */
final class MultiscaleStart {
    /** Points per coarse point. */
    static final int COARSENING = 8;

    private MultiscaleStart() {}

    /**
     * Whether the warm start applies: it is on, in the log domain, for point clouds of at least
     * {@link Sinkhorn#MULTISCALE_MIN} points a side whose costs are computed on the fly, with the reference a⊗b.
     */
    static boolean applies(Sinkhorn.Options o, CostMatrix c) {
        int n = c.rows(), m = c.cols();
        Sinkhorn.Storage storage = o.storage();
        boolean onTheFly = storage == Sinkhorn.Storage.ON_THE_FLY
                || (storage == Sinkhorn.Storage.AUTO && (long) n * m > Sinkhorn.DENSE_LIMIT);
        return o.multiscale() && o.logDomain() && onTheFly && c instanceof CostMatrix.FromPoints
                && o.reference() instanceof ReferenceMeasure.Product && Math.min(n, m) >= Sinkhorn.MULTISCALE_MIN;
    }

    /** Potentials (f0, g0) from the problem between coarsened clouds solved by {@code coarse}, or null if that solve broke down. */
    static double[][] potentials(Sinkhorn coarse, double[] aw, double[] bw, CostMatrix.FromPoints c) {
        double[][] xs = CostViews.sourcePoints(c), ys = CostViews.targetPoints(c);
        GridCoarsening.Coarse cx = GridCoarsening.of(xs, aw, Math.max(1, xs.length / COARSENING));
        GridCoarsening.Coarse cy = GridCoarsening.of(ys, bw, Math.max(1, ys.length / COARSENING));
        Sinkhorn.Result r = coarse.solve(DiscreteMeasure.of(cx.weights()), DiscreteMeasure.of(cy.weights()),
                CostMatrix.fromPoints(Matrix.of(cx.points()), Matrix.of(cy.points()), c.metric()));
        for (double v : r.f()) if (!Double.isFinite(v)) return null;
        for (double v : r.g()) if (!Double.isFinite(v)) return null;
        double eps = r.epsilon();
        return new double[][] {
                softTransform(xs, cy, r.g(), c.metric(), eps),
                softTransform(ys, cx, r.f(), c.metric(), eps)};
    }

    /** u(p) = −ε log Σ_J w_J exp((pot_J − c(p, P_J))/ε) at each point p (a c-transform against the coarse cloud). */
    private static double[] softTransform(double[][] points, GridCoarsening.Coarse coarse, double[] pot, Metric metric, double eps) {
        LogKernel k = LogKernel.of(CostMatrix.fromPoints(Matrix.of(points), Matrix.of(coarse.points()), metric),
                ReferenceMeasure.product());
        double invEps = 1 / eps;
        double[] w = new double[coarse.size()];
        for (int j = 0; j < w.length; j++) w[j] = pot[j] * invEps + Math.log(coarse.weights()[j]);
        double[] out = new double[points.length];
        IntStream.range(0, points.length).parallel().forEach(i -> out[i] = -eps * k.lse(i, w, invEps, Double.NaN));
        return out;
    }
}
