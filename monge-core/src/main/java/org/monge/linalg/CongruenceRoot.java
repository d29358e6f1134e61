package org.monge.linalg;

/**
 * The Brenier matrix of a pair of positive-definite covariances and its inverse, from the congruence the
 * Bures–Wasserstein value already forms: with S_p = L Lᵀ (lower Cholesky factor) and M = Lᵀ S_q L (orthogonally similar
 * to S_p^½ S_q S_p^½), T = L^−ᵀ M^½ L^−1 is the symmetric positive-definite matrix with T S_p T = S_q, and
 * T^−1 = L M^−½ Lᵀ (docs/mathematics.md §1.2, §9: the covariance gradients of W2² are I − T and I − T^−1). Used per
 * coupled pair by the mixture gradient, where it is the part of the gradient's cost that the value does not pay.
 *
 * <p>The square root X = M^½: for n ≤ {@link #POLYNOMIAL_MAX}, from the eigenvalues the value computed, without
 * eigenvectors. X is a root of its characteristic polynomial Π_i (X − s_i) = Σ_k (−1)^k e_k X^(n−k) (s_i = √λ_i, e_k
 * their elementary symmetric polynomials); its even powers are powers of M, so collecting the terms of the parity of n
 * gives P(M) = X Q(M) with P = Σ_{k ≡ n (mod 2)} e_k M^((n−k)/2) and Q = Σ_{k ≢ n} e_k M^((n−k−1)/2): every coefficient is
 * positive (no cancellation), P and Q commute with X, and X = Q^−1 P by a Cholesky solve. With P = M R + e_n I, the
 * same identity gives X^−1 = (Q − X R)/e_n (one product). On the eigenvector v_j, Q = Π_{i≠j}(s_j + s_i) and P = s_j Q,
 * so the relative error of the solve grows with cond(Q), that of X^−1 with P_max/e_n (its cancellation), both known
 * exactly from the s_i: above {@link #CONDITION_MAX} (a relative error above about 1e-10), and
 * for larger n, X = V diag(s) Vᵀ from the eigenvectors (tred2/tql2, {@link SmallSymmetric#eigenTridiagonal}).
 * Then T = L^−ᵀ X L^−1 and T^−1 = L X^−1 Lᵀ by triangular products, T summed over the pairs that share L before its
 * product. Cost a pair: the congruence (n³), and for n ≤ 4 about 3n³ multiply–adds more (0.5 µs at n = 4 against
 * 0.8 µs for the eigenvectors alone); above, the eigenpairs (about 9n³) and 2n³. Scratch arrays are held by the
 * instance (one per thread), n fixed.
 */
public final class CongruenceRoot {
    /** The largest n whose square root comes from the eigenvalues alone (its P needs at most M²). */
    public static final int POLYNOMIAL_MAX = 4;
    /** The largest cond(Q) and P_max/e_n for which the polynomial route is taken. */
    private static final double CONDITION_MAX = 1e6;

    private final int n;
    private final double[] m, b, x, xi, p, q, sq, e, vectors, work;

    /** Scratch for n×n problems. */
    public CongruenceRoot(int n) {
        if (n < 1) throw new IllegalArgumentException("dimension must be positive, got " + n);
        this.n = n;
        int nn = n * n;
        m = new double[nn];
        b = new double[nn];
        x = new double[nn];
        xi = new double[nn];
        p = new double[nn];
        q = new double[nn];
        vectors = new double[nn];
        sq = new double[n];
        e = new double[n + 1];
        work = new double[n];
    }

    /**
     * Computes X = M^½ and X^−1 for M = Lᵀ S_q L, from L (l, lower triangular, row-major) and S_q (s, symmetric,
     * row-major); {@code eigenvalues}: those of M in any order (offset {@code from}), as the value computed them, or
     * null. False where M has an eigenvalue that is not positive (the pair is on the boundary of the cone).
     */
    public boolean decompose(double[] l, double[] s, double[] eigenvalues, int from) {
        Congruence.into(l, s, n, m, b);
        if (eigenvalues != null && n <= POLYNOMIAL_MAX && polynomialRoot(eigenvalues, from)) return true;
        return eigenvectorRoot();
    }

    /**
     * acc += w X for the last decomposition. The pair's T is L^−ᵀ X L^−1, so a weighted sum of T over pairs that share
     * L is {@link #pullBack} of the weighted sum of their X: one congruence per L instead of one per pair.
     */
    public void addRoot(double w, double[] acc) {
        for (int u = 0; u < n * n; u++) acc[u] += w * x[u];
    }

