package org.monge.gmm;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianGradient;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Congruence;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

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
        Matrix[] s0 = new Matrix[k], s1 = new Matrix[l];
        for (int i = 0; i < k; i++) s0[i] = Matrix.zeros(d, d);
        for (int j = 0; j < l; j++) s1[j] = Matrix.zeros(d, d);
        Matrix[] lower = new Matrix[k], inverseLower = new Matrix[k];
        r.plan().forEachNonZero((i, j, w) -> {
            Gaussian p = a.component(i), q = b.component(j);
            double[] mp = p.mean(), mq = q.mean();
            for (int t = 0; t < d; t++) {
                m0[i * d + t] += 2 * w * (mp[t] - mq[t]);
                m1[j * d + t] += 2 * w * (mq[t] - mp[t]);
            }
            boolean direct = p.isModerate() && q.isModerate() && p.isPositiveDefinite();
            Matrix[] g = direct ? covarianceGradients(p, q, i, lower, inverseLower) : null;
            if (g == null) {
                GaussianGradient bures = BuresGradient.of(p, q);
                g = new Matrix[] {bures.covariance0(), bures.covariance1()};
            }
            s0[i] = s0[i].combine(1, g[0], w);
            s1[j] = s1[j].combine(1, g[1], w);
        });
        double value = Math.max(0, Scaling.requireRepresentable(Math.scalb(r.cost(), e), "MW2²"));
        return new MixtureGradient(value, ValueAndGradient.tangent(Scaling.scalb(r.f(), e)), Matrix.fromRowMajor(k, d, m0),
                List.of(s0), ValueAndGradient.tangent(Scaling.scalb(r.g(), e)), Matrix.fromRowMajor(l, d, m1),
                List.of(s1));
    }

    /**
     * Both covariance gradients of W2²(p, q) from one eigendecomposition, on the Cholesky factor S_p = L Lᵀ that the
     * value's fidelity term already used: with M = Lᵀ S_q L (orthogonally similar to S_p^½ S_q S_p^½), the Brenier
     * matrix p → q is T = L^−ᵀ M^½ L^−1 (T S_p T = S_q, T symmetric positive definite), so ∂/∂S_p = I − T and
     * ∂/∂S_q = I − T^−1 = I − L M^−½ Lᵀ, the formulas of {@link BuresGradient}. L^−1 is computed once per component
     * of the first mixture, M by the congruence kernel, and its small decomposition by {@link SymmetricEigen#ofSmall}.
     * Null where q is not positive definite (then the Bures route refuses it with its message).
     */
    private static Matrix[] covarianceGradients(Gaussian p, Gaussian q, int i, Matrix[] lower, Matrix[] inverseLower) {
        if (!q.isPositiveDefinite()) return null;
        if (lower[i] == null) {
            lower[i] = p.cholesky().orElseThrow();
            inverseLower[i] = Cholesky.invertLower(lower[i]);
        }
        Matrix l = lower[i], li = inverseLower[i], id = Matrix.identity(p.dimension());
        SymmetricEigen m = SymmetricEigen.ofSmall(Congruence.lowerTransposed(l, q.covariance()));
        return new Matrix[] {id.minus(li.transpose().times(m.sqrt()).times(li)).symmetrize(),
            id.minus(l.times(m.inverseSqrt()).times(l.transpose())).symmetrize()};
    }
}
