package org.monge.gmm;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianGradient;
import org.monge.linalg.Cholesky;
import org.monge.linalg.CongruenceRoot;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

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
 * at most K + L − 1 pairs the coupling uses, the Brenier matrix T of the pair and its inverse from the congruence
 * Lᵀ S_q L whose eigenvalues the value computed ({@link CongruenceRoot}: from those eigenvalues alone for d ≤ 4,
 * from its eigenvectors above), which give both covariance gradients, I − T and I − T^−1; and one triangular
 * inverse per component of the first mixture.
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
        // the value's eigenvalues of each pair's congruence, kept where CongruenceRoot can use them (small d)
        double[] lam = d <= CongruenceRoot.POLYNOMIAL_MAX ? new double[k * l * d] : null;
        double[] c = MixtureTransport.componentCosts(a, b, lam);
        double max = 0;
        for (double v : c) max = Math.max(max, v);
        int e = Scaling.exponent(max); // solved on costs divided by a power of two (exact), as MixtureTransport does
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a.weights()), DiscreteMeasure.of(b.weights()),
                CostMatrix.dense(k, l, Scaling.scalb(c, -e)));
        if (!r.isOptimal()) throw new IllegalStateException("network simplex ended with status " + r.status());
        double[] m0 = new double[k * d], m1 = new double[l * d];
        double[][] s0 = new double[k][d * d], s1 = new double[l][d * d];
        double[][] lower = new double[k][], inverseLower = new double[k][], second = new double[l][];
        double[][] roots = new double[k][]; // Σ_l w_kl X_kl over the pairs of component k that take CongruenceRoot
        CongruenceRoot root = new CongruenceRoot(d);
        r.plan().forEachNonZero((i, j, w) -> {
            Gaussian p = a.component(i), q = b.component(j);
            double[] mp = p.mean(), mq = q.mean();
            for (int u = 0; u < d; u++) {
                m0[i * d + u] += 2 * w * (mp[u] - mq[u]);
                m1[j * d + u] += 2 * w * (mq[u] - mp[u]);
            }
            boolean direct = p.isModerate() && q.isModerate() && p.isPositiveDefinite() && q.isPositiveDefinite();
            if (direct && lower[i] == null) {
                Matrix f = p.cholesky().orElseThrow();
                lower[i] = f.toRowMajor();
                inverseLower[i] = Cholesky.invertLower(f).toRowMajor();
                roots[i] = new double[d * d];
            }
            if (direct && second[j] == null) second[j] = q.covariance().toRowMajor();
            if (direct && root.decompose(lower[i], second[j], lam, (i * l + j) * d)) {
                // ∂W2²/∂S_p = I − T (T pulled back once per component below), ∂W2²/∂S_q = I − T^−1 (docs/mathematics.md §1.2)
                root.addRoot(w, roots[i]);
                root.addInverse(-w, lower[i], s1[j]);
                for (int u = 0; u < d; u++) {
                    s0[i][u * (d + 1)] += w;
                    s1[j][u * (d + 1)] += w;
                }
            } else {
                GaussianGradient bures = BuresGradient.of(p, q);
                add(s0[i], w, bures.covariance0().toRowMajor());
                add(s1[j], w, bures.covariance1().toRowMajor());
            }
        });
        double[] pulled = new double[d * d];
        for (int i = 0; i < k; i++) {
            if (roots[i] == null) continue;
            root.pullBack(inverseLower[i], roots[i], pulled);
            add(s0[i], -1, pulled);
        }
        List<Matrix> c0 = new ArrayList<>(), c1 = new ArrayList<>();
        for (double[] g : s0) c0.add(Matrix.fromRowMajor(d, d, g).symmetrize());
        for (double[] g : s1) c1.add(Matrix.fromRowMajor(d, d, g).symmetrize());
        double value = Math.max(0, Scaling.requireRepresentable(Math.scalb(r.cost(), e), "MW2²"));
        return new MixtureGradient(value, ValueAndGradient.tangent(Scaling.scalb(r.f(), e)), Matrix.fromRowMajor(k, d, m0),
                List.copyOf(c0), ValueAndGradient.tangent(Scaling.scalb(r.g(), e)), Matrix.fromRowMajor(l, d, m1),
                List.copyOf(c1));
    }

    private static void add(double[] acc, double w, double[] g) {
        for (int t = 0; t < acc.length; t++) acc[t] += w * g[t];
    }
}
