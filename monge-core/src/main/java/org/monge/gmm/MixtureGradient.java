package org.monge.gmm;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianGradient;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.List;

/**
 * MW2² between two Gaussian mixtures ({@link MixtureTransport}) with its gradient with respect to the weights,
 * means and covariances of both, from one solution by the envelope theorem: MW2² = min_w Σ_kl w_kl W2²(N_k, N_l)
 * is the value of a K×L transport problem whose costs depend smoothly on the components, so
 * <ul>
 * <li>∂/∂p_k, ∂/∂q_l: the dual potentials of that problem (network simplex), centred on the simplex tangent
 *   ({@link ValueAndGradient#tangent});</li>
 * <li>∂/∂m_k = Σ_l w_kl ∂W2²(N_k, N_l)/∂m_k and ∂/∂S_k = Σ_l w_kl ∂W2²(N_k, N_l)/∂S_k with the closed-form
 *   Bures gradients of {@link BuresGradient} (trace inner product on symmetric matrices), likewise for the
 *   second mixture.</li>
 * </ul>
 * As for exact discrete OT ({@code org.monge.discrete.exact.ExactGradient}): the weight part is a subgradient
 * of a convex piecewise-linear function, the gradient where the potentials are unique; the component part is
 * the gradient where the optimal coupling w is unique (generic mixtures) and a supergradient-like one-sided
 * derivative where it is not. Covariances must be positive definite (the Bures gradient blows up at the
 * boundary of the cone). Cost: the K·L Bures distances and the K×L simplex of the value, plus, for each of the
 * at most K + L − 1 pairs the coupling uses, one symmetric eigendecomposition with eigenvectors of the congruence
 * the value decomposed for eigenvalues only (both covariance gradients of a pair come from it, see
 * {@link #covarianceGradients}; hand-written Jacobi rotations up to d = 8), and one triangular inverse per
 * component of the first mixture.
 *
 * @param value MW2²
 * @param weights0 ∂/∂p_k (centred), {@code means0} row k ∂/∂m_k, {@code covariances0} ∂/∂S_k; likewise for the second mixture
 */
