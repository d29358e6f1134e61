package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.testing.Cases;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Mills ratio R(z) = Q(z)/φ(z) behind every normal tail, against references computed here in
 * 50-digit BigDecimal arithmetic: for z ≤ 3 the series R(z) = √(2π)/2 e^{z²/2} − Σ z^{2n+1}/(2n+1)!!,
 * for z ≥ 2 the continued fraction 1/(z + 1/(z + 2/(z + 3/(z + …)))) evaluated backwards with terms
 * doubled until two evaluations agree to 1e-30 (the two references agree with each other on [2, 3]).
 */
class StandardNormalTest {
    private static final MathContext MC = new MathContext(50);
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");

    /** Both references where they overlap, so that neither is checked only against the code. */
    @Test
    void theTwoReferencesAgree() {
        for (double z = 2; z <= 3; z += 0.125) {
            BigDecimal a = series(z), b = continuedFraction(z);
            assertThat(a.subtract(b).abs().doubleValue()).as("z = %s", z).isLessThan(1e-30);
        }
    }

    @Test
    void millsRatioToFullPrecision() {
        double[] fixed = {0, 1e-300, 1e-8, 0.5, 2.5, Math.nextDown(2.5), Math.nextUp(2.5), 5, Math.nextDown(5.0), Math.nextUp(5.0), 7.3,
            12, 38, 100, 1e4, 1e8, 1e150};
        for (double z : fixed) check(z);
        Cases.forAll(0x5eed14L, 600, c -> check(c.doubleIn("z", 0, 8)));
        Cases.forAll(0x5eed15L, 300, c -> check(Math.exp(c.doubleIn("log z", Math.log(8), Math.log(1e6)))));
    }

    /** Relative error against the unrounded reference (about 1.3 units in the last place at most). */
    private static void check(double z) {
        BigDecimal ref = reference(z);
        double error = new BigDecimal(StandardNormal.millsRatio(z)).subtract(ref).abs().divide(ref, MC).doubleValue();
        assertThat(error).as("relative error of R(%s)", z).isLessThan(3e-16);
    }

    /** log Q(z) and log Φ(z) at negative and positive z, from the same reference: Q = φ R, Φ(z) = 1 − φ(−z) R(−z). */
    @Test
    void logTailsToFullPrecision() {
        Cases.forAll(0x5eed16L, 300, c -> {
            double z = c.doubleIn("z", 0, 30);
            double logQ = StandardNormal.logPdf(z) + Math.log(reference(z).doubleValue());
            assertThat(StandardNormal.logSurvival(z)).isCloseTo(logQ, within(1e-15 * Math.max(1, Math.abs(logQ))));
            assertThat(StandardNormal.logCdf(-z)).isCloseTo(logQ, within(1e-15 * Math.max(1, Math.abs(logQ))));
            double q = Math.exp(StandardNormal.logPdf(z)) * reference(z).doubleValue();
            assertThat(StandardNormal.logSurvival(-z)).isCloseTo(Math.log1p(-q), within(1e-15 * Math.max(1e-300, q)));
        });
    }

    /** log(1 − x) on both sides of the switch to the series and up to x = 0.999, against a 50-digit series of −Σ x^k/k. */
    @Test
    void logOneMinusX() {
        Cases.forAll(0x5eed17L, 400, c -> {
            double x = c.anyBoolean("near one") ? c.doubleIn("x", 0.01, 0.999)
                    : Math.exp(c.doubleIn("log x", Math.log(1e-300), Math.log(0.01)));
            BigDecimal bx = new BigDecimal(x), term = bx, sum = BigDecimal.ZERO;
            for (int k = 1; term.compareTo(new BigDecimal("1e-330").max(bx.multiply(new BigDecimal("1e-45")))) > 0 || k == 1; k++) {
                sum = sum.add(term.divide(BigDecimal.valueOf(k), MC), MC);
                term = term.multiply(bx, MC);
            }
            double error = new BigDecimal(StandardNormal.log1mX(x)).add(sum).abs().divide(sum, MC).doubleValue();
            assertThat(error).isLessThan(3e-16);
        });
    }

    private static BigDecimal reference(double z) {
        return z <= 2.5 ? series(z) : continuedFraction(z);
    }

    /** √(2π)/2 e^{z²/2} − Σ_n z^{2n+1}/(1·3·…·(2n+1)), all terms positive; the subtraction loses at most 3 of 50 digits for z ≤ 3. */
    private static BigDecimal series(double zd) {
        BigDecimal z = new BigDecimal(zd), z2 = z.multiply(z, MC), eps = new BigDecimal("1e-45");
        BigDecimal half = z2.divide(BigDecimal.valueOf(2), MC), exp = BigDecimal.ONE, term = BigDecimal.ONE;
        for (int k = 1; term.compareTo(eps) > 0; k++) {
            term = term.multiply(half, MC).divide(BigDecimal.valueOf(k), MC);
            exp = exp.add(term, MC);
        }
        BigDecimal sum = BigDecimal.ZERO;
        term = z;
        for (int n = 0; term.compareTo(eps) > 0 || n == 0; n++) {
            sum = sum.add(term, MC);
            term = term.multiply(z2, MC).divide(BigDecimal.valueOf(2L * n + 3), MC);
        }
        BigDecimal sqrt2Pi = PI.multiply(BigDecimal.valueOf(2), MC).sqrt(MC);
        return sqrt2Pi.divide(BigDecimal.valueOf(2), MC).multiply(exp, MC).subtract(sum, MC);
    }

    /** The continued fraction with K, 2K, 4K, … terms until two evaluations agree to 1e-30 relative. */
    private static BigDecimal continuedFraction(double zd) {
        BigDecimal z = new BigDecimal(zd), previous = null;
        for (int terms = 64; ; terms *= 2) {
            BigDecimal t = z;
            for (int k = terms; k >= 1; k--) t = z.add(BigDecimal.valueOf(k).divide(t, MC), MC);
            BigDecimal r = BigDecimal.ONE.divide(t, MC);
            if (previous != null && r.subtract(previous).abs().compareTo(r.multiply(new BigDecimal("1e-30"))) <= 0) return r;
            previous = r;
            if (terms > 1 << 20) throw new AssertionError("continued fraction did not converge at z = " + zd);
        }
    }
}
