package org.monge.linalg;

import java.util.Arrays;

/**
 * Allocation-free kernels for small dense symmetric matrices: eigenvalues only (Householder
 * tridiagonalisation as in LAPACK's dsytd2, then the root-free QL algorithm of Pal, Walker and
 * Kahan with Wilkinson-type shifts, as in LAPACK's dsterf), eigenpairs (Jacobi rotations for the
 * smallest sizes, tred2/tql2 above) and Cholesky.
 *
 * <p>Written by hand because it is the hot path of W2 between many small Gaussians: at d = 16
 * EJML's general decomposition spends most of its ~17 µs in set-up and allocation, and LAPACK
 * through JNI is slower still at these sizes (dsytrd + dsterf: 44 µs at n = 16, 334 µs at n = 64,
 * against 4 and 70 µs here; docs/benchmarks.md). Large matrices keep going to LAPACK. The input is
 * scaled by its largest entry first, so no intermediate overflows.
 *
 * <p>The reduction works on the full symmetric matrix held as separate row arrays, so that every
 * inner loop indexes all of its arrays by the same counter: that is the form HotSpot's C2 turns
 * into SIMD code (with offsets into one flat array it cannot rule out overlap and stays scalar).
 * Storing both triangles costs 1.5× the flops of a one-triangle reduction and still runs 1.7×
 * faster at n = 64. Scratch space comes from the per-thread {@link Workspace}.
 */
final class SmallSymmetric {
    private static final int MAX_SWEEPS = 60;

    private SmallSymmetric() {}

    /** Eigenvalues, ascending, of the symmetric n×n row-major matrix a (only its lower triangle is read; a is destroyed). */
    static double[] eigenvalues(double[] a, int n) {
        double[] d = new double[n];
        eigenvalues(a, n, d, new double[3 * n]);
        Arrays.sort(d);
        return d;
    }

    /**
     * Allocation-free form for hot loops: the eigenvalues of a (lower triangle read, a destroyed)
     * into d[0, n), unsorted; work holds at least 3n doubles.
     */
    static void eigenvalues(double[] a, int n, double[] d, double[] work) {
        double scale = 0;
        for (int i = 0; i < n; i++) for (int k = 0; k <= i; k++) scale = Math.max(scale, Math.abs(a[i * n + k]));
        if (scale == 0) {
            Arrays.fill(d, 0, n, 0.0);
            return;
        }
        double inv = 1.0 / scale;
        Workspace ws = Workspace.get();
        double[][] rows = ws.rows(n);
        for (int i = 0; i < n; i++) {
            double[] ri = rows[i];
            for (int k = 0; k <= i; k++) ri[k] = rows[k][i] = a[i * n + k] * inv;
        }
        // work: e at [0, n), copies of the tridiagonal (d, e) for the fallback at [n, 3n)
        tridiagonalize(rows, n, d, work, ws.slot(4, n), ws.slot(5, n));
        System.arraycopy(d, 0, work, n, n);
        System.arraycopy(work, 0, work, 2 * n, n);
        if (!rootFreeQl(d, work, n)) { // rare: fall back to the QL iteration with square roots
            System.arraycopy(work, n, d, 0, n);
            System.arraycopy(work, 2 * n, work, 0, n);
            ql(d, work, n);
        }
        for (int i = 0; i < n; i++) d[i] *= scale;
    }

    /**
     * Householder reduction of the full symmetric matrix in rows[0, n) (destroyed) to tridiagonal
     * form: diagonal d, off-diagonal e (e[k] couples d[k] and d[k+1], e[n−1] = 0). Step k reflects
     * row k beyond the diagonal onto its first entry with H = I − τ v vᵀ (v_{k+1} = 1) and applies
     * H A H to the trailing block as A −= v wᵀ + w vᵀ, w = τ A v − (τ²/2)(vᵀ A v) v. v, w: n scratch each.
     */
    private static void tridiagonalize(double[][] rows, int n, double[] d, double[] e, double[] v, double[] w) {
        for (int k = 0; k < n - 2; k++) {
            double[] rk = rows[k];
            d[k] = rk[k];
            int lo = k + 1;
            double alpha = rk[lo];
            double xn = 0;
            for (int c = lo + 1; c < n; c++) xn += rk[c] * rk[c];
            if (xn == 0) { // already reduced: H = I
                e[k] = alpha;
                continue;
            }
            double beta = -Math.copySign(Math.sqrt(alpha * alpha + xn), alpha);
            double tau = (beta - alpha) / beta;
            double sc = 1 / (alpha - beta);
            e[k] = beta;
            v[lo] = 1;
            for (int c = lo + 1; c < n; c++) v[c] = rk[c] * sc;
            // w = τ A v as a sum of rows (A is symmetric), then the rank-2 update, row by row
            Arrays.fill(w, lo, n, 0.0);
            for (int j = lo; j < n; j++) {
                double tvj = tau * v[j];
                double[] rj = rows[j];
                for (int c = lo; c < n; c++) w[c] += tvj * rj[c];
            }
            double wv = 0;
            for (int c = lo; c < n; c++) wv += w[c] * v[c];
            double half = 0.5 * tau * wv;
            for (int c = lo; c < n; c++) w[c] -= half * v[c];
            for (int j = lo; j < n; j++) {
                double vj = v[j], wj = w[j];
                double[] rj = rows[j];
                for (int c = lo; c < n; c++) rj[c] -= vj * w[c] + wj * v[c];
            }
        }
        if (n >= 2) {
            d[n - 2] = rows[n - 2][n - 2];
            e[n - 2] = rows[n - 2][n - 1];
        }
        d[n - 1] = rows[n - 1][n - 1];
        e[n - 1] = 0;
    }

