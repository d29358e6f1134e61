package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The weight gradient where the plan's density at a point of zero weight is beyond e^709 (exp overflows). */
class UnbalancedGradientTest {
    private static final double TAU = 0.01, EPS = 0.001;

    /**
     * Sources 0 (weight 1) and D (weight 0), targets 0 and D (weight 1 each), cost |x − y|²: the target at D is reached
     * from the weighted source only across D², so its potential is about κ·D² (κ = τ/(τ + ε)) and the zero-weight source
     * sitting on it has −f/τ ≈ κ²D²/τ. D is chosen for −f/τ ≈ 712, where e^{−f/τ} overflows but the gradient
     * τ + ε·m(b) − (τ + ε)e^{−f/τ} is about −1.8e307.
     */
    @Test
    void zeroWeightWithAnOverflowingDensityHasAFiniteGradient() {
        double kappa = TAU / (TAU + EPS), d = Math.sqrt(712 * TAU) / kappa;
        double[] a = {1, 0}, b = {1, 1}, cost = {0, d * d, d * d, 0};
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(2, 2, cost));
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(EPS).withTau(TAU).withTolerance(1e-13).withMaxIterations(100000);
        UnbalancedSinkhorn.Result r = s.solve(p);
        assertThat(r.converged()).isTrue();
        // the zero-weight source's potential, recomputed from g: f = −κ ε LSE_j(log b_j + (g_j − c_1j)/ε)
        double t0 = (r.g()[0] - cost[2]) / EPS, t1 = (r.g()[1] - cost[3]) / EPS, hi = Math.max(t0, t1);
        double f1 = -kappa * EPS * (hi + Math.log(Math.exp(t0 - hi) + Math.exp(t1 - hi)));
        assertThat(r.f()[1]).isCloseTo(f1, within(1e-9 * Math.abs(f1)));
        double x = -r.f()[1] / TAU;
        assertThat(x).as("the density overflows a double").isGreaterThan(Math.log(Double.MAX_VALUE));
        assertThat(Math.expm1(x)).as("the direct formula overflows").isInfinite();

        ValueAndGradient g = UnbalancedGradient.fromSolution(p, s.options(), r);
        double expected = highPrecision(x, 2);
        assertThat(Double.isFinite(g.a()[1])).isTrue();
        assertThat(g.a()[1]).isCloseTo(expected, within(1e-12 * Math.abs(expected)));
    }

    /** The same with a density e^1000·(τ + ε): the gradient itself is beyond the double range, an error rather than −∞. */
    @Test
    void aGradientBeyondTheDoubleRangeIsAnError() {
        double kappa = TAU / (TAU + EPS), d = Math.sqrt(1000 * TAU) / kappa;
        double[] a = {1, 0}, b = {1, 1}, cost = {0, d * d, d * d, 0};
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(2, 2, cost));
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(EPS).withTau(TAU).withTolerance(1e-13).withMaxIterations(100000);
        UnbalancedSinkhorn.Result r = s.solve(p);
        assertThatThrownBy(() -> UnbalancedGradient.fromSolution(p, s.options(), r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the double range");
    }

    /** Positive weights with moderate potentials: the log form is not used and agrees with the direct formula. */
    @Test
    void moderateExponentsUseTheDirectFormula() {
        double w = 0.3, f = -0.02, marginal = w * Math.exp(-f / TAU) * (1 + 1e-9), m = 1.7;
        double direct = TAU * (1 - Math.exp(-f / TAU)) - EPS * (marginal / w - m);
        assertThat(UnbalancedGradient.partial(w, f, marginal, m, EPS, TAU)).isCloseTo(direct,
                within(1e-14));
    }

    /** τ + ε·m − (τ + ε)e^x in 40 digits (e^x as the square of e^{x/2}, which fits a double). */
    private static double highPrecision(double x, double otherMass) {
        MathContext mc = new MathContext(40);
        BigDecimal half = new BigDecimal(Math.exp(x / 2)), density = half.multiply(half, mc);
        BigDecimal tau = new BigDecimal(TAU), eps = new BigDecimal(EPS);
        return tau.add(eps.multiply(new BigDecimal(otherMass), mc)).subtract(tau.add(eps).multiply(density, mc)).doubleValue();
    }
}
