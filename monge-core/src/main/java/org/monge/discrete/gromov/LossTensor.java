package org.monge.discrete.gromov;

import org.monge.linalg.Matrix;

import java.util.function.DoubleUnaryOperator;

/**
 * The GW objective E(T) = Σ_ijkl L(C1_ik, C2_jl) T_ij T_kl and its gradient on the plans with marginals a and b, in
 * O(n²m + nm²) by the decomposition of Peyré, Cuturi &amp; Solomon (ICML 2016, Prop. 1) for a separable loss
 * L(x, y) = f1(x) + f2(y) − h1(x) h2(y) ({@link GromovLoss}). With T1 = a and Tᵀ1 = b,
 * <pre>  L ⊗ T = c − h1(C1) T h2(C2)ᵀ,   c = f1(C1) a 1ᵀ + 1 bᵀ f2(C2)ᵀ,   E(T) = ⟨L ⊗ T, T⟩</pre>
 * (functions applied entrywise). E is quadratic, so ∇E(T)_ij = Σ_kl L(C1_ik, C2_jl) T_kl + Σ_kl L(C1_ki, C2_lj) T_kl:
 * the same decomposition with both matrices transposed is the second term, and for symmetric C1 and C2 the gradient
 * is 2 (L ⊗ T). For the square loss h2(C2) = 2 C2, so the matrix product is 2 C1 T C2ᵀ.
 */
final class LossTensor {
    private final Matrix f1, f2, h1, h2, h1t, h2t;
    private final Matrix constant, constantTransposed;
    private final boolean symmetric;

    LossTensor(GromovLoss loss, Matrix c1, Matrix c2, double[] a, double[] b) {
        this(apply(c1, loss::f1), apply(c2, loss::f2), apply(c1, loss::h1), apply(c2, loss::h2),
                c1.asymmetry() == 0 && c2.asymmetry() == 0, a, b);
    }

    private LossTensor(Matrix f1, Matrix f2, Matrix h1, Matrix h2, boolean symmetric, double[] a, double[] b) {
        this.f1 = f1;
        this.f2 = f2;
        this.h1 = h1;
        this.h2 = h2;
        this.h1t = h1.transpose();
        this.h2t = h2.transpose();
        this.symmetric = symmetric;
        this.constant = constant(f1, f2, a, b);
        this.constantTransposed = symmetric ? constant : constant(f1.transpose(), f2.transpose(), a, b);
    }

    /**
     * The same loss and spaces for matrices whose row sums are a and column sums b: E is a quadratic form on all
     * n×m matrices, and only its constant term c depends on the marginals. O(n² + m²), sharing f1, f2, h1, h2.
     */
    LossTensor withMarginals(double[] a, double[] b) {
        return new LossTensor(f1, f2, h1, h2, symmetric, a, b);
    }

    /** The square loss, as most callers use. */
    LossTensor(Matrix c1, Matrix c2, double[] a, double[] b) { this(GromovLoss.SQUARE, c1, c2, a, b); }

    /** c_ij = Σ_k f1(C1)_ik a_k + Σ_l f2(C2)_jl b_l. */
    private static Matrix constant(Matrix f1, Matrix f2, double[] a, double[] b) {
        double[] u = f1.times(a), v = f2.times(b);
        double[] c = new double[u.length * v.length];
        for (int i = 0, k = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) c[k++] = u[i] + v[j];
        }
        return Matrix.fromRowMajor(u.length, v.length, c);
    }

    private static Matrix apply(Matrix m, DoubleUnaryOperator f) {
        double[] d = m.toRowMajor();
        for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(d[i]);
        return Matrix.fromRowMajor(m.rows(), m.cols(), d);
    }

    boolean symmetric() { return symmetric; }

    /** h1(C1) T h2(C2)ᵀ, the one quadratic part of L ⊗ T. */
    Matrix cross(Matrix t) {
        return h1.times(t).times(h2t);
    }

    /** L ⊗ T = c − h1(C1) T h2(C2)ᵀ for a plan T with marginals a and b. */
    Matrix tensor(Matrix t) {
        return constant.minus(cross(t));
    }

    /** E(T) = ⟨c, T⟩ − ⟨h1(C1) T h2(C2)ᵀ, T⟩, given cross = h1(C1) T h2(C2)ᵀ. */
    double loss(Matrix t, Matrix cross) {
        return constant.dot(t) - cross.dot(t);
    }

    double loss(Matrix t) {
        return loss(t, cross(t));
    }

    /** ∇E(T), given cross = h1(C1) T h2(C2)ᵀ. */
    Matrix gradient(Matrix t, Matrix cross) {
        Matrix first = constant.minus(cross);
        if (symmetric) return first.scale(2);
        Matrix second = constantTransposed.minus(h1t.times(t).times(h2));
        return first.plus(second);
    }

    Matrix gradient(Matrix t) {
        return gradient(t, cross(t));
    }

    /**
     * The exact line search (Vayer et al., ICML 2019, Alg. 2, for any separable loss): along T + sΔ with Δ keeping
     * the marginals, E = E(T) + β s + γ s² with γ = −⟨h1 Δ h2ᵀ, Δ⟩ and β = ⟨c, Δ⟩ − ⟨h1 Δ h2ᵀ, T⟩ − ⟨h1 T h2ᵀ, Δ⟩,
     * which is ⟨∇E(T), Δ⟩. Returns {β, γ}.
     */
    double[] quadratic(Matrix t, Matrix cross, Matrix delta) {
        Matrix crossDelta = cross(delta);
        double gamma = -crossDelta.dot(delta);
        double beta = constant.dot(delta) - crossDelta.dot(t) - cross.dot(delta);
        return new double[] {beta, gamma};
    }
}
