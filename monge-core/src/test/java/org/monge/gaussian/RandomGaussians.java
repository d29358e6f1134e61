package org.monge.gaussian;

import org.monge.linalg.Matrix;

import java.util.Random;

/** Random test inputs: well-conditioned SPD matrices and Gaussians. */
final class RandomGaussians {
    private RandomGaussians() {}

    /** M Mᵀ/d + shift·I with M standard normal: SPD, condition number moderate. */
    static Matrix spd(Random rnd, int d, double shift) {
        double[][] m = new double[d][d];
        for (double[] row : m) for (int j = 0; j < d; j++) row[j] = rnd.nextGaussian();
        Matrix a = Matrix.of(m);
        return a.times(a.transpose()).scale(1.0 / d).plus(Matrix.identity(d).scale(shift)).symmetrize();
    }

    static double[] vector(Random rnd, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = rnd.nextGaussian();
        return v;
    }

    static Gaussian gaussian(Random rnd, int d) {
        return Gaussian.of(vector(rnd, d), spd(rnd, d, 0.1));
    }

    /** A random symmetric direction with unit Frobenius norm. */
    static Matrix symmetricDirection(Random rnd, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) m[i][j] = m[j][i] = rnd.nextGaussian();
        Matrix e = Matrix.of(m);
        return e.scale(1.0 / e.frobeniusNorm());
    }
}
