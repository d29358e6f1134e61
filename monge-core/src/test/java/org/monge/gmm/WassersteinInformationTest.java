package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WassersteinInformationTest {
    static final double[] P = {0.1, 0.3, 0.45, 0.15};
    static final double[] MU = {0, 1, 2, 3};

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void standardNormalTailsMatchMpmath() {
        // log Q(z), mpmath 1.3 at 40 digits: mp.log(mp.ncdf(-z))
        double[][] ref = {{-10, -7.6198530241605260704e-24}, {-3, -0.0013508099647481937988}, {-2.5, -0.006229025485860002381},
                {-1, -0.17275377902344988953}, {0, -0.69314718055994530942}, {0.3, -0.96210281816885065666}, {1, -1.8410216450092635058},
                {2.49, -5.0534663734541754585}, {2.51, -5.1099212837003628463}, {3, -6.6077262215103495433}, {5, -15.064998393988725736},
                {10, -53.231285150512470578}, {38, -726.5572160188201301}, {100, -5005.5242086942050886}};
        for (double[] r : ref) {
            assertThat(StandardNormal.logSurvival(r[0])).as("log Q(%s)", r[0]).isCloseTo(r[1], within(1e-13 * Math.abs(r[1]) + 1e-300));
        }
        // log(Φ(b) − Φ(a)), same reference
        assertThat(StandardNormal.logCdfDifference(3, 3.001)).isCloseTo(-12.328193603728615966, within(1e-12));
        assertThat(StandardNormal.logCdfDifference(-5, -4.9)).isCloseTo(-15.46300499698204261, within(1e-12));
        assertThat(StandardNormal.logCdfDifference(-0.5, 0.7)).isCloseTo(-0.79962207457132445978, within(1e-14));
    }

    @Test
    void sectionFiveTestVector() {
        // docs/mathematics.md §5: diag of G_W/Z(σ) in θ coordinates at σ = 0.1
        Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(P, MU, 0.1).matrix();
        assertThat(g.diag()).containsExactly(new double[] {6.145547, 2.880053, 4.097031}, within(5e-7));
    }

    @Test
    void accurateToTenDigitsAtSmallSigma() {
        // mpmath 1.3 at 50 digits: mp.quad of (F_{i+1}−F_i)(F_{j+1}−F_j)/ρ split at the means, the midpoints and
        // the density crossings (16 sub-pieces each), divided by Z(σ).
        double[][] ref01 = {{6.145546984077977, 6.0667594087400234e-5, 2.1418353898762854e-13},
                {6.0667594087400234e-5, 2.8800533548985276, 4.0609676784979674e-5},
                {2.1418353898762854e-13, 4.0609676784979674e-5, 4.0970313227187281}};
        double[][] ref002 = {{5.7863579812756867, 2.6691739867325583e-134, 0},
                {2.6691739867325583e-134, 2.7271443534713156, 1.7793127284588714e-134},
                {0, 1.7793127284588714e-134, 3.8575719875171245}};
        check(WassersteinInformation.defaults().renormalisedWeightMatrix(P, MU, 0.1), ref01);
        check(WassersteinInformation.defaults().renormalisedWeightMatrix(P, MU, 0.02), ref002);
    }

    private static void check(WassersteinInformation.Result r, double[][] ref) {
        assertThat(r.converged()).isTrue();
        double[][] g = r.matrix().toArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double scale = Math.max(Math.abs(ref[i][j]), 1e-6 * Math.sqrt(ref[i][i] * ref[j][j]));
                assertThat(g[i][j]).as("G[%d][%d]", i, j).isCloseTo(ref[i][j], within(1e-10 * scale));
            }
        }
    }

    @Test
    void symmetricPositiveDefiniteForAllParameters() {
        double[] s = {0.3, 0.5, 0.4, 0.6};
        Matrix g = WassersteinInformation.defaults().withTolerance(1e-10).compute(P, MU, s, MixtureParameters.ALL).matrix();
        assertThat(g.rows()).isEqualTo(11);
        assertThat(g.asymmetry()).isZero();
        assertThat(SymmetricEigen.of(g).min()).isPositive();
    }

    /**
     * A quadrature started from the subdivision of nearby parameters (means moved by up to 0.3 σ,
     * weights by 5 %) equals a fresh one to the tolerance, with fewer nodes; and parameters whose
     * structure differs (another number of components) fall back to a fresh run.
     */
    @Test
    void startingFromANearbySubdivisionGivesTheSameMatrix() {
        int n = 8;
        double sigma = 0.04;
        double[] p = new double[n], mu = new double[n], p2 = new double[n], mu2 = new double[n];
        double t1 = 0, t2 = 0;
        for (int k = 0; k < n; k++) {
            p[k] = 1 + 0.5 * Math.sin(k); p2[k] = p[k] * (1 + 0.05 * Math.cos(3 * k)); t1 += p[k]; t2 += p2[k];
            mu[k] = 0.3 * k; mu2[k] = mu[k] + 0.3 * sigma * Math.sin(2 * k);
        }
        for (int k = 0; k < n; k++) { p[k] /= t1; p2[k] /= t2; }
        WassersteinInformation w = WassersteinInformation.defaults().withTolerance(1e-10);
        WassersteinInformation.Result old = w.compute(p, mu, fill(n, sigma), MixtureParameters.WEIGHTS_AND_MEANS);
        WassersteinInformation.Result fresh = w.compute(p2, mu2, fill(n, sigma), MixtureParameters.WEIGHTS_AND_MEANS);
        WassersteinInformation.Result hinted = w.compute(old, p2, mu2, fill(n, sigma), MixtureParameters.WEIGHTS_AND_MEANS);
        assertThat(hinted.converged()).isTrue();
        assertThat(hinted.evaluations()).isLessThan(fresh.evaluations());
        double[][] a = fresh.matrix().toArray(), b = hinted.matrix().toArray();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                double scale = Math.max(Math.abs(a[i][j]), 1e-6 * Math.sqrt(a[i][i] * a[j][j]));
                assertThat(b[i][j]).as("G[%d][%d]", i, j).isCloseTo(a[i][j], within(1e-9 * scale));
            }
        }
        WassersteinInformation.Result other = w.compute(old, P, MU, fill(4, 0.1), MixtureParameters.WEIGHTS_AND_MEANS);
        WassersteinInformation.Result plain = w.compute(P, MU, fill(4, 0.1), MixtureParameters.WEIGHTS_AND_MEANS);
        assertThat(other.evaluations()).isEqualTo(plain.evaluations());
        assertThat(other.matrix().toArray()).isDeepEqualTo(plain.matrix().toArray());
    }

    /**
     * Regression: with unequal widths and all parameters, entries whose integrand changes sign (width
     * derivatives, and weight derivatives F_{i+1} − F_i of unequal widths) cancel across pieces, while
     * each piece's error estimate has a rounding floor of 1e-15 of that piece's sum; at tolerances of
     * 1e-12 and below the accuracy asked of such an entry (tolerance × 1e-6 √(G_aa G_bb)) fell below
     * that floor and the quadrature ran to its 200 000-subdivision limit. Checked against a brute-force
     * composite Gauss–Kronrod sum that keeps every derivative at every node (20 000 fixed pieces).
     */
    @Test
    void unequalWidthsWithAllParametersConvergeAtTightTolerances() {
        double[] s = {0.3, 0.5, 0.4, 0.6};
        double[][] ref = bruteForce(P, MU, s, MixtureParameters.ALL, -25, 28, 20_000);
        for (double tol : new double[] {1e-12, 1e-13, 1e-14}) {
            WassersteinInformation.Result r = WassersteinInformation.defaults().withTolerance(tol).compute(P, MU, s, MixtureParameters.ALL);
            assertThat(r.converged()).as("converged at tolerance %s", tol).isTrue();
            assertThat(r.evaluations()).as("nodes at tolerance %s", tol).isLessThan(100_000);
            double[][] g = r.matrix().toArray();
            for (int a = 0; a < g.length; a++) {
                for (int b = 0; b < g.length; b++) {
                    double scale = Math.max(Math.abs(ref[a][b]), 1e-6 * Math.sqrt(ref[a][a] * ref[b][b]));
                    assertThat(g[a][b]).as("tol %s G[%d][%d]", tol, a, b).isCloseTo(ref[a][b], within(1e-11 * scale));
                }
            }
        }
    }

    /**
     * The adaptive quadrature skips, node by node, the derivatives of far components (NEGLIGIBLE);
     * here against a brute-force sum that keeps every derivative at every node, on a fixed composite
     * Gauss–Kronrod rule of 5 000 pieces (a third of the 1/ρ peak width σ²/Δ): six well-separated
     * components (gap/σ ≈ 8), means and weights, and unequal widths with all parameters.
     */
    @Test
    void skippingFarComponentsMatchesTheFullSum() {
        int n = 6;
        double[] p = new double[n], mu = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) { p[k] = 1 + 0.6 * Math.sin(3 * k); total += p[k]; mu[k] = 0.32 * k + 0.01 * Math.cos(k); }
        for (int k = 0; k < n; k++) p[k] /= total;
        double[] equal = new double[n], unequal = new double[n];
        for (int k = 0; k < n; k++) { equal[k] = 0.04; unequal[k] = 0.04 * (0.8 + 0.05 * k); }
        for (Object[] c : new Object[][] {{equal, MixtureParameters.WEIGHTS_AND_MEANS}, {unequal, MixtureParameters.ALL}}) {
            double[] s = (double[]) c[0];
            MixtureParameters which = (MixtureParameters) c[1];
            double[][] g = WassersteinInformation.defaults().withTolerance(1e-9).compute(p, mu, s, which).matrix().toArray();
            double[][] ref = bruteForce(p, mu, s, which, -2, 0.32 * n + 2, 5_000);
            for (int a = 0; a < g.length; a++) {
                for (int b = 0; b < g.length; b++) {
                    double scale = Math.max(Math.abs(ref[a][b]), 1e-6 * Math.sqrt(ref[a][a] * ref[b][b]));
                    assertThat(g[a][b]).as("%s G[%d][%d]", which, a, b).isCloseTo(ref[a][b], within(1e-8 * scale));
                }
            }
        }
    }

    /** Σ_nodes w ∂_aF ∂_bF / ρ over every parameter at every node, derivatives in log-space as in the paper's formulas. */
    private static double[][] bruteForce(double[] p, double[] mu, double[] s, MixtureParameters which, double lo, double hi, int pieces) {
        int n = p.length, np = which.count(n);
        double[] bp = new double[pieces + 1];
        for (int i = 0; i <= pieces; i++) bp[i] = lo + (hi - lo) * i / pieces;
        double[][] rule = WassersteinInformation.compositeRule(bp);
        double[][] g = new double[np][np];
        double[] v = new double[np], z = new double[n], logPhi = new double[n];
        for (int m = 0; m < rule[0].length; m++) {
            double x = rule[0][m], max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                z[k] = (x - mu[k]) / s[k];
                logPhi[k] = Math.log(p[k] / s[k]) + StandardNormal.logPdf(z[k]);
                max = Math.max(max, logPhi[k]);
            }
            double sum = 0;
            for (int k = 0; k < n; k++) sum += Math.exp(logPhi[k] - max);
            double half = 0.5 * (max + Math.log(sum));
            for (int i = 0; i + 1 < n; i++) { // θ_i: Φ(z_{i+1}) − Φ(z_i)
                double lo2 = Math.min(z[i], z[i + 1]), hi2 = Math.max(z[i], z[i + 1]);
                v[i] = (z[i] > z[i + 1] ? -1 : 1) * Math.exp(StandardNormal.logCdfDifference(lo2, hi2) - half);
            }
            if (which != MixtureParameters.WEIGHTS) for (int k = 0; k < n; k++) v[n - 1 + k] = -Math.exp(logPhi[k] - half);
            if (which == MixtureParameters.ALL) for (int k = 0; k < n; k++) v[2 * n - 1 + k] = -z[k] * Math.exp(logPhi[k] - half);
            for (int a = 0; a < np; a++) for (int b = 0; b < np; b++) g[a][b] += rule[1][m] * v[a] * v[b];
        }
        return g;
    }
}
