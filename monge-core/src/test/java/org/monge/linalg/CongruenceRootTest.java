package org.monge.linalg;

import org.junit.jupiter.api.Test;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CongruenceRoot}'s T and T^−1 against the Brenier matrix of FORMULAS.md §1 computed independently,
 * A = S_p^−½ (S_p^½ S_q S_p^½)^½ S_p^−½ with every root from a full eigendecomposition ({@link SymmetricEigen#of}),
 * and its inverse; both routes (the eigenvalues given: the characteristic polynomial up to n = 4; not given: the
 * eigenvectors), n = 1 to 10, covariances with condition numbers from 1 to 1e8 (the polynomial route then falls back).
 */
class CongruenceRootTest {
    private static Matrix spd(int n, double logCond, Random r) {
        Matrix q = SymmetricEigen.of(random(n, r).symmetrize()).eigenvectors(); // a random orthogonal basis
        double[] lam = new double[n];
        for (int i = 0; i < n; i++) lam[i] = Math.pow(10, logCond * (n == 1 ? 0.5 : (double) i / (n - 1)) - logCond / 2);
        return q.times(Matrix.diagonal(lam)).times(q.transpose()).symmetrize();
    }

    private static Matrix random(int n, Random r) {
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Matrix.fromRowMajor(n, n, v);
    }

    private static double relative(double[] got, Matrix want) {
        double err = 0;
        double[] w = want.toRowMajor();
        for (int i = 0; i < w.length; i++) err = Math.max(err, Math.abs(got[i] - w[i]));
        return err / want.maxAbs();
    }

    @Test
    void brenierMatrixAndItsInverseMatchTheEigenFormula() {
        Cases.forAll(2026_12_08L, 80, c -> {
            int n = c.intIn("n", 1, 10);
            double logCond = c.doubleIn("log10 cond", 0, 8);
            Random r = new Random(c.anyLong("seed"));
            double logCondQ = c.doubleIn("log10 cond q", 0, 4);
            Matrix sp = spd(n, logCond, r), sq = spd(n, logCondQ, r).scale(Math.pow(10, c.doubleIn("scale", -2, 2)));
            SymmetricEigen ep = SymmetricEigen.of(sp);
            Matrix root = ep.sqrt(), inverseRoot = ep.inverseSqrt();
            Matrix a = inverseRoot.times(SymmetricEigen.of(root.times(sq).times(root)).sqrt()).times(inverseRoot).symmetrize();
            Matrix ai = SymmetricEigen.of(a).inverse();
            Matrix l = Cholesky.lower(sp).orElseThrow();
            double[] lr = l.toRowMajor(), li = Cholesky.invertLower(l).toRowMajor(), s = sq.toRowMajor();
            double[] lam = SymmetricEigen.eigenvalues(Congruence.lowerTransposed(l, sq));
            // the reference's own error grows with the conditioning of S_p (its inverse roots) and of T (its inverse)
            double tol = 2e-14 * n * Math.pow(10, logCond + logCondQ / 2);
            for (boolean given : new boolean[] {true, false}) {
                double[] t = new double[n * n], ti = new double[n * n], x = new double[n * n];
                CongruenceRoot cr = new CongruenceRoot(n);
                assertThat(cr.decompose(lr, s, given ? lam : null, 0)).isTrue();
                cr.addRoot(1, x);
                cr.pullBack(li, x, t); // T = L^−ᵀ X L^−1
                cr.addInverse(1, lr, ti);
                assertThat(relative(t, a)).as("T, eigenvalues given %s", given).isLessThanOrEqualTo(tol);
                assertThat(relative(ti, ai)).as("T^-1, eigenvalues given %s", given).isLessThanOrEqualTo(tol);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertThat(t[i * n + j]).isEqualTo(t[j * n + i]);
                        assertThat(ti[i * n + j]).isEqualTo(ti[j * n + i]);
                    }
                }
            }
        });
    }

    /** A congruence with a zero eigenvalue (M = Lᵀ diag(1, 0) L = diag(L_00², 0) exactly) is refused, whichever route. */
    @Test
    void singularSecondCovarianceIsRefused() {
        Matrix sp = Matrix.of(new double[][] {{2, 0.5}, {0.5, 1}}), sq = Matrix.of(new double[][] {{1, 0}, {0, 0}});
        Matrix l = Cholesky.lower(sp).orElseThrow();
        double[] lam = {0, 2};
        CongruenceRoot root = new CongruenceRoot(2);
        assertThat(root.decompose(l.toRowMajor(), sq.toRowMajor(), lam, 0)).isFalse();
        assertThat(root.decompose(l.toRowMajor(), sq.toRowMajor(), null, 0)).isFalse();
    }
}
