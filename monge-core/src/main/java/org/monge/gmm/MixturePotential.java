package org.monge.gmm;

import java.util.function.DoubleUnaryOperator;

/**
 * Potentials V for the energies of extended-mixture flows, with the Gaussian expectation
 * v(μ, s) = E V(μ + sZ), Z ~ N(0, 1), and its derivative in μ in closed form, so that the potential
 * energy Σ p_k v(μ_k, σ) of a mixture and its gradient need no quadrature. Each closed form follows
 * from E e^{iωsZ} = e^{−ω²s²/2} (sines) or the Gaussian moments E Z² = 1, E Z⁴ = 3 (polynomials).
 */
public enum MixturePotential implements DoubleUnaryOperator {
    /** V(x) = sin x: v = e^{−s²/2} sin μ; minima at −π/2 + 2πk. */
    SIN {
        @Override public double applyAsDouble(double x) { return Math.sin(x); }
        @Override public double gaussianMean(double mu, double s) { return Math.exp(-0.5 * s * s) * Math.sin(mu); }
        @Override public double gaussianMeanDerivative(double mu, double s) { return Math.exp(-0.5 * s * s) * Math.cos(mu); }
        @Override public boolean even() { return false; }
    },
    /** V(x) = sin 2πx: v = e^{−2π²s²} sin 2πμ; minima at −1/4 + k. */
    SIN_2PI {
        @Override public double applyAsDouble(double x) { return Math.sin(2 * Math.PI * x); }
        @Override public double gaussianMean(double mu, double s) {
            return Math.exp(-2 * Math.PI * Math.PI * s * s) * Math.sin(2 * Math.PI * mu);
        }
        @Override public double gaussianMeanDerivative(double mu, double s) {
            return 2 * Math.PI * Math.exp(-2 * Math.PI * Math.PI * s * s) * Math.cos(2 * Math.PI * mu);
        }
        @Override public boolean even() { return false; }
    },
    /** V(x) = (x² − 1)²/4: v = (μ⁴ + 6μ²s² + 3s⁴ − 2μ² − 2s² + 1)/4. */
    DOUBLE_WELL {
        @Override public double applyAsDouble(double x) { return 0.25 * (x * x - 1) * (x * x - 1); }
        @Override public double gaussianMean(double mu, double s) {
            double m2 = mu * mu, s2 = s * s;
            return 0.25 * (m2 * m2 + 6 * m2 * s2 + 3 * s2 * s2 - 2 * m2 - 2 * s2 + 1);
        }
        @Override public double gaussianMeanDerivative(double mu, double s) { return mu * mu * mu + 3 * mu * s * s - mu; }
        @Override public boolean even() { return true; }
    },
    /** V(x) = x²/2: v = (μ² + s²)/2. */
    QUADRATIC {
        @Override public double applyAsDouble(double x) { return 0.5 * x * x; }
        @Override public double gaussianMean(double mu, double s) { return 0.5 * (mu * mu + s * s); }
        @Override public double gaussianMeanDerivative(double mu, double s) { return mu; }
        @Override public boolean even() { return true; }
    };

    /** E V(μ + sZ), Z standard normal. */
    public abstract double gaussianMean(double mu, double s);

    /** d/dμ E V(μ + sZ). */
    public abstract double gaussianMeanDerivative(double mu, double s);

    /** Whether V(−x) = V(x), as an interaction kernel W must be. */
    public abstract boolean even();
}
