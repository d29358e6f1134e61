package org.monge.discrete.entropic;

/**
 * Over-relaxed Sinkhorn steps with a safe adaptive factor (Thibault, Chizat, Dossal, Papadakis 2017,
 * "Overrelaxed Sinkhorn-Knopp algorithm for regularized optimal transport"; Lehmann, von Renesse,
 * Sinkhorn 2021, "A note on overrelaxation in the Sinkhorn algorithm"). A half step moves each potential
 * ω times as far as the plain Sinkhorn update: f_i ← f_i + ω (f*_i − f_i), or u_i ← u_i (u*_i/u_i)^ω in
 * the scaling form. Near the fixed point Sinkhorn is a block Gauss–Seidel iteration on the dual, and
 * relaxing both blocks is successive over-relaxation: if the plain iteration contracts by λ an
 * iteration, ω = 2/(1 + √(1 − λ)) contracts by about ω − 1, i.e. 1 − √(1−λ) in place of λ (Young's SOR
 * theory for two blocks; the ω of Thibault et al., §3, and Lehmann et al., Thm. 2).
 *
 * <p><b>Adaptive ω.</b> A run starts with plain steps; from the L1 marginal errors λ is estimated as the
 * mean contraction over the last {@link #WINDOW} iterations, and ω raised to min(ω_max, 2/(1 + √(1 − λ)))
 * (see {@link #observe}); ω never decreases within a run.
 *
 * <p><b>Safeguard.</b> The dual D(f, g) = ⟨a, f⟩ + ⟨b, g⟩ − ε Σπ is separable in the f_i for fixed g, and
 * with x_i = (f*_i − f_i)/ε a step t·(f*_i − f_i) raises it by ε a_i h(t, x_i), h(t, x) = t x − e^{(t−1)x}
 * + e^{−x}, which is concave in t with its maximum at t = 1 (the plain step). A coordinate takes ω only
 * when h(ω, x_i) ≥ {@link #KAPPA}·h(1, x_i), and ω = 1 otherwise: so every half step raises the dual by at
 * least κ times the plain Sinkhorn step's rise, the decrease test of the Lyapunov function −D that
 * Lehmann et al. use for global convergence, with the fallback ω = 1 where it fails (far from the fixed
 * point, where |x_i| is large). The test costs one exponential a coordinate, O(n) against the O(nm) pass.
 */
final class OverRelaxation {
    /** Fraction of the plain step's dual increase that a relaxed coordinate step must keep. */
    static final double KAPPA = 0.05;
    /** Iterations over which the plain contraction rate is measured. */
    static final int WINDOW = 10;
    /** Plain iterations of a stage before the first estimate. */
    static final int WARM_UP = 20;

    private final double maxOmega;
    private final double[] errors = new double[WARM_UP + 1];
    private int count;
    private double omega = 1;

    /** A controller for factors up to maxOmega in [1, 2); 1 keeps every step plain. */
    OverRelaxation(double maxOmega) {
        this.maxOmega = maxOmega;
    }

    /**
     * A new ε-stage: the error history starts again, ω stays. The plain contraction λ grows as ε shrinks,
     * so the ω of the stage before is below the new optimum, where SOR is slower but safe.
     */
    void startStage() {
        count = 0;
    }

    /** The factor proposed for the next half steps. */
    double omega() { return omega; }

    /**
     * Records the L1 marginal error of one more iteration of the stage, and every {@link #WINDOW} iterations
     * from {@link #WARM_UP} on measures the contraction ρ over the last window and raises ω to
     * min(ω_max, 2/(1 + √(1 − λ))): with plain steps λ = ρ; with relaxed ones λ follows from Young's
     * relation (ρ + ω − 1)² = ρ ω² λ between the SOR rate ρ and the Gauss–Seidel rate λ, which holds
     * while ω is below the optimum (ρ > ω − 1; at or above it ρ = ω − 1 and there is nothing to raise).
     */
    void observe(double error) {
        if (maxOmega == 1) return;
        if (count < errors.length) {
            errors[count++] = error;
        } else {
            System.arraycopy(errors, 1, errors, 0, errors.length - 1);
            errors[errors.length - 1] = error;
            count++;
        }
        if (count < WARM_UP + 1 || (count - WARM_UP - 1) % WINDOW != 0) return;
        double last = errors[errors.length - 1], before = errors[errors.length - 1 - WINDOW];
        if (!(last > 0 && before > last)) return;
        double rho = Math.pow(last / before, 1.0 / WINDOW);
        double lambda = omega == 1 ? rho : rho > omega - 1 ? sq(rho + omega - 1) / (omega * omega * rho) : 0;
        if (lambda > 0 && lambda < 1) {
            omega = Math.max(omega, Math.min(maxOmega, 2 / (1 + Math.sqrt(1 - lambda))));
        }
    }

    private static double sq(double x) { return x * x; }

    /** ω when the step ω·x (in units of ε) keeps κ of the plain step's dual increase, else 1. */
    static double safe(double omega, double x) {
        if (omega == 1) return 1;
        if (Math.abs(x) < 1e-3) { // h(t, x) = x²(t − t²/2) + O(x³): compare the quadratic terms
            return omega * (2 - omega) >= KAPPA * (1 + Math.abs(x)) ? omega : 1;
        }
        double plain = x + Math.expm1(-x);
        double relaxed = omega * x - Math.expm1((omega - 1) * x) + Math.expm1(-x);
        return relaxed >= KAPPA * plain ? omega : 1;
    }
}
