package org.monge.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.Cases.forAll;
import static org.monge.testing.RandomMatrices.spd;

/** The hand-written kernels against EJML (an independent implementation) on hard and easy spectra. */
class SmallSymmetricTest {

    static double[] ejmlEigenvalues(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(n, false, true);
        e.decompose(DMatrixRMaj.wrap(n, n, a.clone()));
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = e.getEigenvalue(i).real;
        Arrays.sort(w);
        return w;
    }

    static double[] randomSymmetric(Random rnd, int n, int kind) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) {
            double v = switch (kind) {
                case 0 -> rnd.nextGaussian();                       // indefinite
                case 1 -> i == j ? 1.0 : 0.0;                        // identity: all eigenvalues repeated
                case 2 -> i == j ? Math.floor(rnd.nextDouble() * 3) : 0.0; // diagonal with ties
                case 3 -> 1e-200 * rnd.nextGaussian();               // tiny scale
                default -> 1e200 * rnd.nextGaussian();               // huge scale
            };
            a[i * n + j] = a[j * n + i] = v;
        }
        if (kind == 6) { // graded spectrum 1 … 1e-14 in a random basis: tiny eigenvalues beside large ones
            Matrix q = SymmetricEigen.of(spd(rnd, n, 0.1)).eigenvectors();
            double[] lam = new double[n];
            for (int i = 0; i < n; i++) lam[i] = Math.pow(1e-14, n == 1 ? 0 : i / (n - 1.0));
            return new SymmetricEigen(lam, q).congruenceDiagonal(lam).toRowMajor();
        }
        if (kind == 5 && n > 1) { // rank one: u uᵀ
            double[] u = new double[n];
            for (int i = 0; i < n; i++) u[i] = rnd.nextGaussian();
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = u[i] * u[j];
        }
        return a;
    }

    @Test
    void eigenvaluesAgreeWithEjml() {
        forAll(111, 200, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, 40);
            int kind = gen.intIn("kind", 0, 6);
            double[] a = randomSymmetric(new Random(seed), n, kind);
            double[] expected = ejmlEigenvalues(a, n);
            double[] got = SmallSymmetric.eigenvalues(a.clone(), n);
            double scale = 0;
            for (double v : expected) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < n; i++) {
                assertThat(Math.abs(got[i] - expected[i])).isLessThanOrEqualTo(1e-12 * Math.max(scale, Double.MIN_NORMAL) * n);
            }
        });
    }

    /** Jacobi's eigenpairs: eigenvalues as EJML's, orthonormal vectors, and residuals ‖A v − λ v‖ at rounding level. */
    @Test
    void jacobiEigenpairsAgreeWithEjml() {
        forAll(113, 300, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, SymmetricEigen.JACOBI_MAX);
            int kind = gen.intIn("kind", 0, 6);
            double[] a = randomSymmetric(new Random(seed), n, kind);
            assertEigenpairs(a, n, SymmetricEigen.ofSmall(Matrix.fromRowMajor(n, n, a)));
        });
    }

    /** The tred2/tql2 eigenpairs that {@link SymmetricEigen#of} uses below {@link Backend#LARGE}, checked the same way. */
    @Test
    void tridiagonalQlEigenpairsAgreeWithEjml() {
        forAll(114, 300, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, Backend.LARGE - 1);
            int kind = gen.intIn("kind", 0, 6);
            double[] a = randomSymmetric(new Random(seed), n, kind);
            double[] d = new double[n], v = new double[n * n];
            double[] copy = a.clone();
            SmallSymmetric.eigenTridiagonal(a, n, d, v, new double[n]);
            assertThat(a).containsExactly(copy);
            assertEigenpairs(a, n, new SymmetricEigen(d, Matrix.fromRowMajor(n, n, v)));
            assertEigenpairs(a, n, SymmetricEigen.of(Matrix.fromRowMajor(n, n, a)));
        });
    }

    private static void assertEigenpairs(double[] a, int n, SymmetricEigen e) {
        double[] expected = ejmlEigenvalues(a, n);
        double[] d = e.eigenvalues(), v = e.eigenvectors().toRowMajor();
        double scale = Double.MIN_NORMAL;
        for (double x : expected) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(d[i] - expected[i])).as("eigenvalue %d", i).isLessThanOrEqualTo(1e-13 * scale * n);
            for (int j = 0; j < n; j++) {
                double dot = 0, res = 0;
                for (int k = 0; k < n; k++) dot += v[k * n + i] * v[k * n + j];
                assertThat(Math.abs(dot - (i == j ? 1 : 0))).as("orthonormal %d %d", i, j).isLessThanOrEqualTo(1e-14 * n);
                for (int k = 0; k < n; k++) res += a[j * n + k] * v[k * n + i];
                assertThat(Math.abs(res - d[i] * v[j * n + i])).as("residual %d row %d", i, j).isLessThanOrEqualTo(1e-13 * scale * n);
            }
        }
    }

    @Test
    void zeroMatrixAndOneByOne() {
        assertThat(SmallSymmetric.eigenvalues(new double[9], 3)).containsExactly(0, 0, 0);
        assertThat(SmallSymmetric.eigenvalues(new double[] {-2.5}, 1)).containsExactly(-2.5);
    }

    @Test
    void choleskyReconstructsAndRejectsIndefinite() {
        forAll(112, 100, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, 30);
            Random rnd = new Random(seed);
            Matrix s = spd(rnd, n, 0.1);
            double[] a = s.toRowMajor();
            assertThat(SmallSymmetric.cholesky(a, n)).isTrue();
            Matrix l = Matrix.fromRowMajor(n, n, a);
            assertThat(l.isLowerTriangular(0)).isTrue();
            assertThat(l.times(l.transpose()).minus(s).maxAbs()).isLessThan(1e-12 * (1 + s.maxAbs()));
            double[] b = s.toRowMajor();
            b[(n - 1) * n + n - 1] = -1; // makes it indefinite
            assertThat(SmallSymmetric.cholesky(b, n)).isFalse();
        });
    }
}
