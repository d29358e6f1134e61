package org.monge.gmm;

import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * The gradient flow on the limit lattice metric (docs/mathematics.md §4), a discrete continuity equation
 * on weights p_k at lattice points μ_k with gaps Δ_k, in continuum time:
 * p_k' = −(J_k − J_{k−1}), J_k = √(p_k p_{k+1}) (∂E/∂p_k − ∂E/∂p_{k+1}) / Δ_k², no flux at the ends,
 * for E = Σ p_k log p_k + Σ V(μ_k) p_k (Fokker–Planck; heat flow when V = 0). Positivity and mass
 * are preserved (the flux vanishes with either neighbour). Integrated with
 * {@link AdaptiveRungeKutta}; cost O(N) per right-hand side.
 */
public final class LatticeFlow {
    private LatticeFlow() {}

    /** Weights at time tEnd from p0 (tolerance: relative error per step). */
    public static double[] run(double[] p0, double[] means, DoubleUnaryOperator potential, double tEnd, double tolerance) {
        LatticeLimit.requireWeights(p0);
        LatticeLimit.requireLattice(p0, means);
        int n = p0.length;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = potential == null ? 0 : potential.applyAsDouble(means[k]);
        BiFunction<Double, double[], double[]> f = (t, p) -> {
            double[] dp = new double[n];
            for (int k = 0; k + 1 < n; k++) {
                double a = Math.max(p[k], 1e-300), b = Math.max(p[k + 1], 1e-300);
                double gap = means[k + 1] - means[k];
                double j = Math.sqrt(a * b) * (Math.log(a) + v[k] - Math.log(b) - v[k + 1]) / (gap * gap);
                dp[k] -= j;
                dp[k + 1] += j;
            }
            return dp;
        };
        AdaptiveRungeKutta rk = new AdaptiveRungeKutta(tolerance, tolerance * 1e-6);
        double[] p = p0.clone();
        double t = 0, h = 1e-6;
        double[] f0 = f.apply(0.0, p);
        int guard = 0;
        while (t < tEnd && guard++ < 10_000_000) {
            AdaptiveRungeKutta.Step s = rk.step(f, t, p, f0, Math.min(h, tEnd - t), y -> {
                for (double x : y) if (!(x > 0)) return false;
                return true;
            });
            h = s.nextH();
            if (s.accepted()) { p = s.y(); t = s.t(); f0 = s.fLast(); }
        }
        return p;
    }
}
