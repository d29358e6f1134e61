package org.monge.gaussian;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gaussian GW closed forms against a direct numerical minimisation over all Gaussian couplings, written here and
 * sharing nothing with {@link GaussianGromovWasserstein} but the covariances:
 * <ul>
 *   <li>a Gaussian coupling of N(m0, Σ0) on R^p and N(m1, Σ1) on R^q is its joint covariance Γ = [[Σ0, K], [Kᵀ, Σ1]],
 *       PSD exactly when K = Σ0^½ C Σ1^½ with C a contraction (‖C‖ ≤ 1); every contraction is
 *       C = Q0 diag(sin θ) Q1ᵀ (its singular value decomposition, a reflection moved into a sign of sin θ) with
 *       Q0 = exp(S0) ∈ SO(p), Q1 = exp(S1) ∈ SO(q) and S0, S1 skew-symmetric, so the p(p − 1)/2 + q(q − 1)/2 +
 *       min(p, q) free parameters reach every Gaussian plan and no infeasible one;</li>
 *   <li>the GW objective of that plan is a fourth moment of Gaussians, taken by Isserlis' theorem: for u ~ N(0, G)
 *       and a symmetric A, E[(uᵀ A u)²] = Σ_ijkl A_ij A_kl (G_ij G_kl + G_ik G_jl + G_il G_jk) = (tr AG)² + 2 tr (AG)²
 *       (the quadruple sum is checked against the trace form, and the trace form against Monte Carlo). Squared
 *       distances: ‖x − x'‖² − ‖y − y'‖² = uᵀ D u with u = (x − x', y − y') ~ N(0, 2Γ), D = diag(I_p, −I_q). Inner
 *       products of the centred variables: ⟨x, x'⟩ − ⟨y, y'⟩ = Uᵀ A U with U = (x, y, x', y') ~ N(0, diag(Γ, Γ)),
 *       A = ½ [[0, D], [D, 0]];</li>
 *   <li>the minimum by Nelder–Mead from random starts, each restarted from its end point until it stops improving.</li>
 * </ul>
 * For the inner-product cost the closed form is the minimum over all plans, hence over Gaussian ones; for the
 * squared-distance cost it is the minimum over Gaussian plans (GGW). Either way the search must find it, never go
 * below it, and the closed form's own cross-covariance and map must attain it.
 */
class GaussianGromovWassersteinOptimisationTest {

    @Test
    void twoAgainstTwo() {
        check(2, 2, 1401);
    }

    @Test
    void threeAgainstTwoAndTwoAgainstThree() {
        check(3, 2, 1402);
        check(2, 3, 1403);
    }

    @Test
    void threeAgainstThree() {
        check(3, 3, 1404);
    }