    /** acc += w T^−1 = w L X^−1 Lᵀ for the last decomposition, L the one it was given. */
    public void addInverse(double w, double[] l, double[] acc) {
        congruence(l, xi, false, p);
        for (int u = 0; u < n * n; u++) acc[u] += w * p[u];
    }

    /** out = L^−ᵀ Y L^−1 (exactly symmetric) for Y symmetric, from L^−1 (li, lower triangular, row-major). */
    public void pullBack(double[] li, double[] y, double[] out) {
        congruence(li, y, true, out);
    }

    /** X and X^−1 from the eigenvalues by the characteristic polynomial (class comment); false where ill-conditioned. */
    private boolean polynomialRoot(double[] eigenvalues, int from) {
        for (int i = 0; i < n; i++) {
            double lam = eigenvalues[from + i];
            if (!(lam > 0)) return false;
            sq[i] = Math.sqrt(lam);
        }
        // the exact eigenvalues of Q on each eigenvector, Π_{i≠j}(s_j + s_i), and the largest of P, s_j times that, against
        // e_n = Π s_i (the smallest term of X^−1's formula below: its cancellation loses a factor of at most P_max/e_n)
        double qMin = Double.POSITIVE_INFINITY, qMax = 0, pMax = 0, en = 1;
        for (int j = 0; j < n; j++) {
            double prod = 1;
            for (int i = 0; i < n; i++) if (i != j) prod *= sq[j] + sq[i];
            qMin = Math.min(qMin, prod);
            qMax = Math.max(qMax, prod);
            pMax = Math.max(pMax, sq[j] * prod);
            en *= sq[j];
        }
        if (!(qMax <= CONDITION_MAX * qMin) || !(pMax <= CONDITION_MAX * en)) return false;
        e[0] = 1; // elementary symmetric polynomials e_0..e_n of the s_i
        for (int k = 1; k <= n; k++) e[k] = 0;
        for (int i = 0; i < n; i++) for (int k = i + 1; k >= 1; k--) e[k] += sq[i] * e[k - 1];
        // P and Q as polynomials in M of degree at most 2 (n ≤ 4): c0 I + c1 M + c2 M²
        double p0 = 0, p1 = 0, p2 = 0, q0 = 0, q1 = 0, q2 = 0;
        for (int k = 0; k <= n; k++) {
            if ((n - k) % 2 == 0) {
                int deg = (n - k) / 2;
                if (deg == 0) p0 = e[k]; else if (deg == 1) p1 = e[k]; else p2 = e[k];
            } else {
                int deg = (n - k - 1) / 2;
                if (deg == 0) q0 = e[k]; else if (deg == 1) q1 = e[k]; else q2 = e[k];
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) {
                double m2 = 0;
                if (p2 != 0 || q2 != 0) for (int k = 0; k < n; k++) m2 += m[r * n + k] * m[k * n + c];
                double id = r == c ? 1 : 0, mrc = m[r * n + c];
                p[r * n + c] = p[c * n + r] = p0 * id + p1 * mrc + p2 * m2;
                q[r * n + c] = q[c * n + r] = q0 * id + q1 * mrc + q2 * m2;
            }
        }
        System.arraycopy(p, 0, x, 0, n * n);
        System.arraycopy(q, 0, xi, 0, n * n);
        if (!solveSymmetric(q, x)) return false;
        // X^−1 = (Q − X R)/e_n with P = M R + e_n I: R = r0 I + r1 M (n ≤ 4), from Σ_k (−1)^k e_k X^(n−k) = 0
        double r0 = 0, r1 = 0;
        for (int k = n % 2; k < n; k += 2) {
            if ((n - k - 2) / 2 == 0) r0 = e[k]; else r1 = e[k];
        }
        double inv = 1 / e[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) {
                double xm = 0;
                if (r1 != 0) {
                    for (int k = 0; k < n; k++) xm += 0.5 * (x[r * n + k] * m[k * n + c] + m[r * n + k] * x[k * n + c]);
                }
                xi[r * n + c] = xi[c * n + r] = (xi[r * n + c] - r0 * x[r * n + c] - r1 * xm) * inv;
            }
        }
        return true;
    }

    /** X = V diag(s) Vᵀ and X^−1 = V diag(1/s) Vᵀ from the eigenpairs of M; false if M is not positive definite. */
    private boolean eigenvectorRoot() {
        SmallSymmetric.eigenTridiagonal(m, n, sq, vectors, work); // reads the lower triangle of m only
        for (int i = 0; i < n; i++) {
            if (!(sq[i] > 0)) return false;
            sq[i] = Math.sqrt(sq[i]);
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) {
                double u = 0, v = 0;
                for (int a = 0; a < n; a++) {
                    double w = vectors[r * n + a] * vectors[c * n + a];
                    u += w * sq[a];
                    v += w / sq[a];
                }
                x[r * n + c] = x[c * n + r] = u;
                xi[r * n + c] = xi[c * n + r] = v;
            }
        }
        return true;
    }

    /**
     * out = Fᵀ Y F (transposed: F Y Fᵀ) for F lower triangular and Y symmetric, row-major: B = Y F (or Y Fᵀ), then the
     * upper triangle of Fᵀ B (or F B), mirrored (exactly symmetric). Each entry is one dot product over the triangle.
     */
    private void congruence(double[] f, double[] y, boolean transposedFirst, double[] out) {
        for (int r = 0; r < n; r++) {
            int rr = r * n;
            for (int c = 0; c < n; c++) {
                double u = 0;
                if (transposedFirst) { // (Y F)_rc = Σ_{k ≥ c} Y_rk F_kc
                    for (int k = c; k < n; k++) u += y[rr + k] * f[k * n + c];
                } else { // (Y Fᵀ)_rc = Σ_{k ≤ c} Y_rk F_ck
                    int rc = c * n;
                    for (int k = 0; k <= c; k++) u += y[rr + k] * f[rc + k];
                }
                b[rr + c] = u;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double u = 0;
                if (transposedFirst) { // (Fᵀ B)_rc = Σ_{a ≥ r} F_ar B_ac
                    for (int a = r; a < n; a++) u += f[a * n + r] * b[a * n + c];
                } else { // (F B)_rc = Σ_{a ≤ r} F_ra B_ac
                    int rr = r * n;
                    for (int a = 0; a <= r; a++) u += f[rr + a] * b[a * n + c];
                }
                out[r * n + c] = out[c * n + r] = u;
            }
        }
    }

    /**
     * rhs ← A^−1 rhs for A symmetric positive definite (destroyed: its Cholesky factor) and rhs symmetric, commuting
     * with A (then A^−1 rhs is symmetric; the result is symmetrised). False if A is not numerically positive definite.
     * By rows, with the reciprocals of the pivots (no division in the substitutions).
     */
    private boolean solveSymmetric(double[] a, double[] rhs) {
        double[] inv = work;
        for (int j = 0; j < n; j++) { // A = G Gᵀ, G lower, in the lower triangle of a
            int rj = j * n;
            double dj = a[rj + j];
            for (int k = 0; k < j; k++) dj -= a[rj + k] * a[rj + k];
            if (!(dj > 0)) return false;
            double gj = Math.sqrt(dj);
            a[rj + j] = gj;
            inv[j] = 1 / gj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double u = a[ri + j];
                for (int k = 0; k < j; k++) u -= a[ri + k] * a[rj + k];
                a[ri + j] = u * inv[j];
            }
        }
        for (int i = 0; i < n; i++) { // G Y = rhs, row i of Y from the rows above
            int ri = i * n;
            for (int k = 0; k < i; k++) {
                double g = a[ri + k];
                int rk = k * n;
                for (int c = 0; c < n; c++) rhs[ri + c] -= g * rhs[rk + c];
            }
            for (int c = 0; c < n; c++) rhs[ri + c] *= inv[i];
        }
        for (int i = n - 1; i >= 0; i--) { // Gᵀ Z = Y, row i of Z from the rows below
            int ri = i * n;
            for (int k = i + 1; k < n; k++) {
                double g = a[k * n + i];
                int rk = k * n;
                for (int c = 0; c < n; c++) rhs[ri + c] -= g * rhs[rk + c];
            }
            for (int c = 0; c < n; c++) rhs[ri + c] *= inv[i];
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < r; c++) {
                double u = 0.5 * (rhs[r * n + c] + rhs[c * n + r]);
                rhs[r * n + c] = rhs[c * n + r] = u;
            }
        }
        return true;
    }
}
