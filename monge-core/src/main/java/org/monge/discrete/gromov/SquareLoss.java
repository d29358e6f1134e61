package org.monge.discrete.gromov;

import org.monge.linalg.Matrix;

/**
 * The square-loss GW objective E(T) = Σ_ijkl (C1_ik − C2_jl)² T_ij T_kl and its gradient on the
 * plans with marginals a and b, in O(n²m + nm²) by the decomposition of Peyré, Cuturi &amp; Solomon
 * (ICML 2016, Prop. 1). Expanding the square, (L ⊗ T)_ij = Σ_kl (C1_ik − C2_jl)² T_kl equals
 * Σ_k C1_ik² (T1)_k + Σ_l C2_jl² (Tᵀ1)_l − 2 Σ_kl C1_ik T_kl C2_jl, so with T1 = a and Tᵀ1 = b
 * <pre>  L ⊗ T = c − 2 C1 T C2ᵀ,   c = (C1∘C1) a 1ᵀ + 1 bᵀ (C2∘C2)ᵀ,   E(T) = ⟨L ⊗ T, T⟩.</pre>
 * E is quadratic, so ∇E(T)_ij = Σ_kl L(C1_ik, C2_jl) T_kl + Σ_kl L(C1_ki, C2_lj) T_kl: the same
 * decomposition with both matrices transposed is the second term, and for symmetric C1 and C2 the
 * gradient is 2 (L ⊗ T).
 */
final class SquareLoss {
    private final Matrix c1, c2, c1t, c2t;
    private final Matrix constant, constantTransposed;
    private final boolean symmetric;

    SquareLoss(Matrix c1, Matrix c2, double[] a, double[] b) {
        this.c1 = c1;
        this.c2 = c2;
        this.c1t = c1.transpose();
        this.c2t = c2.transpose();
        this.symmetric = c1.asymmetry() == 0 && c2.asymmetry() == 0;
        this.constant = constant(c1, c2, a, b);
        this.constantTransposed = symmetric ? constant : constant(c1t, c2t, a, b);
    }

    /** c_ij = Σ_k C1_ik² a_k + Σ_l C2_jl² b_l. */
    private static Matrix constant(Matrix c1, Matrix c2, double[] a, double[] b) {
        double[] u = squared(c1).times(a), v = squared(c2).times(b);
        double[] c = new double[u.length * v.length];
        for (int i = 0, k = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) c[k++] = u[i] + v[j];
        }
        return Matrix.fromRowMajor(u.length, v.length, c);
    }

    private static Matrix squared(Matrix m) {
        double[] d = m.toRowMajor();
        for (int i = 0; i < d.length; i++) d[i] *= d[i];
        return Matrix.fromRowMajor(m.rows(), m.cols(), d);
    }

    boolean symmetric() { return symmetric; }

    /** C1 T C2ᵀ, the one quadratic part of L ⊗ T. */
    Matrix cross(Matrix t) {
        return c1.times(t).times(c2t);
    }

    /** L ⊗ T = c − 2 C1 T C2ᵀ for a plan T with marginals a and b. */
    Matrix tensor(Matrix t) {
        return constant.combine(1, cross(t), -2);
    }

    /** E(T) = ⟨c, T⟩ − 2 ⟨C1 T C2ᵀ, T⟩, given cross = C1 T C2ᵀ. */
    double loss(Matrix t, Matrix cross) {
        return constant.dot(t) - 2 * cross.dot(t);
    }

    double loss(Matrix t) {
        return loss(t, cross(t));
    }

    /** ∇E(T), given cross = C1 T C2ᵀ. */
    Matrix gradient(Matrix t, Matrix cross) {
        Matrix first = constant.combine(1, cross, -2);
        if (symmetric) return first.scale(2);
        Matrix second = constantTransposed.combine(1, c1t.times(t).times(c2), -2);
        return first.plus(second);
    }

    Matrix gradient(Matrix t) {
        return gradient(t, cross(t));
    }

    /**
     * The exact line search for the square loss (Vayer et al., ICML 2019, Alg. 2): along T + αΔ,
     * E = E(T) + β α + γ α² with γ = −2 ⟨C1 Δ C2ᵀ, Δ⟩ and
     * β = ⟨c, Δ⟩ − 2 (⟨C1 Δ C2ᵀ, T⟩ + ⟨C1 T C2ᵀ, Δ⟩), which is ⟨∇E(T), Δ⟩. Returns {β, γ}.
     */
    double[] quadratic(Matrix t, Matrix cross, Matrix delta) {
        Matrix crossDelta = cross(delta);
        double gamma = -2 * crossDelta.dot(delta);
        double beta = constant.dot(delta) - 2 * (crossDelta.dot(t) + cross.dot(delta));
        return new double[] {beta, gamma};
    }
}
