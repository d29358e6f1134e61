package org.monge.linalg;

/**
 * Functions of symmetric matrices built on {@link SymmetricEigen}: square roots, and the
 * Fréchet derivative of the square root through a Sylvester equation solved in the eigenbasis.
 */
public final class MatrixFunctions {
    private MatrixFunctions() {}

    /** S^½ of a symmetric positive semi-definite S. */
    public static Matrix sqrt(Matrix s) {
        return SymmetricEigen.of(s).sqrt();
    }

    /** S^−½ of a symmetric positive-definite S. */
    public static Matrix inverseSqrt(Matrix s) {
        return SymmetricEigen.of(s).inverseSqrt();
    }

    /**
     * Solves X D + D X = E for X, where D = U diag(d) Uᵀ is given by its eigenbasis and its
     * (non-negative, not both zero for any pair) eigenvalues d:
     * X = U [ (Uᵀ E U)_ij / (d_i + d_j) ] Uᵀ.
     */
    public static Matrix solveSylvester(Matrix u, double[] d, Matrix e) {
        int n = d.length;
        Matrix ut = u.transpose();
        double[] f = ut.times(e).times(u).toRowMajor();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double den = d[i] + d[j];
                if (!(den > 0)) {
                    throw new IllegalArgumentException("Sylvester equation is singular: eigenvalues " + d[i] + " and " + d[j] + " sum to "
                            + den);
                }
                f[i * n + j] /= den;
            }
        }
        return u.times(Matrix.wrap(n, n, f)).times(ut);
    }

    /**
     * Fréchet derivative of S ↦ S^½ at a positive-definite S in the symmetric direction E:
     * the solution X of X S^½ + S^½ X = E (Higham, Functions of Matrices, 2008, §6.1).
     */
    public static Matrix sqrtDerivative(Matrix s, Matrix e) {
        if (!e.isSquare() || e.rows() != s.rows()) {
            throw new IllegalArgumentException("direction must be " + s.rows() + "x" + s.rows() + ", got " + e.rows() + "x" + e.cols());
        }
        SymmetricEigen eig = SymmetricEigen.of(s);
        if (!(eig.min() > 0)) {
            throw new IllegalArgumentException("the square root is differentiable only at positive-definite matrices; smallest eigenvalue "
                    + eig.min());
        }
        double[] r = new double[eig.size()];
        for (int i = 0; i < r.length; i++) r[i] = Math.sqrt(eig.eigenvalues()[i]);
        return solveSylvester(eig.eigenvectors(), r, e.symmetrize());
    }

    /** Which backends serve small and large matrices on this machine (for logs and benchmarks). */
    public static String backendDescription() {
        return Backend.describe();
    }
}
