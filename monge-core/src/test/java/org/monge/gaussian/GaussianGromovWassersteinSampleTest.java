package org.monge.gaussian;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.gromov.EntropicGromovWasserstein;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inner-product Gaussian GW against entropic GW between independent samples of the two Gaussians (N(0, Σ0) on
 * R³, N(0, Σ1) on R², fixed seeds), C1 and C2 the inner products of the centred samples. The tolerance is the sum of
 * terms computed here rather than chosen:
 * <ul>
 *   <li><b>below</b>: for every coupling T of the two empirical measures, E(T) = ‖Σ̂0‖² + ‖Σ̂1‖² − 2 ‖K_T‖²_F with
 *       K_T = Σ T_ij x_i y_jᵀ, and [[Σ̂0, K_T], [K_Tᵀ, Σ̂1]] is PSD (a second-moment matrix), so E(T) is at least the
 *       closed form at the sample covariances Σ̂0, Σ̂1 (von Neumann's trace inequality): an exact lower bound;</li>
 *   <li><b>above</b>: the closed form's map A pushes the source samples near the target's; the assignment T_match
 *       between the A x_i and the y_j (network simplex) is a coupling of the samples whose entropic objective
 *       E + ε KL(T ‖ a⊗b) is E(T_match) + ε log n (KL of a permutation plan); the entropic iteration is started
 *       from it, and the minimiser T_ε of that objective has E(T_ε) ≤ E(T_ε) + ε KL(T_ε) ≤ E(T_match) + ε log n,
 *       which the test requires of the fixed point it reaches (a worse fixed point fails it): discretisation plus
 *       entropic bias;</li>
 *   <li><b>sampling</b>: the closed form at Σ̂0, Σ̂1 differs from the population value by the covariances' estimation
 *       error. With moment-matched samples (whitened, then coloured by Σ^½, so that Σ̂ = Σ exactly) it is zero and
 *       the bracket alone is the tolerance; with plain samples its spread is measured over 400 fresh sample pairs of
 *       the same size and 4 standard deviations are added.</li>
 * </ul>
 * So |E(T_ε) − GW| ≤ 4 sd + (E(T_match) + ε log n − closed form at Σ̂); the test also requires the bracket (the part
 * that is not sampling error) to be narrow against GW, or it would prove little. ε is a fraction of GW, so the
 * entropic term ε log n is that fraction times log n.
 */
class GaussianGromovWassersteinSampleTest {
    private static final Matrix S0 = Matrix.of(new double[][] {{1.5, 0.2, -0.4}, {0.2, 0.9, 0.1}, {-0.4, 0.1, 0.6}});
    private static final Matrix S1 = Matrix.of(new double[][] {{0.3, -0.1}, {-0.1, 0.2}});

    @Test
    void momentMatchedSamplesBracketTheClosedForm() {
        check(100, 0.01, 1501, true, 0.12);
    }

    @Test
    @Tag("slow")
    void largerSamplesTightenTheBracket() {
        check(400, 0.004, 1502, true, 0.06);
        check(400, 0.004, 1503, false, 0.06);
    }

    private static void check(int n, double epsilonFraction, long seed, boolean momentMatched, double width) {
        Random rnd = new Random(seed);
        double population = GaussianGromovWasserstein.innerProduct(Gaussian.centered(S0), Gaussian.centered(S1)).value();
        Matrix x = sample(S0, n, rnd, momentMatched), y = sample(S1, n, rnd, momentMatched);
        GaussianGromovWasserstein.Result atSample = GaussianGromovWasserstein.innerProduct(Gaussian.centered(secondMoment(x)),
                Gaussian.centered(secondMoment(y)));
        // T_match: the assignment between A x_i and y_j
        DiscreteMeasure u = DiscreteMeasure.uniform(n);
        Matrix pushed = x.times(atSample.mapMatrix().transpose());
        SparsePlan match = NetworkSimplex.defaults().solve(u, u, CostMatrix.fromPoints(pushed, y, Metric.SQEUCLIDEAN)).plan();
        Matrix c1 = x.times(x.transpose()), c2 = y.times(y.transpose());
        double epsilon = epsilonFraction * population;
        EntropicGromovWasserstein.Result r = EntropicGromovWasserstein.withEpsilon(epsilon).solve(c1, c2, u, u, match);
        assertTrue(r.converged(), "status " + r.status());
        double above = loss(c1, c2, match) + epsilon * Math.log(n), below = atSample.value();
        String where = "n = " + n + (momentMatched ? ", moment-matched" : "");
        assertTrue(r.cost() >= below * (1 - 1e-12), "E(T_ε) = " + r.cost() + " below the bound " + below + ", " + where);
        assertTrue(r.cost() <= above, "E(T_ε) = " + r.cost() + " above E(T_match) + ε log n = " + above + ", " + where);
        assertTrue(above - below <= width * population, "bracket [" + below + ", " + above + "] against GW " + population + ", " + where);
        double sd = momentMatched ? 0 : spreadOfTheSampleClosedForm(n, new Random(seed + 1));
        if (momentMatched) assertEquals(population, below, 1e-12 * population, "moment matching");
        assertEquals(population, r.cost(), 4 * sd + (above - below), "sd " + sd + ", bracket [" + below + ", " + above + "], " + where);
    }

    /** Σ_ef w_e w_f (C1_{i_e i_f} − C2_{j_e j_f})² over the plan's entries: E(T) by its definition. */
    private static double loss(Matrix c1, Matrix c2, SparsePlan t) {
        double s = 0;
        for (int e = 0; e < t.nonzeros(); e++) {
            for (int f = 0; f < t.nonzeros(); f++) {
                double d = c1.get(t.sources()[e], t.sources()[f]) - c2.get(t.targets()[e], t.targets()[f]);
                s += t.masses()[e] * t.masses()[f] * d * d;
            }
        }
        return s;
    }

    /** The standard deviation of the closed form at the sample covariances, over 400 fresh sample pairs of n points. */
    private static double spreadOfTheSampleClosedForm(int n, Random rnd) {
        int reps = 400;
        double[] v = new double[reps];
        double mean = 0;
        for (int k = 0; k < reps; k++) {
            Gaussian e0 = Gaussian.centered(secondMoment(sample(S0, n, rnd, false)));
            Gaussian e1 = Gaussian.centered(secondMoment(sample(S1, n, rnd, false)));
            v[k] = GaussianGromovWasserstein.innerProduct(e0, e1).value();
            mean += v[k] / reps;
        }
        double var = 0;
        for (double value : v) var += (value - mean) * (value - mean) / (reps - 1);
        return Math.sqrt(var);
    }

    /**
     * n draws of N(0, Σ), centred; moment-matched: whitened by their own second moment and coloured by Σ^½, so that
     * their second moment is Σ exactly.
     */
    private static Matrix sample(Matrix covariance, int n, Random rnd, boolean momentMatched) {
        int d = covariance.rows();
        double[] z = new double[n * d];
        for (int k = 0; k < z.length; k++) z[k] = rnd.nextGaussian();
        Matrix c = centred(Matrix.fromRowMajor(n, d, z));
        Matrix whiten = momentMatched ? SymmetricEigen.of(secondMoment(c)).apply(v -> 1 / Math.sqrt(v)) : Matrix.identity(d);
        return c.times(whiten).times(SymmetricEigen.of(covariance).apply(Math::sqrt));
    }

    /** The rows minus their mean. */
    private static Matrix centred(Matrix x) {
        int n = x.rows(), d = x.cols();
        double[] mean = new double[d], out = new double[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) mean[k] += x.get(i, k) / n;
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) out[i * d + k] = x.get(i, k) - mean[k];
        return Matrix.fromRowMajor(n, d, out);
    }

    /** Xᵀ X / n, symmetrised. */
    private static Matrix secondMoment(Matrix x) {
        return x.transpose().times(x).scale(1.0 / x.rows()).symmetrize();
    }
}
