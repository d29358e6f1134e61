package org.monge.gaussian;

import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

/**
 * Gromov–Wasserstein between two Gaussians μ = N(m0, Σ0) on R^p and ν = N(m1, Σ1) on R^q in closed form (Delon,
 * Desolneux &amp; Salmona, "Gromov–Wasserstein distances between Gaussian distributions", J. Appl. Probab. 2022),
 * with the sum convention of the discrete solvers, GW = ∫∫ (c_X(x, x') − c_Y(y, y'))² dπ(x, y) dπ(x', y') (no ½).
 * With λ_1 ≥ … ≥ λ_p and μ_1 ≥ … ≥ μ_q the eigenvalues of Σ0 and Σ1 and k = min(p, q):
 * <ul>
 *   <li><b>Inner-product cost</b> c(x, x') = ⟨x − m, x' − m⟩ on the centred measures: for any coupling π with
 *       cross-covariance K = E[(x − m0)(y − m1)ᵀ], E⟨x, x'⟩² = ‖Σ0‖²_F, E⟨y, y'⟩² = ‖Σ1‖²_F and
 *       E[⟨x, x'⟩⟨y, y'⟩] = ‖K‖²_F, so GW = ‖Σ0‖² + ‖Σ1‖² − 2 max ‖K‖²_F over the feasible K = Σ0^½ C Σ1^½,
 *       ‖C‖ ≤ 1, whose maximum is Σ_{i≤k} λ_i μ_i (von Neumann's trace inequality): GW = Σ λ_i² + Σ μ_j² − 2 Σ_{i≤k}
 *       λ_i μ_i, exact over all couplings, attained by a Gaussian one.</li>
 *   <li><b>Squared-distance cost</b> c(x, x') = ‖x − x'‖², restricted to Gaussian couplings (the paper's GGW): with
 *       (z, w) = (x − x', y − y') ~ N(0, 2Γ), E‖z‖⁴ = 4 (tr Σ0)² + 8 ‖Σ0‖², E‖z‖²‖w‖² = 4 tr Σ0 tr Σ1 + 8 ‖K‖², so
 *       GGW = 4 (tr Σ0 − tr Σ1)² + 8 (Σ λ_i² + Σ μ_j² − 2 Σ_{i≤k} λ_i μ_i), at the same optimal K. It bounds the
 *       unrestricted GW from above; the means do not enter.</li>
 * </ul>
 * The optimal cross-covariance is K = P0 diag(√(λ_i μ_i)) P1ᵀ (P0, P1 the eigenvectors in decreasing order, paired
 * i with i). When q ≤ p and Σ0's k largest eigenvalues are positive it comes from the affine map
 * T(x) = m1 + P1 diag(√(μ_i / λ_i)) P0ᵀ (x − m0) (a q×p matrix), which pushes μ onto ν; the plan is not unique
 * (each eigenvector's sign, and ties of eigenvalues, may be chosen freely). Cost: two symmetric eigendecompositions.
 * Hand-written: no library has it.
 */
public final class GaussianGromovWasserstein {
    private GaussianGromovWasserstein() {}

    /**
     * The value, the optimal cross-covariance K (p×q), and the map's q×p matrix and shift, or null where no map
     * from μ exists (q &gt; p, or Σ0 singular on the top-k eigenspace).
     */
    public record Result(double value, Matrix crossCovariance, Matrix mapMatrix, double[] mapShift) {
        /** T(x) = A (x − m0) + m1 as A x + shift; needs the map. */
        public double[] map(double[] x) {
            if (mapMatrix == null) throw new IllegalStateException("no map from the source: its dimension is smaller or Σ0 is singular");
            double[] y = mapMatrix.times(x);
            for (int i = 0; i < y.length; i++) y[i] += mapShift[i];
            return y;
        }
    }

    /** GW with the inner-product cost between the centred measures (exact over all couplings). */
    public static Result innerProduct(Gaussian source, Gaussian target) {
        Pairing p = new Pairing(source, target);
        return p.result(p.frobenius0 + p.frobenius1 - 2 * p.matched);
    }

    /** GW with the squared-distance cost over Gaussian couplings (GGW). */
    public static Result squaredDistance(Gaussian source, Gaussian target) {
        Pairing p = new Pairing(source, target);
        double dt = p.trace0 - p.trace1;
        return p.result(4 * dt * dt + 8 * (p.frobenius0 + p.frobenius1 - 2 * p.matched));
    }

    /** The two spectra in decreasing order, paired index by index. */
    private static final class Pairing {
        final Gaussian source, target;
        final double[] l0, l1;
        final Matrix p0, p1;
        final double trace0, trace1, frobenius0, frobenius1, matched;

        Pairing(Gaussian source, Gaussian target) {
            if (source == null || target == null) throw new IllegalArgumentException("source and target must not be null");
            this.source = source;
            this.target = target;
            SymmetricEigen e0 = SymmetricEigen.of(source.covariance()), e1 = SymmetricEigen.of(target.covariance());
            l0 = decreasing(e0.eigenvalues());
            l1 = decreasing(e1.eigenvalues());
            p0 = reversedColumns(e0.eigenvectors());
            p1 = reversedColumns(e1.eigenvectors());
            double t0 = 0, t1 = 0, f0 = 0, f1 = 0, m = 0;
            for (double v : l0) {
                t0 += v;
                f0 += v * v;
            }
            for (double v : l1) {
                t1 += v;
                f1 += v * v;
            }
            for (int i = 0; i < Math.min(l0.length, l1.length); i++) m += l0[i] * l1[i];
            trace0 = t0;
            trace1 = t1;
            frobenius0 = f0;
            frobenius1 = f1;
            matched = m;
        }

        Result result(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the covariances' squared eigenvalues overflow: GW is of the order of "
                        + Math.max(l0.length == 0 ? 0 : l0[0], l1.length == 0 ? 0 : l1[0]) + "², beyond the largest double; rescale them");
            }
            int p = l0.length, q = l1.length, k = Math.min(p, q);
            double[] kc = new double[p * q];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < q; b++) {
                    double s = 0;
                    for (int i = 0; i < k; i++) s += p0.get(a, i) * Math.sqrt(l0[i] * l1[i]) * p1.get(b, i);
                    kc[a * q + b] = s;
                }
            }
            Matrix map = null;
            double[] shift = null;
            if (q <= p && (k == 0 || l0[k - 1] > 0)) {
                double[] am = new double[q * p];
                for (int b = 0; b < q; b++) {
                    for (int a = 0; a < p; a++) {
                        double s = 0;
                        for (int i = 0; i < k; i++) s += p1.get(b, i) * Math.sqrt(l1[i] / l0[i]) * p0.get(a, i);
                        am[b * p + a] = s;
                    }
                }
                map = Matrix.fromRowMajor(q, p, am);
                double[] m0 = map.times(source.mean()), m1 = target.mean();
                shift = new double[q];
                for (int b = 0; b < q; b++) shift[b] = m1[b] - m0[b];
            }
            return new Result(Math.max(0, value), Matrix.fromRowMajor(p, q, kc), map, shift);
        }

        /** Eigenvalues descending, rounding-level negatives (of a PSD covariance) set to 0. */
        private static double[] decreasing(double[] ascending) {
            int n = ascending.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = Math.max(0, ascending[n - 1 - i]);
            return d;
        }

        private static Matrix reversedColumns(Matrix u) {
            int n = u.rows(), c = u.cols();
            double[] r = new double[n * c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) r[i * c + j] = u.get(i, c - 1 - j);
            }
            return Matrix.fromRowMajor(n, c, r);
        }
    }
}