    /** The quadruple sum of Isserlis' theorem against its trace form, on a random covariance and matrix. */
    @Test
    void isserlisSumEqualsTheTraceForm() {
        Random rnd = new Random(1405);
        for (int d = 1; d <= 6; d++) {
            Matrix g = randomCovariance(d, rnd), a = randomSymmetric(d, rnd);
            double sum = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        for (int l = 0; l < d; l++) {
                            sum += a.get(i, j) * a.get(k, l)
                                    * (g.get(i, j) * g.get(k, l) + g.get(i, k) * g.get(j, l) + g.get(i, l) * g.get(j, k));
                        }
                    }
                }
            }
            assertEquals(sum, quarticMoment(a, g), 1e-12 * Math.abs(sum), "d = " + d);
        }
    }

    /** Both objectives against Monte Carlo draws of a coupling's pairs (2·10⁵ pairs: 2 % agreement). */
    @Test
    void theObjectivesAgreeWithMonteCarlo() {
        Random rnd = new Random(1406);
        int p = 3, q = 2;
        Matrix s0 = randomCovariance(p, rnd), s1 = randomCovariance(q, rnd);
        Matrix gamma = joint(s0, s1, crossCovariance(s0, s1, randomParameters(p, q, rnd), p, q));
        Matrix root = sqrt(gamma);
        int n = 200_000;
        double sq = 0, ip = 0;
        for (int s = 0; s < n; s++) {
            double[] u = root.times(gaussians(p + q, rnd)), w = root.times(gaussians(p + q, rnd));
            double dx = 0, dy = 0, px = 0, py = 0;
            for (int i = 0; i < p; i++) {
                dx += (u[i] - w[i]) * (u[i] - w[i]);
                px += u[i] * w[i];
            }
            for (int j = p; j < p + q; j++) {
                dy += (u[j] - w[j]) * (u[j] - w[j]);
                py += u[j] * w[j];
            }
            sq += (dx - dy) * (dx - dy) / n;
            ip += (px - py) * (px - py) / n;
        }
        assertEquals(squaredDistanceObjective(gamma, p, q), sq, 0.02 * sq);
        assertEquals(innerProductObjective(gamma, p, q), ip, 0.02 * ip);
    }

    private static void check(int p, int q, long seed) {
        Random rnd = new Random(seed);
        Matrix s0 = randomCovariance(p, rnd), s1 = randomCovariance(q, rnd);
        Gaussian g0 = Gaussian.of(gaussians(p, rnd), s0), g1 = Gaussian.of(gaussians(q, rnd), s1);
        GaussianGromovWasserstein.Result ip = GaussianGromovWasserstein.innerProduct(g0, g1);
        GaussianGromovWasserstein.Result sq = GaussianGromovWasserstein.squaredDistance(g0, g1);
        double bestIp = minimise(th -> innerProductObjective(joint(s0, s1, crossCovariance(s0, s1, th, p, q)), p, q), p, q, rnd);
        double bestSq = minimise(th -> squaredDistanceObjective(joint(s0, s1, crossCovariance(s0, s1, th, p, q)), p, q), p, q, rnd);
        String at = p + " against " + q;
        // the search finds the closed form (to the simplex's precision) and never goes below it
        assertEquals(ip.value(), bestIp, 1e-9 * ip.value(), "inner product, " + at);
        assertEquals(sq.value(), bestSq, 1e-9 * sq.value(), "squared distance, " + at);
        assertTrue(bestIp >= ip.value() * (1 - 1e-11), "a plan below the inner-product closed form, " + at + ": " + bestIp + " < "
                + ip.value());
        assertTrue(bestSq >= sq.value() * (1 - 1e-11), "a plan below GGW, " + at + ": " + bestSq + " < " + sq.value());
        // the closed form's plan is a Gaussian coupling (Γ PSD) and attains the value
        for (GaussianGromovWasserstein.Result r : new GaussianGromovWasserstein.Result[] {ip, sq}) {
            Matrix gamma = joint(s0, s1, r.crossCovariance());
            assertTrue(SymmetricEigen.of(gamma).min() >= -1e-12 * SymmetricEigen.of(gamma).max(), "Γ not PSD, " + at);
        }
        assertEquals(ip.value(), innerProductObjective(joint(s0, s1, ip.crossCovariance()), p, q), 1e-12 * ip.value(), at);
        assertEquals(sq.value(), squaredDistanceObjective(joint(s0, s1, sq.crossCovariance()), p, q), 1e-12 * sq.value(), at);
        // the map x ↦ A (x − m0) + m1, where it exists (q ≤ p), is the plan (x, T(x)): cross-covariance Σ0 Aᵀ
        if (q <= p) {
            for (GaussianGromovWasserstein.Result r : new GaussianGromovWasserstein.Result[] {ip, sq}) {
                Matrix a = r.mapMatrix();
                assertEquals(0, a.times(s0).times(a.transpose()).minus(s1).maxAbs(), 1e-12 * s1.maxAbs(), "A Σ0 Aᵀ = Σ1, " + at);
                Matrix gamma = joint(s0, s1, s0.times(a.transpose()));
                double value = r == ip ? innerProductObjective(gamma, p, q) : squaredDistanceObjective(gamma, p, q);
                assertEquals(r.value(), value, 1e-12 * r.value(), "the map's plan, " + at);
                double[] image = r.map(g0.mean());
                for (int b = 0; b < q; b++) assertEquals(g1.mean()[b], image[b], 1e-12, "T(m0) = m1, " + at);
            }
        } else {
            assertTrue(ip.mapMatrix() == null && sq.mapMatrix() == null, "no map from R^" + p + " onto a Gaussian of R^" + q);
        }
    }

    // ---- the objectives, by Isserlis' theorem

    /** E[(uᵀ A u)²] for u ~ N(0, G), A symmetric: (tr AG)² + 2 tr (AG)². */
    static double quarticMoment(Matrix a, Matrix g) {
        Matrix ag = a.times(g);
        double t = ag.trace();
        return t * t + 2 * ag.times(ag).trace();
    }

    /** E(‖x − x'‖² − ‖y − y'‖²)² under the Gaussian plan of joint covariance Γ ((p + q)×(p + q)). */
    static double squaredDistanceObjective(Matrix gamma, int p, int q) {
        return quarticMoment(Matrix.diagonal(signs(p, q)), gamma.scale(2));
    }

    /** E(⟨x, x'⟩ − ⟨y, y'⟩)² for centred x, y under the Gaussian plan of joint covariance Γ. */
    static double innerProductObjective(Matrix gamma, int p, int q) {
        int d = p + q;
        double[] s = signs(p, q), a = new double[4 * d * d], g = new double[4 * d * d];
        for (int i = 0; i < d; i++) {
            a[i * 2 * d + d + i] = s[i] / 2;
            a[(d + i) * 2 * d + i] = s[i] / 2;
            for (int j = 0; j < d; j++) {
                g[i * 2 * d + j] = gamma.get(i, j);
                g[(d + i) * 2 * d + d + j] = gamma.get(i, j);
            }
        }
        return quarticMoment(Matrix.fromRowMajor(2 * d, 2 * d, a), Matrix.fromRowMajor(2 * d, 2 * d, g));
    }

    private static double[] signs(int p, int q) {
        double[] s = new double[p + q];
        for (int i = 0; i < p + q; i++) s[i] = i < p ? 1 : -1;
        return s;
    }

    // ---- the Gaussian plans

    /** [[Σ0, K], [Kᵀ, Σ1]]. */
    static Matrix joint(Matrix s0, Matrix s1, Matrix k) {
        int p = s0.rows(), q = s1.rows(), d = p + q;
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i * d + j] = i < p && j < p ? s0.get(i, j) : i >= p && j >= p ? s1.get(i - p, j - p)
                        : i < p ? k.get(i, j - p) : k.get(j, i - p);
            }
        }
        return Matrix.fromRowMajor(d, d, g);
    }

    /** K = Σ0^½ exp(S0) diag(sin θ) exp(S1)ᵀ Σ1^½ for the parameters (S0's, S1's upper triangles, then θ). */
    static Matrix crossCovariance(Matrix s0, Matrix s1, double[] th, int p, int q) {
        int k = Math.min(p, q), at = 0;
        double[] u0 = new double[p * p], u1 = new double[q * q];
        for (int i = 0; i < p; i++) for (int j = i + 1; j < p; j++) { u0[i * p + j] = th[at]; u0[j * p + i] = -th[at++]; }
        for (int i = 0; i < q; i++) for (int j = i + 1; j < q; j++) { u1[i * q + j] = th[at]; u1[j * q + i] = -th[at++]; }
        double[] c = new double[p * q];
        for (int i = 0; i < k; i++) c[i * q + i] = Math.sin(th[at++]);
        Matrix contraction = expm(Matrix.fromRowMajor(p, p, u0)).times(Matrix.fromRowMajor(p, q, c))
                .times(expm(Matrix.fromRowMajor(q, q, u1)).transpose());
        return sqrt(s0).times(contraction).times(sqrt(s1));
    }

    private static double[] randomParameters(int p, int q, Random rnd) {
        double[] th = new double[p * (p - 1) / 2 + q * (q - 1) / 2 + Math.min(p, q)];
        for (int i = 0; i < th.length; i++) th[i] = Math.PI * (2 * rnd.nextDouble() - 1);
        return th;
    }

    /** exp(S) by scaling and squaring of a Taylor series (S small after scaling, so 20 terms are exact to rounding). */
    static Matrix expm(Matrix s) {
        int squarings = Math.max(0, (int) Math.ceil(Math.log(Math.max(1e-300, s.maxAbs() * s.rows())) / Math.log(2)) + 1);
        Matrix a = s.scale(Math.pow(2, -squarings)), term = Matrix.identity(s.rows()), sum = term;
        for (int k = 1; k <= 20; k++) {
            term = term.times(a).scale(1.0 / k);
            sum = sum.plus(term);
        }
        for (int i = 0; i < squarings; i++) sum = sum.times(sum);
        return sum;
    }

    private static Matrix sqrt(Matrix s) {
        return SymmetricEigen.of(s).apply(v -> Math.sqrt(Math.max(0, v)));
    }

    // ---- the search

    interface Objective {
        double value(double[] x);
    }

    /**
     * The smallest value Nelder–Mead reaches from 6 random starts, each restarted from its end (a fresh simplex) until a
     * restart gains less than 1e-12 relative (at most 8 restarts).
     */
    static double minimise(Objective f, int p, int q, Random rnd) {
        double best = Double.POSITIVE_INFINITY;
        for (int start = 0; start < 6; start++) {
            double[] x = randomParameters(p, q, rnd);
            double fx = f.value(x), previous;
            int restarts = 0;
            do {
                previous = fx;
                x = nelderMead(f, x, 0.3);
                fx = f.value(x);
            } while (fx < previous - 1e-12 * Math.abs(previous) && ++restarts < 8);
            best = Math.min(best, fx);
        }
        return best;
    }

    /**
     * Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½) from x with initial steps h, until the values at
     * the vertices agree to 1e-13 relative (about the rounding of the objectives) or 5000 iterations.
     */
    static double[] nelderMead(Objective f, double[] x0, double h) {
        int n = x0.length;
        double[][] v = new double[n + 1][];
        double[] fv = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            v[i] = x0.clone();
            if (i > 0) v[i][i - 1] += h;
            fv[i] = f.value(v[i]);
        }
        for (int iter = 0; iter < 5000; iter++) {
            // order: v[0] best, v[n] worst
            for (int i = 1; i <= n; i++) {
                for (int j = i; j > 0 && fv[j] < fv[j - 1]; j--) {
                    double[] tv = v[j]; v[j] = v[j - 1]; v[j - 1] = tv;
                    double tf = fv[j]; fv[j] = fv[j - 1]; fv[j - 1] = tf;
                }
            }
            if (fv[n] - fv[0] <= 1e-13 * Math.abs(fv[0])) break;
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) for (int d = 0; d < n; d++) centroid[d] += v[i][d] / n;
            double[] r = along(centroid, v[n], -1);
            double fr = f.value(r);
            if (fr < fv[0]) {
                double[] e = along(centroid, v[n], -2);
                double fe = f.value(e);
                if (fe < fr) { v[n] = e; fv[n] = fe; } else { v[n] = r; fv[n] = fr; }
            } else if (fr < fv[n - 1]) {
                v[n] = r;
                fv[n] = fr;
            } else {
                double[] c = fr < fv[n] ? along(centroid, v[n], -0.5) : along(centroid, v[n], 0.5);
                double fc = f.value(c);
                if (fc < Math.min(fr, fv[n])) {
                    v[n] = c;
                    fv[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        v[i] = along(v[0], v[i], 0.5);
                        fv[i] = f.value(v[i]);
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) if (fv[i] < fv[best]) best = i;
        return v[best];
    }

    /** centre + t (point − centre). */
    private static double[] along(double[] centre, double[] point, double t) {
        double[] out = new double[centre.length];
        for (int d = 0; d < out.length; d++) out[d] = centre[d] + t * (point[d] - centre[d]);
        return out;
    }

    // ---- random inputs

    /** Q diag(λ) Qᵀ with λ spread over [0.2, 3] and Q a random rotation: distinct eigenvalues, moderate condition. */
    static Matrix randomCovariance(int d, Random rnd) {
        double[] l = new double[d];
        for (int i = 0; i < d; i++) l[i] = 0.2 + 2.8 * rnd.nextDouble();
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) { s[i * d + j] = rnd.nextGaussian(); s[j * d + i] = -s[i * d + j]; }
        Matrix rot = expm(Matrix.fromRowMajor(d, d, s));
        return rot.times(Matrix.diagonal(l)).times(rot.transpose()).symmetrize();
    }

    private static Matrix randomSymmetric(int d, Random rnd) {
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) s[i * d + j] = s[j * d + i] = rnd.nextGaussian();
        return Matrix.fromRowMajor(d, d, s);
    }

    private static double[] gaussians(int d, Random rnd) {
        double[] z = new double[d];
        for (int i = 0; i < d; i++) z[i] = rnd.nextGaussian();
        return z;
    }
}
