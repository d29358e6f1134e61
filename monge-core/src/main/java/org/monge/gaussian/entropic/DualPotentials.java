package org.monge.gaussian.entropic;

import org.monge.linalg.Matrix;

/**
 * The quadratic dual potentials of entropic Gaussian OT: the optimal plan π and the reference
 * R = N((m0, m1), K) satisfy dπ/dR(x, y) = exp((f(x) + g(y) − |x − y|²)/(2ε)) with
 * <pre>
 *   f(x) = (x − m0)ᵀ F (x − m0) + 2⟨x − m0, m0 − m1⟩ + f0,
 *   g(y) = (y − m1)ᵀ H (y − m1) − 2⟨y − m1, m0 − m1⟩ + g0.
 * </pre>
 * For centred marginals this is docs/mathematics.md §2: F = I − εΔ11, H = I − εΔ22 with Δ = Σ^−1 − K^−1,
 * f0 + g0 = ε (log det K − log det Σ); the linear terms and |m0 − m1|² (added to f0 + g0) carry
 * the means. Only f0 + g0 is determined (f + c, g − c is as good); the constant is split equally.
 * The dual value E_P f + E_Q g = tr(F A) + tr(H B) + f0 + g0 equals the cost at the optimum.
 */
public record DualPotentials(Matrix f, Matrix h, double f0, double g0, double[] mean0, double[] mean1) {
    public DualPotentials {
        mean0 = mean0.clone();
        mean1 = mean1.clone();
    }

    @Override
    public double[] mean0() { return mean0.clone(); }

    @Override
    public double[] mean1() { return mean1.clone(); }

    /** f(x). */
    public double first(double[] x) {
        return evaluate(f, x, mean0, 1) + f0;
    }

    /** g(y). */
    public double second(double[] y) {
        return evaluate(h, y, mean1, -1) + g0;
    }

    /** tr(F A) + tr(H B) + f0 + g0: the dual objective at these potentials for marginals with covariances A, B. */
    public double value(Matrix a, Matrix b) {
        return f.dot(a) + h.dot(b) + f0 + g0;
    }

    private double evaluate(Matrix q, double[] x, double[] m, int sign) {
        if (x.length != m.length) throw new IllegalArgumentException("point has dimension " + x.length + ", expected " + m.length);
        double[] z = new double[x.length];
        double lin = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] - m[i];
            lin += z[i] * (mean0[i] - mean1[i]);
        }
        double[] qz = q.times(z);
        double quad = 0;
        for (int i = 0; i < z.length; i++) quad += z[i] * qz[i];
        return quad + 2 * sign * lin;
    }
}