    /**
     * The root-free QL iteration of Pal, Walker and Kahan (as in LAPACK's dsterf): works on the
     * squared off-diagonal, one division and no square root per rotation (rearranged so that the
     * division is computed once, 1.6× faster than the textbook order at n = 64), about three times
     * as fast as {@link #ql}. Eigenvalues left in d (unsorted); false if it did not converge in 30n sweeps.
     */
    private static boolean rootFreeQl(double[] d, double[] e, int n) {
        final double eps2 = 0x1.0p-106; // (2^-53)²
        for (int i = 0; i < n - 1; i++) e[i] *= e[i];
        int sweeps = 0;
        int maxSweeps = 30 * n;
        int l = 0;
        while (l < n) {
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps2 * Math.abs(d[m] * d[m + 1])) m++;
            if (m < n - 1) e[m] = 0;
            if (m == l) { // d[l] is an eigenvalue
                l++;
                continue;
            }
            if (m == l + 1) { // a 2×2 block [[d_l, b], [b, d_l+1]] with b² = e_l: closed form
                double a = d[l], c = d[l + 1], bb = e[l];
                double sm = a + c, df = a - c;
                double rt = Math.sqrt(df * df + 4 * bb);
                double big = sm >= 0 ? 0.5 * (sm + rt) : 0.5 * (sm - rt);
                double small = big != 0 ? (a * c - bb) / big : 0.5 * (sm >= 0 ? sm - rt : sm + rt);
                d[l] = big;
                d[l + 1] = small;
                e[l] = 0;
                l += 2;
                continue;
            }
            if (++sweeps > maxSweeps) return false;
            double p = d[l];
            double rte = Math.sqrt(e[l]);
            double sigma = (d[l + 1] - p) / (2 * rte);
            double r = Math.sqrt(sigma * sigma + 1);
            sigma = p - rte / (sigma + (sigma >= 0 ? r : -r));
            double gamma = d[m] - sigma;
            p = gamma * gamma;
            double c = 1, sn = 0;
            for (int i = m - 1; i >= l; i--) {
                double bb = e[i];
                double alpha = d[i] - sigma;
                r = p + bb;
                if (i != m - 1) e[i + 1] = sn * r;
                double q = r * p;
                double newGamma, newP;
                if (q > 0x1.0p-900) {
                    // c = p/r and sn = bb/r from the one division 1/(r p): γ' = c α − sn γ = (p α − bb γ)/r
                    // and p' = γ'²/c = (p α − bb γ)²/(r p). One division on the chain from p to p',
                    // where the textbook form has two (c = p/r, then γ'²/c).
                    double inv = 1 / q;
                    double pinv = p * inv;
                    double gr = p * alpha - bb * gamma;
                    newGamma = gr * pinv;
                    newP = gr * gr * inv;
                    c = p * pinv;
                    sn = bb * pinv;
                } else { // p (nearly) zero: the textbook form, which handles c = 0
                    double oldc = c;
                    c = p / r;
                    sn = bb / r;
                    newGamma = c * alpha - sn * gamma;
                    newP = c != 0 ? newGamma * newGamma / c : oldc * bb;
                }
                d[i + 1] = gamma + (d[i] - newGamma);
                gamma = newGamma;
                p = newP;
            }
            e[l] = sn * p;
            d[l] = sigma + gamma;
        }
        return true;
    }

    /** Implicit QL iterations on the tridiagonal (d, e); eigenvalues left in d (unsorted). */
    private static void ql(double[] d, double[] e, int n) {
        for (int l = 0; l < n; l++) {
            int iter = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= 0x1.0p-53 * dd) break;
                }
                if (m != l) {
                    if (iter++ == MAX_SWEEPS) throw new ArithmeticException("symmetric eigenvalue iteration did not converge");
                    double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    double r = Math.sqrt(g * g + 1.0);
                    g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
                    double s = 1, c = 1, p = 0;
                    int i;
                    boolean deflated = false;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.sqrt(f * f + g * g);
                        e[i + 1] = r;
                        if (r == 0) { // underflow: split the matrix here
                            d[i + 1] -= p;
                            e[m] = 0;
                            deflated = true;
                            break;
                        }
                        double inv = 1.0 / r;
                        s = f * inv;
                        c = g * inv;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2.0 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                    }
                    if (deflated) continue;
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
    }

    /**
     * In-place Cholesky of the lower triangle of a (row-major n×n): the factor L replaces it, the
     * upper triangle is zeroed. False if not positive definite. Crout order (column j from the
     * rows' dot products with row j), four rows at a time: the four dot products share their loads
     * of row j and run as independent chains (n = 64: 21 → 15 µs).
     */
    static boolean cholesky(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j] - Vectors.dot(a, rj, a, rj, j);
            if (!(s > 0)) return false;
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            int i = j + 1;
            for (; i + 3 < n; i += 4) {
                int r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < j; p++) {
                    double ljp = a[rj + p];
                    s0 += a[r0 + p] * ljp;
                    s1 += a[r1 + p] * ljp;
                    s2 += a[r2 + p] * ljp;
                    s3 += a[r3 + p] * ljp;
                }
                a[r0 + j] = (a[r0 + j] - s0) * inv;
                a[r1 + j] = (a[r1 + j] - s1) * inv;
                a[r2 + j] = (a[r2 + j] - s2) * inv;
                a[r3 + j] = (a[r3 + j] - s3) * inv;
            }
            for (; i < n; i++) {
                int ri = i * n;
                a[ri + j] = (a[ri + j] - Vectors.dot(a, ri, a, rj, j)) * inv;
            }
            for (int k = j + 1; k < n; k++) a[rj + k] = 0.0;
        }
        return true;
    }

    /**
     * Eigenvalues (ascending, into d) and orthonormal eigenvectors (the columns of the row-major n×n v) of the symmetric
     * n×n row-major a (only its lower triangle is read; a is not modified), by Householder
     * tridiagonalisation with the reflections accumulated (EISPACK's tred2) and the implicit QL iteration with Wilkinson
     * shifts applied to the accumulated basis (tql2), as in JAMA's symmetric eigen-solver (public domain). About 9n³ flops
     * against Jacobi's 4n³ a sweep for 5–10 sweeps, and no allocation: the small decomposition from
     * {@link SymmetricEigen#JACOBI_MAX} up to {@link Backend#LARGE}, where EJML spends most of its time in set-up. The
     * input is scaled by its largest entry first, so that no square overflows; rotations whose norm underflows use
     * {@link Math#hypot}. e: n scratch.
     */
    static void eigenTridiagonal(double[] a, int n, double[] d, double[] v, double[] e) {
        double scale = 0;
        for (int i = 0; i < n; i++) for (int k = 0; k <= i; k++) scale = Math.max(scale, Math.abs(a[i * n + k]));
        if (scale == 0) {
            Arrays.fill(d, 0, n, 0.0);
            Arrays.fill(v, 0, n * n, 0.0);
            for (int i = 0; i < n; i++) v[i * n + i] = 1;
            return;
        }
        double inv = 1 / scale;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) v[i * n + k] = v[k * n + i] = a[i * n + k] * inv;
        }
        tred2(v, n, d, e);
        // the rotations of tql2 act on columns of V: work on its transpose, whose rows are contiguous
        transposeInPlace(v, n);
        tql2(v, n, d, e);
        sortAscending(d, v, n, true); // the vectors are the rows of the transposed basis
        transposeInPlace(v, n);
        for (int i = 0; i < n; i++) d[i] *= scale;
    }

    private static void transposeInPlace(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double t = v[i * n + j];
                v[i * n + j] = v[j * n + i];
                v[j * n + i] = t;
            }
        }
    }

    /** Householder tridiagonalisation of the symmetric row-major v, replaced by the accumulated orthogonal basis (tred2). */
    private static void tred2(double[] v, int n, double[] d, double[] e) {
        for (int j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
        for (int i = n - 1; i > 0; i--) {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) { // accumulate the transformations
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
                for (int j = 0; j <= i; j++) {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
                    for (int k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k * n + i + 1] = 0;
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }
        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    /** √(x² + y²) without the cost of {@link Math#hypot} unless the squares underflow (inputs are of order one here). */
    private static double norm(double x, double y) {
        double r = Math.sqrt(x * x + y * y);
        return r > 0x1p-500 ? r : Math.hypot(x, y);
    }

    /** Implicit QL on the tridiagonal (d, e from tred2), rotating the rows of vt (the transposed basis); tql2. */
    private static void tql2(double[] vt, int n, double[] d, double[] e) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        final double eps = 0x1p-52;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 30 * n) throw new ArithmeticException("symmetric eigen-decomposition did not converge");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.abs(p) < 0x1p500 ? Math.sqrt(p * p + 1) : Math.abs(p);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    double el1 = e[l + 1];
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = norm(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        int ri = i * n, rj = ri + n;
                        for (int k = 0; k < n; k++) {
                            double hk = vt[rj + k];
                            vt[rj + k] = s * vt[ri + k] + c * hk;
                            vt[ri + k] = c * vt[ri + k] - s * hk;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }

    /**
     * Eigenvalues (ascending, into d) and orthonormal eigenvectors (the columns of the row-major n×n v) of the symmetric
     * n×n row-major a (destroyed), by cyclic Jacobi rotations (Rutishauser's form, as in Numerical Recipes' jacobi): each
     * rotation zeroes one off-diagonal entry, sweeps repeat until every off-diagonal entry is zero or, after three
     * sweeps, below rounding of both its diagonal entries (then set to zero). Accurate to the last bits of the
     * eigenvalues relative to the largest; about 6n³ flops a sweep and 5–10 sweeps, no allocation: for the smallest
     * matrices, where a library call costs more in set-up than in flops.
     */
    static void eigen(double[] a, int n, double[] d, double[] v) {
        Arrays.fill(v, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
            d[i] = a[i * n + i];
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off = Math.max(off, Math.abs(a[p * n + q]));
            if (off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q], small = 100 * Math.abs(apq);
                    // an entry below rounding of both diagonal entries is dropped (after the first sweeps, as in jacobi)
                    if (sweep > 3 && Math.abs(d[p]) + small == Math.abs(d[p]) && Math.abs(d[q]) + small == Math.abs(d[q])) {
                        a[p * n + q] = 0;
                        continue;
                    }
                    if (apq == 0) continue;
                    double h = d[q] - d[p], t;
                    if (Math.abs(apq) <= 0x1p-60 * Math.abs(h)) {
                        t = apq / h; // θ so large that θ² would lose apq: t = 1/(2θ)
                    } else {
                        double theta = 0.5 * h / apq;
                        t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
                        if (theta < 0) t = -t;
                    }
                    double c = 1 / Math.sqrt(1 + t * t), s = t * c, tau = s / (1 + c);
                    d[p] -= t * apq;
                    d[q] += t * apq;
                    a[p * n + q] = 0;
                    for (int k = 0; k < n; k++) {
                        if (k != p && k != q) {
                            int kp = k < p ? k * n + p : p * n + k, kq = k < q ? k * n + q : q * n + k;
                            double g = a[kp], hh = a[kq];
                            a[kp] = g - s * (hh + g * tau);
                            a[kq] = hh + s * (g - hh * tau);
                        }
                        double g = v[k * n + p], hh = v[k * n + q];
                        v[k * n + p] = g - s * (hh + g * tau);
                        v[k * n + q] = hh + s * (g - hh * tau);
                    }
                }
            }
        }
        sortAscending(d, v, n, false);
    }

    /**
     * Sorts the eigenvalues d ascending by selection (n is small) and swaps their vectors with them: the rows of the
     * n×n row-major v when {@code rows}, else its columns.
     */
    private static void sortAscending(double[] d, double[] v, int n, boolean rows) {
        int step = rows ? 1 : n, stride = rows ? n : 1;
        for (int i = 0; i < n - 1; i++) {
            int m = i;
            for (int j = i + 1; j < n; j++) if (d[j] < d[m]) m = j;
            if (m == i) continue;
            double t = d[i];
            d[i] = d[m];
            d[m] = t;
            for (int k = 0; k < n; k++) {
                int p = i * stride + k * step, q = m * stride + k * step;
                double w = v[p];
                v[p] = v[q];
                v[q] = w;
            }
        }
    }
}
