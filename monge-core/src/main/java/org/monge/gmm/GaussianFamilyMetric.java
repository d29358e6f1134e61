package org.monge.gmm;

import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;
import org.monge.linalg.SymmetricEigen;

/**
 * The Wasserstein information matrix of the Gaussian family N(m, S) in any dimension in closed
 * form: the Bures–Wasserstein (Otto) metric on (m, S). A tangent vector (ṁ, Ṡ) is carried by the
 * affine velocity field v(x) = ṁ + X (x − m) with X symmetric solving the Lyapunov equation
 * X S + S X = Ṡ, and g((ṁ₁, Ṡ₁), (ṁ₂, Ṡ₂)) = ṁ₁·ṁ₂ + tr(X₁ S X₂) (Takatsu 2011; Malagò, Montrucchio
 * &amp; Pistone 2018). In 1-D with (μ, σ) coordinates this is the identity matrix. Cost: one
 * symmetric eigendecomposition and O(d³) per Lyapunov solve.
 */
public final class GaussianFamilyMetric {
    private GaussianFamilyMetric() {}

    /** g((dm1, dS1), (dm2, dS2)) at N(m, S) (S positive definite, directions symmetric). */
    public static double inner(Gaussian at, double[] dm1, Matrix dS1, double[] dm2, Matrix dS2) {
        if (!at.isPositiveDefinite()) throw new IllegalArgumentException("the metric needs a positive-definite covariance");
        int d = at.dimension();
        for (Matrix e : new Matrix[] {dS1, dS2}) {
            if (e.rows() != d || e.cols() != d) {
                throw new IllegalArgumentException("covariance directions must be " + d + "x" + d + ", got " + e.rows() + "x" + e.cols());
            }
        }
        if (dm1.length != d || dm2.length != d) throw new IllegalArgumentException("mean directions must have length " + d);
        SymmetricEigen eig = at.eigen();
        Matrix x1 = MatrixFunctions.solveSylvester(eig.eigenvectors(), eig.eigenvalues(), dS1.symmetrize());
        Matrix x2 = MatrixFunctions.solveSylvester(eig.eigenvectors(), eig.eigenvalues(), dS2.symmetrize());
        double s = 0;
        for (int i = 0; i < d; i++) s += dm1[i] * dm2[i];
        return s + x1.times(at.covariance()).times(x2).trace();
    }

    /**
     * The matrix of the metric in the coordinates (m_1 … m_d, S_ij for i ≤ j), S_ij moving both
     * symmetric entries: size d + d(d+1)/2.
     */
    public static Matrix matrix(Gaussian at) {
        int d = at.dimension(), n = d + d * (d + 1) / 2;
        double[][] dm = new double[n][d];
        Matrix[] ds = new Matrix[n];
        for (int a = 0; a < d; a++) { dm[a][a] = 1; ds[a] = Matrix.zeros(d, d); }
        int a = d;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++, a++) {
                double[][] e = new double[d][d];
                e[i][j] = 1;
                e[j][i] = 1;
                ds[a] = Matrix.of(e);
            }
        }
        double[][] g = new double[n][n];
        for (int p = 0; p < n; p++) for (int q = p; q < n; q++) g[p][q] = g[q][p] = inner(at, dm[p], ds[p], dm[q], ds[q]);
        return Matrix.of(g);
    }
}
