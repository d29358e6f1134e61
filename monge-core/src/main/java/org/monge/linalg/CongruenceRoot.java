package org.monge.linalg;

/**
 * The Brenier matrix of a pair of positive-definite covariances and its inverse, from the congruence the
 * Bures–Wasserstein value already forms: with S_p = L Lᵀ (lower Cholesky factor) and M = Lᵀ S_q L (orthogonally similar
 * to S_p^½ S_q S_p^½), T = L^−ᵀ M^½ L^−1 is the symmetric positive-definite matrix with T S_p T = S_q, and
 * T^−1 = L M^−½ Lᵀ (FORMULAS.md §1: the covariance gradients of W2² are I − T and I − T^−1). Used per coupled pair by
 * the mixture gradient, where it is the part of the gradient's cost that the value does not already pay.
 *
 * <p>The square root X = M^½: for n ≤ {@link #POLYNOMIAL_MAX}, from the eigenvalues the value computed, without
 * eigenvectors. X is a root of its characteristic polynomial Π_i (X − s_i) = Σ_k (−1)^k e_k X^(n−k) (s_i = √λ_i, e_k
 * their elementary symmetric polynomials); its even powers are powers of M, so collecting the terms of the parity of n
 * gives P(M) = X Q(M) with P = Σ_{k ≡ n (mod 2)} e_k M^((n−k)/2) and Q = Σ_{k ≢ n} e_k M^((n−k−1)/2): every coefficient is
 * positive (no cancellation), P and Q commute with X, and X = Q^−1 P, X^−1 = P^−1 Q by two Cholesky solves. On the
 * eigenvector v_j, Q = Π_{i≠j}(s_j + s_i) and P = s_j Q, so the relative error of the solves grows with cond(Q) and
 * cond(P), which are known exactly from the s_i: above {@link #CONDITION_MAX} (a relative error above about 1e-10), and
 * for larger n, X = V diag(s) Vᵀ from the eigenvectors (tred2/tql2, {@link SmallSymmetric#eigenTridiagonal}).
 * Then T = L^−ᵀ X L^−1 and T^−1 = L X^−1 Lᵀ by triangular products. Cost: the congruence (n³), and for n ≤ 4 about 3n³
 * multiply–adds more (0.3 µs at n = 4 against 0.8 µs for the eigenvectors alone); above, the eigenpairs (about 9n³)
 * and 3n³. Scratch arrays are held by the instance (one per thread), n fixed.
 */
public final class CongruenceRoot {
    /** The largest n whose square root comes from the eigenvalues alone (its P needs at most M²). */
    public static final int POLYNOMIAL_MAX = 4;
    /** The largest condition number of P or Q for which the polynomial route is taken. */
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
     * Writes T into t and T^−1 into tInverse (row-major n×n, exactly symmetric), from L (l, lower triangular, row-major),
     * L^−1 (li) and S_q (s, symmetric, row-major). {@code eigenvalues}: those of Lᵀ S_q L in any order (offset
     * {@code from}), as the value computed them, or null to compute them here. False, writing nothing, where M has an
     * eigenvalue that is not positive (at rounding level: the pair is on the boundary of the cone).
     */
    public boolean brenier(double[] l, double[] li, double[] s, double[] eigenvalues, int from, double[] t, double[] tInverse) {
        Congruence.into(l, s, n, m, b);
        if (eigenvalues == null || n > POLYNOMIAL_MAX || !polynomialRoot(eigenvalues, from)) {
            if (!eigenvectorRoot()) return false;
        }
        // T = L^−ᵀ X L^−1: B = X L^−1 (L^−1 lower), then T_rc = Σ_{a ≥ r} (L^−1)_ar B_ac, upper triangle mirrored
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = 0;
                for (int k = c; k < n; k++) u += x[r * n + k] * li[k * n + c];
                b[r * n + c] = u;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double u = 0;
                for (int a = r; a < n; a++) u += li[a * n + r] * b[a * n + c];
                t[r * n + c] = t[c * n + r] = u;
            }
        }
        // T^−1 = L X^−1 Lᵀ: B = X^−1 Lᵀ, B_ac = Σ_{k ≤ c} (X^−1)_ak L_ck, then Σ_{a ≤ r} L_ra B_ac
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = 0;
                for (int k = 0; k <= c; k++) u += xi[r * n + k] * l[c * n + k];
                b[r * n + c] = u;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double u = 0;
                for (int a = 0; a <= r; a++) u += l[r * n + a] * b[a * n + c];
                tInverse[r * n + c] = tInverse[c * n + r] = u;
            }
        }
        return true;
    }

    /** X and X^−1 from the eigenvalues by the characteristic polynomial (class comment); false where ill-conditioned. */
    private boolean polynomialRoot(double[] eigenvalues, int from) {
        for (int i = 0; i < n; i++) {
            double lam = eigenvalues[from + i];
            if (!(lam > 0)) return false;
            sq[i] = Math.sqrt(lam);
        }
        // the exact eigenvalues of Q on each eigenvector, Π_{i≠j}(s_j + s_i), and of P, s_j times that
        double qMin = Double.POSITIVE_INFINITY, qMax = 0, pMin = Double.POSITIVE_INFINITY, pMax = 0;
        for (int j = 0; j < n; j++) {
            double prod = 1;
            for (int i = 0; i < n; i++) if (i != j) prod *= sq[j] + sq[i];
            qMin = Math.min(qMin, prod);
            qMax = Math.max(qMax, prod);
            pMin = Math.min(pMin, sq[j] * prod);
            pMax = Math.max(pMax, sq[j] * prod);
        }
        if (!(qMax <= CONDITION_MAX * qMin) || !(pMax <= CONDITION_MAX * pMin)) return false;
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
        return solveSymmetric(q, x) && solveSymmetric(p, xi);
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
     * rhs ← A^−1 rhs for A symmetric positive definite (destroyed: its Cholesky factor) and rhs symmetric, commuting
     * with A (then A^−1 rhs is symmetric; the result is symmetrised). False if A is not numerically positive definite.
     */
    private boolean solveSymmetric(double[] a, double[] rhs) {
        for (int j = 0; j < n; j++) { // A = G Gᵀ, G lower, in the lower triangle of a
            double dj = a[j * n + j];
            for (int k = 0; k < j; k++) dj -= a[j * n + k] * a[j * n + k];
            if (!(dj > 0)) return false;
            double gj = Math.sqrt(dj);
            a[j * n + j] = gj;
            for (int i = j + 1; i < n; i++) {
                double u = a[i * n + j];
                for (int k = 0; k < j; k++) u -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = u / gj;
            }
        }
        for (int c = 0; c < n; c++) { // each column: G y = rhs_c, then Gᵀ z = y
            for (int i = 0; i < n; i++) {
                double u = rhs[i * n + c];
                for (int k = 0; k < i; k++) u -= a[i * n + k] * rhs[k * n + c];
                rhs[i * n + c] = u / a[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double u = rhs[i * n + c];
                for (int k = i + 1; k < n; k++) u -= a[k * n + i] * rhs[k * n + c];
                rhs[i * n + c] = u / a[i * n + i];
            }
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
