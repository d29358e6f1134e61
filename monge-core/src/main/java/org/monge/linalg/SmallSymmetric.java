package org.monge.linalg;

import java.util.Arrays;

/**
 * Allocation-light kernels for small dense symmetric matrices: eigenvalues only (Householder
 * tridiagonalisation, then the implicit QL algorithm with Wilkinson-type shifts; Wilkinson &amp;
 * Reinsch, Handbook for Automatic Computation II, 1971, procedures tred1/tql1) and Cholesky.
 *
 * <p>Written by hand because it is the hot path of W2 between many small Gaussians: at d = 16
 * EJML's general decomposition spends most of its ~17 µs in set-up and allocation, and LAPACK
 * through JNI is no faster at that size (measured in docs/benchmarks.md). Large matrices keep
 * going to LAPACK. The input is scaled by its largest entry first, so no intermediate overflows.
 */
final class SmallSymmetric {
    private static final int MAX_SWEEPS = 60;

    private SmallSymmetric() {}

    /** Eigenvalues, ascending, of the symmetric n×n row-major matrix a (only its lower triangle is read; a is destroyed). */
    static double[] eigenvalues(double[] a, int n) {
        double scale = 0;
        for (int i = 0; i < n; i++) for (int k = 0; k <= i; k++) scale = Math.max(scale, Math.abs(a[i * n + k]));
        double[] d = new double[n];
        if (scale == 0) return d;
        double inv = 1.0 / scale;
        for (int i = 0; i < n; i++) for (int k = 0; k <= i; k++) a[i * n + k] *= inv;
        double[] e = new double[n];
        tridiagonalize(a, n, d, e);
        double[] d0 = d.clone(), e0 = e.clone();
        if (!rootFreeQl(d, e, n)) { // rare: fall back to the QL iteration with square roots
            System.arraycopy(d0, 0, d, 0, n);
            ql(d, e0, n);
        }
        for (int i = 0; i < n; i++) d[i] *= scale;
        Arrays.sort(d);
        return d;
    }

    /** Householder reduction of the lower triangle of a to tridiagonal form: diagonal d, sub-diagonal e[1..n-1] (e[0] = 0). */
    private static void tridiagonalize(double[] a, int n, double[] d, double[] e) {
        for (int i = n - 1; i > 0; i--) {
            int l = i - 1;
            int ri = i * n;
            double h = 0;
            if (l > 0) {
                double scale = 0;
                for (int k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
                if (scale == 0) {
                    e[i] = a[ri + l];
                } else {
                    for (int k = 0; k <= l; k++) {
                        a[ri + k] /= scale;
                        h += a[ri + k] * a[ri + k];
                    }
                    double f = a[ri + l];
                    double g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    a[ri + l] = f - g;
                    // p = A u / h with A the leading (l+1)×(l+1) block (lower triangle stored) and
                    // u row i: one row-contiguous pass, each stored entry used for both of its positions
                    for (int j = 0; j <= l; j++) e[j] = 0;
                    for (int j = 0; j <= l; j++) {
                        int rj = j * n;
                        double uj = a[ri + j];
                        for (int k = 0; k < j; k++) e[k] += a[rj + k] * uj;
                        e[j] += a[rj + j] * uj + Vectors.dot(a, rj, a, ri, j);
                    }
                    f = 0;
                    for (int j = 0; j <= l; j++) {
                        e[j] /= h;
                        f += e[j] * a[ri + j];
                    }
                    double hh = f / (h + h);
                    for (int j = 0; j <= l; j++) {
                        f = a[ri + j];
                        g = e[j] - hh * f;
                        e[j] = g;
                        int rj = j * n;
                        for (int k = 0; k <= j; k++) a[rj + k] -= f * e[k] + g * a[ri + k];
                    }
                }
            } else {
                e[i] = a[ri + l];
            }
            d[i] = h;
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        // shift the sub-diagonal down: e[i] couples d[i] and d[i+1]
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
    }

    /**
     * The root-free QL iteration of Pal, Walker and Kahan (as in LAPACK's dsterf): works on the
     * squared off-diagonal, one division and no square root per rotation, about twice as fast as
     * {@link #ql}. Eigenvalues left in d (unsorted); false if it did not converge in 30n sweeps.
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
            double c = 1, sn = 0;
            double gamma = d[m] - sigma;
            p = gamma * gamma;
            for (int i = m - 1; i >= l; i--) {
                double bb = e[i];
                r = p + bb;
                if (i != m - 1) e[i + 1] = sn * r;
                double oldc = c;
                c = p / r;
                sn = bb / r;
                double oldgam = gamma;
                double alpha = d[i];
                gamma = c * (alpha - sigma) - sn * oldgam;
                d[i + 1] = oldgam + (alpha - gamma);
                p = c != 0 ? (gamma * gamma) / c : oldc * bb;
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

    /** In-place Cholesky of the lower triangle of a (row-major n×n): the factor L replaces it, the upper triangle is zeroed. False if not positive definite. */
    static boolean cholesky(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j] - Vectors.dot(a, rj, a, rj, j);
            if (!(s > 0)) return false;
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                a[ri + j] = (a[ri + j] - Vectors.dot(a, ri, a, rj, j)) * inv;
            }
            for (int k = j + 1; k < n; k++) a[rj + k] = 0.0;
        }
        return true;
    }
}
