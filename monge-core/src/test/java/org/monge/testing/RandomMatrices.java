package org.monge.testing;

import org.monge.linalg.Matrix;

import java.util.Random;

/** Random matrices for tests: well-conditioned symmetric positive-definite ones. */
public final class RandomMatrices {
    private RandomMatrices() {}

    /** M Mᵀ/d + shift·I with M a d×d matrix of standard normals drawn row by row: SPD, condition number moderate. */
    public static Matrix spd(Random rnd, int d, double shift) {
        double[] m = new double[d * d];
        for (int i = 0; i < m.length; i++) m[i] = rnd.nextGaussian();
        Matrix a = Matrix.fromRowMajor(d, d, m);
        return a.times(a.transpose()).scale(1.0 / d).plus(Matrix.identity(d).scale(shift)).symmetrize();
    }
}
