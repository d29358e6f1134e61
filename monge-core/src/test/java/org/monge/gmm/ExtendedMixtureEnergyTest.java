package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.testing.Cases;

import java.util.function.DoubleBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Energies of extended mixtures: closed forms against brute-force integration, gradients against finite differences. */
class ExtendedMixtureEnergyTest {

    /** ∫ f(x) ρ(x) dx or ∫ ρ log ρ by the trapezoid rule on a fine uniform grid (independent of the class's rule). */
    static double trapezoid(double[] p, double[] mu, double s, DoubleBinaryOperator integrand) {
        double lo = -4 - 15 * s, hi = 4 + 15 * s;
        int m = 400_000;
        double h = (hi - lo) / m, sum = 0;
        for (int i = 0; i <= m; i++) {
            double x = lo + i * h, rho = 0;
            for (int k = 0; k < p.length; k++) rho += p[k] * Math.exp(-0.5 * Math.pow((x - mu[k]) / s, 2)) / (s * Math.sqrt(2 * Math.PI));
            sum += (i == 0 || i == m ? 0.5 : 1) * integrand.applyAsDouble(x, rho);
        }
        return sum * h;
    }

    @Test
    void potentialClosedFormsMatchIntegration() {
        double[] p = {0.2, 0.5, 0.3}, mu = {-1, 0.1, 1.2};
        double s = 0.3;
        for (MixturePotential v : MixturePotential.values()) {
            double e = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.POTENTIAL, v, s).value(p, mu);
            double ref = trapezoid(p, mu, s, (x, rho) -> rho * v.applyAsDouble(x));
            assertThat(e).as(v.name()).isCloseTo(ref, within(1e-9));
        }
    }

    @Test
    void entropyMatchesIntegrationAndTheSeparatedLimit() {
        double[] p = {0.2, 0.5, 0.3}, mu = {-1, 0, 1};
        for (double s : new double[] {0.3, 0.1, 0.05}) {
            double e = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.ENTROPY, null, s).value(p, mu);
            double ref = trapezoid(p, mu, s, (x, rho) -> rho > 0 ? rho * Math.log(rho) : 0);
            assertThat(e).as("σ = %s", s).isCloseTo(ref, within(1e-8));
        }
        // well separated: ∫ ρ log ρ → Σ p log p − ½ log(2πeσ²)
        double s = 0.05, sep = 0;
        for (double q : p) sep += q * Math.log(q);
        sep -= 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
        assertThat(ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.ENTROPY, null, s).value(p, mu)).isCloseTo(sep, within(1e-10));
    }

    @Test
    void interactionMatchesDoubleIntegral() {
        double[] p = {0.4, 0.6}, mu = {-0.5, 0.7};
        double s = 0.2;
        double e = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.INTERACTION, MixturePotential.DOUBLE_WELL, s).value(p, mu);
        // ½ Σ p_k p_l E W(X_k − X_l), X_k − X_l ~ N(μ_k − μ_l, 2σ²), each expectation by the trapezoid rule
        double ref = 0;
        for (int k = 0; k < 2; k++) {
            for (int l = 0; l < 2; l++) {
                double d = mu[k] - mu[l];
                ref += 0.5 * p[k] * p[l] * trapezoid(new double[] {1}, new double[] {d}, Math.sqrt(2) * s,
                        (x, rho) -> rho * MixturePotential.DOUBLE_WELL.applyAsDouble(x));
            }
        }
        assertThat(e).isCloseTo(ref, within(1e-9));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Cases.forAll(14, 12, c -> {
            int n = c.intIn("n", 2, 4);
            double s = c.doubleIn("sigma", 0.08, 0.4);
            double[] p = new double[n], mu = new double[n];
            double tot = 0;
            for (int k = 0; k < n; k++) {
                p[k] = c.doubleIn("p" + k, 0.1, 1);
                tot += p[k];
                mu[k] = k * 0.8 + c.doubleIn("mu" + k, -0.3, 0.3);
            }
            for (int k = 0; k < n; k++) p[k] /= tot;
            ExtendedMixtureEnergy.Kind kind = ExtendedMixtureEnergy.Kind.values()[c.intIn("kind", 0, 3)];
            MixturePotential v = kind == ExtendedMixtureEnergy.Kind.INTERACTION ? MixturePotential.QUADRATIC
                    : MixturePotential.values()[c.intIn("v", 0, 3)];
            ExtendedMixtureEnergy en = ExtendedMixtureEnergy.of(kind, v, s);
            double[] g = new double[2 * n];
            en.valueAndGradient(p, mu, g);
            double h = 1e-6;
            for (int a = 0; a < 2 * n; a++) {
                double[] pp = p.clone(), pm = p.clone(), mp = mu.clone(), mm = mu.clone();
                if (a < n) { pp[a] += h; pm[a] -= h; } else { mp[a - n] += h; mm[a - n] -= h; }
                double fd = (en.value(pp, mp) - en.value(pm, mm)) / (2 * h);
                assertThat(g[a]).as("%s %s, parameter %d", kind, v, a).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            }
        });
    }

    @Test
    void refusesOddInteractionKernelsAndBadSigma() {
        assertThatThrownBy(() -> ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.INTERACTION, MixturePotential.SIN, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
        assertThatThrownBy(() -> ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.ENTROPY, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
    }
}
