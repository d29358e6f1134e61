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
 *
 * <p>For the square loss between point clouds with squared Euclidean intra-costs ({@link #ofClouds}) the matrices are
 * never formed: C1_ik = |x_i|² + |x_k|² − 2 x_i·x_k is A1 B1ᵀ with A1 = [|x|², 1, −2x] and B1 = [1, |x|², x], of rank
 * d1 + 2 (Scetbon, Peyré &amp; Cuturi, ICML 2022, Sec. 3), so C1 T C2ᵀ = A1 ((B1ᵀ T) B2) A2ᵀ costs O(nm(d1 + d2)) and
 * (C1∘C1) a, row by row A1_i (B1ᵀ diag(a) B1) A1_iᵀ, costs O(n d1²); memory O((n + m) d) besides the n×m plan.
 */
final class LossTensor {
    private final Matrix f1, f2, h1, h2, h1t, h2t;
    private final Matrix constant, constantTransposed;
    private final boolean symmetric;
    /** The low-rank factors h1 = a1 b1ᵀ and h2 = a2 b2ᵀ (b1t = b1ᵀ, a2t = a2ᵀ), or null for dense h1, h2. */
    private final Matrix a1, b1t, b2, a2t;
    /** The point clouds of {@link #ofClouds}, kept for {@link #withMarginals}; null for dense. */
    private final Matrix x, y;

    LossTensor(GromovLoss loss, Matrix c1, Matrix c2, double[] a, double[] b) {
        this(apply(c1, loss::f1), apply(c2, loss::f2), apply(c1, loss::h1), apply(c2, loss::h2),
                c1.asymmetry() == 0 && c2.asymmetry() == 0, a, b);
    }

    /** The cloud form; the argument order only tells it from the dense square-loss constructor. */
    private LossTensor(double[] a, double[] b, Matrix x, Matrix y) {
        this.x = x;
        this.y = y;
        this.f1 = this.f2 = this.h1 = this.h2 = this.h1t = this.h2t = null;
        this.symmetric = true;
        Matrix[] fx = factors(x), fy = factors(y);
        this.a1 = fx[0];
        this.b1t = fx[1].transpose();
        this.a2t = fy[0].scale(2).transpose(); // h2 = 2 C2
        this.b2 = fy[1];
        double[] u = squaredTimes(fx[0], fx[1], a), v = squaredTimes(fy[0], fy[1], b);
        this.constant = this.constantTransposed = outerSum(u, v);
    }

    /**
     * The square loss between the squared Euclidean intra-costs of two point clouds (a point a row), by the low-rank
     * factors: no n×n or m×m matrix is formed.
     */
    static LossTensor ofClouds(Matrix x, Matrix y, double[] a, double[] b) {
        return new LossTensor(a, b, x, y);
    }

    /** {A, B} with A Bᵀ the squared Euclidean distances between the rows of p: A = [|p|², 1, −2p], B = [1, |p|², p]. */
    static Matrix[] factors(Matrix p) {
        int n = p.rows(), d = p.cols(), r = d + 2;
        double[] a = new double[n * r], b = new double[n * r];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int k = 0; k < d; k++) sq += p.get(i, k) * p.get(i, k);
            a[i * r] = sq;
            a[i * r + 1] = 1;
            b[i * r] = 1;
            b[i * r + 1] = sq;
            for (int k = 0; k < d; k++) {
                a[i * r + 2 + k] = -2 * p.get(i, k);
                b[i * r + 2 + k] = p.get(i, k);
            }
        }
        return new Matrix[] {Matrix.fromRowMajor(n, r, a), Matrix.fromRowMajor(n, r, b)};
    }

    /** ((A Bᵀ)∘(A Bᵀ)) w: row i is A_i (Bᵀ diag(w) B) A_iᵀ. */
    static double[] squaredTimes(Matrix a, Matrix b, double[] w) {
        int n = a.rows(), r = a.cols();
        double[] m = new double[r * r];
        for (int k = 0; k < b.rows(); k++) {
            for (int p = 0; p < r; p++) {
                double bp = b.get(k, p) * w[k];
                for (int q = 0; q < r; q++) m[p * r + q] += bp * b.get(k, q);
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int p = 0; p < r; p++) {
                double ap = a.get(i, p);
                for (int q = 0; q < r; q++) s += ap * m[p * r + q] * a.get(i, q);
            }
            out[i] = s;
        }
        return out;
    }

    private LossTensor(Matrix f1, Matrix f2, Matrix h1, Matrix h2, boolean symmetric, double[] a, double[] b) {
        this.x = this.y = this.a1 = this.b1t = this.b2 = this.a2t = null;
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
        return x != null ? new LossTensor(a, b, x, y) : new LossTensor(f1, f2, h1, h2, symmetric, a, b);
    }

    /** The square loss, as most callers use. */
    LossTensor(Matrix c1, Matrix c2, double[] a, double[] b) { this(GromovLoss.SQUARE, c1, c2, a, b); }

    /** c_ij = Σ_k f1(C1)_ik a_k + Σ_l f2(C2)_jl b_l. */
    private static Matrix constant(Matrix f1, Matrix f2, double[] a, double[] b) {
        return outerSum(f1.times(a), f2.times(b));
    }

    /** u_i + v_j as an n×m matrix. */
    private static Matrix outerSum(double[] u, double[] v) {
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
        if (a1 != null) return a1.times(b1t.times(t).times(b2)).times(a2t);
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
        if (symmetric) return constant.combine(2, cross, -2); // 2 (c − cross) in one pass, the same doubles
        Matrix first = constant.minus(cross);
        Matrix second = constantTransposed.minus(h1t.times(t).times(h2));
        return first.plus(second);
    }

    Matrix gradient(Matrix t) {
        return gradient(t, cross(t));
    }

    /**
     * The exact line search (Vayer et al., ICML 2019, Alg. 2, for any separable loss): along T + sΔ with Δ keeping
     * the marginals, E = E(T) + β s + γ s² with γ = −⟨h1 Δ h2ᵀ, Δ⟩ and β = ⟨c, Δ⟩ − ⟨h1 Δ h2ᵀ, T⟩ − ⟨h1 T h2ᵀ, Δ⟩,
     * which is ⟨∇E(T), Δ⟩, given cross = h1 T h2ᵀ and crossDelta = h1 Δ h2ᵀ ({@link #cross} of Δ, which the caller
     * keeps: h1 (T + sΔ) h2ᵀ = cross + s crossDelta is the next step's cross without another product). Returns {β, γ}.
     */
    double[] quadratic(Matrix t, Matrix cross, Matrix delta, Matrix crossDelta) {
        double gamma = -crossDelta.dot(delta);
        double beta = constant.dot(delta) - crossDelta.dot(t) - cross.dot(delta);
        return new double[] {beta, gamma};
    }
}
