package org.monge.gaussian;

import org.monge.linalg.Matrix;

/** An affine map T(x) = A x + b on R^d, such as the Brenier and Knothe–Rosenblatt maps between Gaussians. */
public record AffineMap(Matrix matrix, double[] shift) {
    public AffineMap {
        if (!matrix.isSquare() || matrix.rows() != shift.length) {
            throw new IllegalArgumentException("affine map needs a d×d matrix and a length-d shift, got " + matrix.rows() + "x"
                    + matrix.cols() + " and " + shift.length);
        }
        shift = shift.clone();
    }

    @Override
    public double[] shift() { return shift.clone(); }

    public int dimension() { return shift.length; }

    /** T(x). */
    public double[] apply(double[] x) {
        if (x.length != shift.length) throw new IllegalArgumentException("point has dimension " + x.length + ", map has " + shift.length);
        double[] y = matrix.times(x);
        for (int i = 0; i < y.length; i++) y[i] += shift[i];
        return y;
    }

    /** T applied to each row of an n×d matrix of points. */
    public Matrix applyToRows(Matrix points) {
        if (points.cols() != shift.length) {
            throw new IllegalArgumentException("points have dimension " + points.cols() + ", map has " + shift.length);
        }
        double[] out = points.times(matrix.transpose()).toRowMajor();
        int d = shift.length;
        for (int i = 0; i < points.rows(); i++) for (int j = 0; j < d; j++) out[i * d + j] += shift[j];
        return Matrix.fromRowMajor(points.rows(), d, out);
    }

    /** The image T#N(m, S) = N(A m + b, A S Aᵀ). */
    public Gaussian pushForward(Gaussian g) {
        if (g.dimension() != shift.length) {
            throw new IllegalArgumentException("Gaussian has dimension " + g.dimension() + ", map has " + shift.length);
        }
        return Gaussian.of(apply(g.mean()), matrix.times(g.covariance()).times(matrix.transpose()).symmetrize());
    }

    static AffineMap between(Matrix a, Gaussian source, Gaussian target) {
        double[] am0 = a.times(source.mean());
        double[] m1 = target.mean();
        for (int i = 0; i < am0.length; i++) am0[i] = m1[i] - am0[i];
        return new AffineMap(a, am0);
    }
}
