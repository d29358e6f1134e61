package org.monge.gaussian;

import org.monge.linalg.Matrix;

/**
 * McCann's displacement interpolation (the W2 geodesic) between Gaussians (McCann 1997):
 * m_t = (1−t) m0 + t m1, S_t = ((1−t) I + t A) S0 ((1−t) I + t A), A the Brenier matrix.
 * W2(N_0, N_t) = t W2(N_0, N_1) along it.
 */
public final class McCannInterpolation {
    private final Gaussian start;
    private final Gaussian end;
    private final Matrix brenier;

    public McCannInterpolation(Gaussian start, Gaussian end) {
        start.requireSameDimension(end, "McCann interpolation");
        this.start = start;
        this.end = end;
        this.brenier = BrenierMap.matrix(start, end);
    }

    /** The Gaussian at time t ∈ [0, 1]. */
    public Gaussian at(double t) {
        if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("t must lie in [0, 1], got " + t);
        int d = start.dimension();
        Matrix a = Matrix.identity(d).combine(1 - t, brenier, t);
        double[] m0 = start.mean(), m1 = end.mean(), m = new double[d];
        for (int i = 0; i < d; i++) m[i] = (1 - t) * m0[i] + t * m1[i];
        return Gaussian.of(m, a.times(start.covariance()).times(a).symmetrize());
    }
}