public record MixtureGradient(double value, double[] weights0, Matrix means0, List<Matrix> covariances0, double[] weights1, Matrix means1,
                              List<Matrix> covariances1) {

    /** MW2² between a and b and its gradient; a coupling that is not certified optimal is an IllegalStateException. */
    public static MixtureGradient valueAndGradient(GaussianMixture a, GaussianMixture b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("mixtures have dimensions " + a.dimension() + " and " + b.dimension());
        }
        int k = a.size(), l = b.size(), d = a.dimension();
        double[] c = MixtureTransport.componentCosts(a, b);
        double max = 0;
        for (double v : c) max = Math.max(max, v);
        int e = Scaling.exponent(max); // solved on costs divided by a power of two (exact), as MixtureTransport does
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a.weights()), DiscreteMeasure.of(b.weights()),
                CostMatrix.dense(k, l, Scaling.scalb(c, -e)));
        if (!r.isOptimal()) throw new IllegalStateException("network simplex ended with status " + r.status());
        double[] m0 = new double[k * d], m1 = new double[l * d];
        double[][] s0 = new double[k][d * d], s1 = new double[l][d * d];
        double[][] lower = new double[k][], inverseLower = new double[k][];
        r.plan().forEachNonZero((i, j, w) -> {
            Gaussian p = a.component(i), q = b.component(j);
            double[] mp = p.mean(), mq = q.mean();
            for (int t = 0; t < d; t++) {
                m0[i * d + t] += 2 * w * (mp[t] - mq[t]);
                m1[j * d + t] += 2 * w * (mq[t] - mp[t]);
            }
            boolean direct = p.isModerate() && q.isModerate() && p.isPositiveDefinite() && q.isPositiveDefinite();
            if (direct && lower[i] == null) {
                Matrix f = p.cholesky().orElseThrow();
                lower[i] = f.toRowMajor();
                inverseLower[i] = Cholesky.invertLower(f).toRowMajor();
            }
            if (!direct || !covarianceGradients(lower[i], inverseLower[i], q.covariance().toRowMajor(), d, w, s0[i], s1[j])) {
                GaussianGradient bures = BuresGradient.of(p, q);
                add(s0[i], w, bures.covariance0().toRowMajor());
                add(s1[j], w, bures.covariance1().toRowMajor());
            }
        });
        List<Matrix> c0 = new ArrayList<>(), c1 = new ArrayList<>();
        for (double[] g : s0) c0.add(Matrix.fromRowMajor(d, d, g).symmetrize());
        for (double[] g : s1) c1.add(Matrix.fromRowMajor(d, d, g).symmetrize());
        double value = Math.max(0, Scaling.requireRepresentable(Math.scalb(r.cost(), e), "MW2²"));
        return new MixtureGradient(value, ValueAndGradient.tangent(Scaling.scalb(r.f(), e)), Matrix.fromRowMajor(k, d, m0),
                List.copyOf(c0), ValueAndGradient.tangent(Scaling.scalb(r.g(), e)), Matrix.fromRowMajor(l, d, m1),
                List.copyOf(c1));
    }

    /**
     * Adds w times both covariance gradients of W2²(p, q) to gp and gq, from one eigendecomposition on the Cholesky
     * factor S_p = L Lᵀ that the value's fidelity term already used: with M = Lᵀ S_q L = V diag(λ) Vᵀ (orthogonally
     * similar to S_p^½ S_q S_p^½), the Brenier matrix p → q is T = L^−ᵀ M^½ L^−1 (T S_p T = S_q, T symmetric positive
     * definite), so ∂/∂S_p = I − T = I − Bᵀ diag(√λ) B with B = Vᵀ L^−1, and ∂/∂S_q = I − T^−1 = I − Cᵀ diag(1/√λ) C
     * with C = Vᵀ Lᵀ: the formulas of {@link BuresGradient}. Row-major d×d arrays throughout (L and L^−1 once per
     * component of the first mixture); the small decomposition by {@link SymmetricEigen#ofSmall}. False, adding
     * nothing, where M has a non-positive eigenvalue at rounding level (then the Bures route answers or refuses).
     */
    private static boolean covarianceGradients(double[] l, double[] li, double[] sq, int d, double w, double[] gp, double[] gq) {
        double[] sl = new double[d * d], m = new double[d * d];
        for (int r = 0; r < d; r++) { // S_q L, L lower triangular
            for (int c = 0; c < d; c++) {
                double t = 0;
                for (int k = c; k < d; k++) t += sq[r * d + k] * l[k * d + c];
                sl[r * d + c] = t;
            }
        }
        for (int r = 0; r < d; r++) { // Lᵀ (S_q L), symmetric: the upper triangle mirrored
            for (int c = r; c < d; c++) {
                double t = 0;
                for (int k = r; k < d; k++) t += l[k * d + r] * sl[k * d + c];
                m[r * d + c] = m[c * d + r] = t;
            }
        }
        SymmetricEigen e = SymmetricEigen.ofSmall(Matrix.fromRowMajor(d, d, m));
        double[] lam = e.eigenvalues(), v = e.eigenvectors().toRowMajor();
        if (!(lam[0] > 0)) return false;
        double[] root = new double[d];
        for (int a = 0; a < d; a++) root[a] = Math.sqrt(lam[a]);
        double[] bp = new double[d * d], cq = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int c = 0; c < d; c++) {
                double tb = 0, tc = 0;
                for (int k = c; k < d; k++) tb += v[k * d + a] * li[k * d + c]; // (Vᵀ L^−1)_ac, L^−1 lower
                for (int k = 0; k <= c; k++) tc += v[k * d + a] * l[c * d + k]; // (Vᵀ Lᵀ)_ac
                bp[a * d + c] = tb;
                cq[a * d + c] = tc;
            }
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double tp = 0, tq = 0;
                for (int a = 0; a < d; a++) {
                    tp += bp[a * d + r] * root[a] * bp[a * d + c];
                    tq += cq[a * d + r] * cq[a * d + c] / root[a];
                }
                double id = r == c ? 1 : 0;
                gp[r * d + c] += w * (id - tp);
                gq[r * d + c] += w * (id - tq);
            }
        }
        return true;
    }

    private static void add(double[] acc, double w, double[] g) {
        for (int t = 0; t < acc.length; t++) acc[t] += w * g[t];
    }
}
