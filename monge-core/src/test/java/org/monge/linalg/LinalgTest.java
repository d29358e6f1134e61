package org.monge.linalg;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;
import static org.monge.testing.RandomMatrices.spd;

/** The backends agree with each other and with the defining identities, on both sides of the size switch. */
class LinalgTest {
    @Test
    void eigenDecompositionReconstructs() {
        forAll(121, 20, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, 12);
            Matrix s = spd(new Random(seed), n, 0.1);
            SymmetricEigen e = SymmetricEigen.of(s);
            assertThat(e.apply(x -> x).minus(s).maxAbs()).isLessThan(1e-12 * (1 + s.maxAbs()));
            Matrix r = e.sqrt();
            assertThat(r.times(r).minus(s).maxAbs()).isLessThan(1e-12 * (1 + s.maxAbs()));
            for (int i = 1; i < n; i++) assertThat(e.eigenvalues()[i]).isGreaterThanOrEqualTo(e.eigenvalues()[i - 1]);
        });
    }

    @Test
    void largeRouteMatchesDefinitionsAcrossTheSwitch() {
        Random rnd = new Random(2);
        for (int n : new int[] {Backend.LARGE - 1, Backend.LARGE, 150}) {
            Matrix s = spd(rnd, n, 0.1);
            SymmetricEigen e = SymmetricEigen.of(s);
            assertThat(e.apply(x -> x).minus(s).maxAbs()).as("n=%d", n).isLessThan(1e-11 * (1 + s.maxAbs()));
            Matrix u = e.eigenvectors();
            assertThat(u.transpose().times(u).minus(Matrix.identity(n)).maxAbs()).isLessThan(1e-12);
            double[] only = SymmetricEigen.eigenvalues(s);
            for (int i = 0; i < n; i++) assertThat(only[i]).isCloseTo(e.eigenvalues()[i], within(1e-11));
            Matrix l = Cholesky.lower(s).orElseThrow();
            assertThat(l.isLowerTriangular(0)).isTrue();
            assertThat(l.times(l.transpose()).minus(s).maxAbs()).isLessThan(1e-12 * (1 + s.maxAbs()));
            Matrix li = Cholesky.invertLower(l);
            assertThat(li.times(l).minus(Matrix.identity(n)).maxAbs()).isLessThan(1e-10);
            // gemm on both routes: (A B)ᵀ = Bᵀ Aᵀ
            Matrix a = spd(rnd, n, 0.1);
            Matrix b = Matrix.fromRowMajor(n, 3, new double[n * 3]).plus(Matrix.fromRowMajor(n, 3, randoms(rnd, n * 3)));
            assertThat(a.times(b).transpose().minus(b.transpose().times(a.transpose())).maxAbs()).isLessThan(1e-12);
        }
        assertThat(Cholesky.lower(Matrix.of(new double[][] {{1, 2}, {2, 1}}))).isEmpty();
    }

    @Test
    void gramAccumulationIsXtX() {
        Random rnd = new Random(4);
        int rows = 37, n = 5;
        double[] x = randoms(rnd, rows * n);
        double[] acc = new double[n * n];
        Arrays.fill(acc, 7.0); // the strict upper triangle must be left alone
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) acc[i * n + j] = 0;
        Gram.accumulateLower(acc, n, x, rows, 1.0);
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) assertThat(acc[i * n + j]).isEqualTo(7.0);
        Gram.mirrorLower(acc, n);
        Matrix xm = Matrix.fromRowMajor(rows, n, x);
        assertThat(Matrix.fromRowMajor(n, n, acc).minus(xm.transpose().times(xm)).maxAbs()).isLessThan(1e-12);
    }

    static double[] randoms(Random rnd, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rnd.nextGaussian();
        return d;
    }
}
