package org.monge.discrete.entropic;

import org.monge.discrete.CostMatrix;

import java.util.Arrays;

/**
 * ε-scaling: the decreasing regularisations ε_k = max(ε, s·θ^k) at which Sinkhorn runs before the
 * target ε, from a cost scale s, each stage starting from the potentials of the one before. At a large
 * ε the iterations converge in a few steps, and each smaller ε then starts close to its fixed point,
 * which makes small ε affordable (Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy
 * regularized transport problems", ε-scaling). Intermediate stages only need to bring the potentials
 * near: they stop at a looser tolerance or after {@link Sinkhorn#STAGE_ITERATIONS} iterations.
 */
final class EpsilonSchedule {
    private EpsilonSchedule() {}

    /** The stages from the cost scale of c down to ε by the factor θ in (0, 1); just ε for θ = 0. */
    static double[] stages(double epsilon, double factor, CostMatrix c) {
        if (factor == 0) return new double[] {epsilon};
        double scale = costScale(c, epsilon);
        int k = 0;
        double[] eps = new double[64];
        double e = scale;
        while (e > epsilon && k < 63) {
            eps[k++] = e;
            e *= factor;
        }
        eps[k++] = epsilon;
        return Arrays.copyOf(eps, k);
    }

    /** An O(n + m) estimate of the largest cost: costs from the first point of each side, doubled. */
    static double costScale(CostMatrix c, double epsilon) {
        double mx = 0;
        for (int i = 0; i < c.rows(); i++) mx = Math.max(mx, Math.abs(c.get(i, 0)));
        for (int j = 0; j < c.cols(); j++) mx = Math.max(mx, Math.abs(c.get(0, j)));
        return Double.isFinite(mx) ? 2 * mx : epsilon;
    }

    /** The tolerance of a stage: the target at the last, before it the larger of the target and 1e-4 of the mass. */
    static double tolerance(boolean last, double tolerance, double mass) {
        return last ? tolerance : Math.max(tolerance, 1e-4 * mass);
    }

    /** The iteration count at which a stage stops: maxIterations at the last, STAGE_ITERATIONS more before. */
    static int cap(boolean last, int iterations, int maxIterations) {
        return last ? maxIterations : Math.min(maxIterations, iterations + Sinkhorn.STAGE_ITERATIONS);
    }
}
