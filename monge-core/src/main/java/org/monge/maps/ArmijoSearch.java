package org.monge.maps;

import java.util.function.DoubleUnaryOperator;

/**
 * Backtracking line search for the Armijo condition φ(α) ≤ φ(0) + c₁ α φ'(0), by quadratic then cubic interpolation
 * (Nocedal &amp; Wright 1999, "Numerical optimization", §3.4, pp. 56–57), step for step as SciPy's
 * {@code scalar_search_armijo} that POT's generalised conditional gradient calls (with POT's c₁ = 10⁻⁴, first step
 * 0.99, the accepted step clipped to [0, 1]), so that {@link SinkhornL1l2Transport} takes POT's steps.
 */
final class ArmijoSearch {
    static final double C1 = 1e-4, FIRST_STEP = 0.99;

    /** The step and φ at the step the search accepted (before clipping, as POT reports it). */
    record Step(double alpha, double value) {}

    private ArmijoSearch() {}

    /** φ(0) = phi0 and φ'(0) = slope (negative for a descent direction); a step of 0 when no step is accepted. */
    static Step search(DoubleUnaryOperator phi, double phi0, double slope) {
        double alpha0 = FIRST_STEP, phiA0 = phi.applyAsDouble(alpha0);
        if (phiA0 <= phi0 + C1 * alpha0 * slope) return clipped(alpha0, phiA0);
        double alpha1 = -slope * alpha0 * alpha0 / 2.0 / (phiA0 - phi0 - slope * alpha0);
        double phiA1 = phi.applyAsDouble(alpha1);
        if (phiA1 <= phi0 + C1 * alpha1 * slope) return clipped(alpha1, phiA1);
        while (alpha1 > 0) {
            double factor = alpha0 * alpha0 * alpha1 * alpha1 * (alpha1 - alpha0);
            double a = (alpha0 * alpha0 * (phiA1 - phi0 - slope * alpha1) - alpha1 * alpha1 * (phiA0 - phi0 - slope * alpha0)) / factor;
            double b = (-alpha0 * alpha0 * alpha0 * (phiA1 - phi0 - slope * alpha1)
                    + alpha1 * alpha1 * alpha1 * (phiA0 - phi0 - slope * alpha0)) / factor;
            double alpha2 = (-b + Math.sqrt(Math.abs(b * b - 3 * a * slope))) / (3.0 * a);
            double phiA2 = phi.applyAsDouble(alpha2);
            if (phiA2 <= phi0 + C1 * alpha2 * slope) return clipped(alpha2, phiA2);
            if (alpha1 - alpha2 > alpha1 / 2.0 || 1 - alpha2 / alpha1 < 0.96) alpha2 = alpha1 / 2.0;
            alpha0 = alpha1;
            alpha1 = alpha2;
            phiA0 = phiA1;
            phiA1 = phiA2;
        }
        return new Step(0, phi0);
    }

    private static Step clipped(double alpha, double value) { return new Step(Math.min(1, Math.max(0, alpha)), value); }
}
