package org.monge.gmm;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.gaussian.AffineMap;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.BuresWasserstein;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

/**
 * MW2, optimal transport between two Gaussian mixtures restricted to couplings that are mixtures
 * of Gaussians (Delon &amp; Desolneux, "A Wasserstein-type distance in the space of Gaussian
 * mixture models", SIAM J. Imaging Sci. 2020): MW2² = min over couplings w of the component
 * weights of Σ_kl w_kl W2²(N_k, N_l). The K×L discrete problem is solved exactly by
 * {@link NetworkSimplex} on the Bures–Wasserstein cost matrix. MW2 ≥ W2, with equality for single
 * Gaussians and for Dirac masses.
 *
 * <p>The map-like assignment is the barycentric projection of the optimal mixture coupling,
 * T(x) = Σ_kl w_kl N_k(x) T_kl(x) / Σ_k p_k N_k(x), with T_kl the Brenier map N_k → N_l
 * (Delon &amp; Desolneux §6.3, T_mean). Cost: K·L Bures distances plus a K×L network simplex.
 */
public final class MixtureTransport {
    private MixtureTransport() {}

    /** The coupling (K×L), its cost MW2², MW2, the component costs and the solver status. */
    public record Result(Matrix coupling, double squaredDistance, double distance, Matrix componentCosts, NetworkSimplex.Status status) {}

    public static Result solve(GaussianMixture a, GaussianMixture b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("mixtures have dimensions " + a.dimension() + " and " + b.dimension());
        }
        int k = a.size(), l = b.size();
        double[] c = componentCosts(a, b);
        // the simplex sees the costs divided by a power of two near their largest (exact), so that any scale works
        double max = 0;
        for (double v : c) max = Math.max(max, v);
        int e = Scaling.exponent(max);
        CostMatrix scaled = CostMatrix.dense(k, l, Scaling.scalb(c, -e));
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a.weights()), DiscreteMeasure.of(b.weights()), scaled);
        double sq = Math.max(0, Scaling.requireRepresentable(Math.scalb(r.cost(), e), "MW2²"));
        return new Result(Matrix.fromRowMajor(k, l, r.plan().toDense()), sq, Math.sqrt(sq), Matrix.fromRowMajor(k, l, c), r.status());
    }

    /** W2²(N_k, N_l) for every pair of components, row-major K×L. */
    static double[] componentCosts(GaussianMixture a, GaussianMixture b) {
        return componentCosts(a, b, null);
    }

    /**
     * {@link #componentCosts(GaussianMixture, GaussianMixture)}, and unless {@code eigenvalues} is null the eigenvalues
     * of each pair's fidelity congruence at (k·L + l)·d (NaN where there was none; see
     * {@link BuresWasserstein#squaredDistance(org.monge.gaussian.Gaussian, org.monge.gaussian.Gaussian, double[], int)}).
     */
    static double[] componentCosts(GaussianMixture a, GaussianMixture b, double[] eigenvalues) {
        int k = a.size(), l = b.size(), d = a.dimension();
        double[] c = new double[k * l];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < l; j++) {
                c[i * l + j] = BuresWasserstein.squaredDistance(a.component(i), b.component(j), eigenvalues, (i * l + j) * d);
            }
        }
        return c;
    }

    /** T(x) for every row of {@code points}: the barycentric projection of the optimal mixture coupling. */
    public static Matrix assign(GaussianMixture a, GaussianMixture b, Result r, Matrix points) {
        int k = a.size(), l = b.size(), d = a.dimension();
        if (points.cols() != d) {
            throw new IllegalArgumentException("points have " + points.cols() + " columns, the mixtures dimension " + d);
        }
        AffineMap[][] maps = new AffineMap[k][l];
        double[][] w = r.coupling().toArray();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < l; j++) if (w[i][j] > 0) maps[i][j] = BrenierMap.between(a.component(i), b.component(j));
        }
        double[] out = new double[points.rows() * d];
        double[] logs = new double[k];
        for (int n = 0; n < points.rows(); n++) {
            double[] x = points.row(n);
            a.componentLogDensities(x, logs); // log p_k N_k(x)
            double lse = GaussianMixture.logSumExp(logs);
            for (int i = 0; i < k; i++) {
                double post = Math.exp(logs[i] - lse) / a.weight(i); // N_k(x) / ρ(x)
                for (int j = 0; j < l; j++) {
                    if (maps[i][j] == null) continue;
                    double[] y = maps[i][j].apply(x);
                    for (int t = 0; t < d; t++) out[n * d + t] += w[i][j] * post * y[t];
                }
            }
        }
        return Matrix.fromRowMajor(points.rows(), d, out);
    }
}
