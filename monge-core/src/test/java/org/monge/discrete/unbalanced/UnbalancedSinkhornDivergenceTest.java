package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The unbalanced Sinkhorn divergence: exactly 0 at α = β, non-negative on random pairs, the balanced divergence as
 * τ → ∞, a NumPy computation of the same formula, the closed form for scaled weights on far-apart points, and the
 * potential form of GeomLoss.
 */
public class UnbalancedSinkhornDivergenceTest {
    // NumPy 1.26 / SciPy, a log-domain unbalanced Sinkhorn written independently (20000 iterations, no stopping rule):
    //   rng = np.random.default_rng(7); x = rng.normal(size=(4, 2)); y = rng.normal(size=(5, 2)) + 0.5
    //   a = rng.uniform(0.2, 1, 4); a = a / a.sum() * 1.3; b = rng.uniform(0.2, 1, 5); b = b / b.sum() * 0.8
    //   eps, tau = 0.5, 2.0; C = squared Euclidean distances; k = tau / (tau + eps)
    //   f = -k*eps*logsumexp(log(b)[None, :] + (g[None, :] - C)/eps, axis=1)
    //   g = -k*eps*logsumexp(log(a)[:, None] + (f[:, None] - C)/eps, axis=0)
    //   P = a[:, None]*b[None, :]*exp((f[:, None] + g[None, :] - C)/eps)
    //   OT = <P, C> + eps KL(P | a b^T) + tau KL(P 1 | a) + tau KL(P^T 1 | b), generalised KL Σ p log(p/q) - p + q
    //   S = OT(a, b) - OT(a, a)/2 - OT(b, b)/2 + eps/2 (a.sum() - b.sum())**2
    // The same script's GeomLoss form (tau + eps/2)(<a, e^{-f_aa/tau} - e^{-f_ab/tau}> + <b, e^{-g_bb/tau} - e^{-g_ab/tau}>)
    // gave S to 2e-16.
    private static final double EPS = 0.5, TAU = 2.0;
    private static final double[] X = {0.0012301533574825742, 0.2987455375084699, -0.2741378553622176, -0.8905918387572742,
        -0.45467078517172255, -0.9916465549964624, 0.060143602597438485, 1.3402152455545335};
    private static final double[] Y = {0.00779348144867037, -0.12047489981994042, 0.9898420501851982, 0.8568870081600608,
        0.6054142489978985, -0.43046804470820466, 0.4707481775367265, 1.1953031944582877, -0.8442145472850819, 0.04238423895978183};
    private static final double[] A = {0.3796324177547464, 0.5392807125980538, 0.20253436467029592, 0.17855250497690392};
    private static final double[] B = {0.23604895005557697, 0.08044233796660467, 0.07818137221991953, 0.2093251162495649,
        0.19600222350833396};
    private static final double NUMPY_OT_AB = 1.0612405890643128, NUMPY_OT_AA = 0.5854509042544206, NUMPY_OT_BB = 0.4321914461294239,
        NUMPY_S = 0.6149194138723907;

    private static UnbalancedSinkhorn solver(double eps, double tau) {
        return UnbalancedSinkhorn.withEpsilon(eps).withTau(tau).withTolerance(1e-13).withMaxIterations(200000);
    }

    private static DiscreteMeasure cloud(double[] w, double[] points, int d) {
        return DiscreteMeasure.of(w, Matrix.fromRowMajor(w.length, d, points));
    }

    private static DiscreteMeasure random(Random r, int n, int d, double mass, double shift) {
        double[] w = new double[n], p = new double[n * d];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.1 + r.nextDouble();
        for (int i = 0; i < n; i++) w[i] *= mass / s;
        for (int k = 0; k < p.length; k++) p[k] = r.nextGaussian() + shift;
        return cloud(w, p, d);
    }

    @Test
    void matchesTheNumPyComputation() {
        UnbalancedSinkhornDivergence.Result r =
                UnbalancedSinkhornDivergence.between(cloud(A, X, 2), cloud(B, Y, 2), Metric.SQEUCLIDEAN, solver(EPS, TAU));
        assertThat(r.converged()).isTrue();
        assertThat(r.xy().objective()).isCloseTo(NUMPY_OT_AB, within(1e-8));
        assertThat(r.xx().objective()).isCloseTo(NUMPY_OT_AA, within(1e-8));
        assertThat(r.yy().objective()).isCloseTo(NUMPY_OT_BB, within(1e-8));
        assertThat(r.divergence()).isCloseTo(NUMPY_S, within(1e-8));
        assertThat(r.massA()).isCloseTo(1.3, within(1e-14));
        assertThat(r.massB()).isCloseTo(0.8, within(1e-14));
        assertThat(r.massTerm()).isCloseTo(0.5 * EPS * 0.25, within(1e-14));
    }

    /** The class comment's claim: at the optimum the potential form of GeomLoss is the same number. */
    @Test
    void equalsGeomLossPotentialForm() {
        UnbalancedSinkhornDivergence.Result r =
                UnbalancedSinkhornDivergence.between(cloud(A, X, 2), cloud(B, Y, 2), Metric.SQEUCLIDEAN, solver(EPS, TAU));
        double s = 0;
        for (int i = 0; i < A.length; i++) s += A[i] * (Math.exp(-r.xx().f()[i] / TAU) - Math.exp(-r.xy().f()[i] / TAU));
        for (int j = 0; j < B.length; j++) s += B[j] * (Math.exp(-r.yy().g()[j] / TAU) - Math.exp(-r.xy().g()[j] / TAU));
        assertThat((TAU + EPS / 2) * s).isCloseTo(r.divergence(), within(1e-9));
    }

    @Test
    void exactlyZeroOnEqualInputs() {
        Random rnd = new Random(3);
        for (Metric m : new Metric[] {Metric.SQEUCLIDEAN, Metric.EUCLIDEAN}) {
            DiscreteMeasure alpha = random(rnd, 7, 3, 1.7, 0);
            UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(alpha, alpha, m, solver(0.2, 1.5));
            assertThat(r.converged()).isTrue();
            assertThat(r.divergence()).isCloseTo(0, within(1e-12));
            assertThat(r.xy().objective()).isNotZero();
        }
    }

    @Test
    void nonNegativeOnRandomPairs() {
        Cases.forAll(41, 25, c -> {
            Random rnd = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 1, 6), m = c.intIn("m", 1, 6), d = c.intIn("d", 1, 3);
            DiscreteMeasure alpha = random(rnd, n, d, c.doubleIn("massA", 0.2, 3), 0);
            DiscreteMeasure beta = random(rnd, m, d, c.doubleIn("massB", 0.2, 3), c.doubleIn("shift", -1, 1));
            Metric metric = c.anyBoolean("sqeuclidean") ? Metric.SQEUCLIDEAN : Metric.EUCLIDEAN;
            UnbalancedSinkhorn s = solver(c.doubleIn("eps", 0.05, 2), c.doubleIn("tau", 0.1, 10));
            UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(alpha, beta, metric, s);
            assertThat(r.converged()).isTrue();
            assertThat(r.divergence()).isGreaterThanOrEqualTo(0);
        });
    }

    /**
     * τ → ∞ on measures of equal mass: the penalised objectives tend to the balanced ones, so S tends to the balanced
     * S_ε, the gap shrinking like 1/τ (each tenfold τ cuts it about tenfold); τ = +∞ is the balanced problem itself.
     */
    @Test
    void approachesTheBalancedDivergenceAsTauGrows() {
        Random rnd = new Random(11);
        DiscreteMeasure alpha = random(rnd, 6, 2, 1, 0), beta = random(rnd, 5, 2, 1, 0.7);
        double eps = 0.3;
        double balanced = SinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN,
                Sinkhorn.withEpsilon(eps).withTolerance(1e-13).withMaxIterations(200000)).divergence();
        double[] tau = {10, 100, 1000}, gap = new double[tau.length];
        for (int k = 0; k < tau.length; k++) gap[k] = Math.abs(divergence(alpha, beta, eps, tau[k]) - balanced);
        for (int k = 1; k < tau.length; k++) assertThat(gap[k - 1] / gap[k]).as("tau " + tau[k]).isBetween(8.0, 12.0);
        assertThat(gap[tau.length - 1]).isLessThan(1e-2);
        // τ = +∞: the value agrees to 3e-8, but only the α–β solve meets the stopping rule; the symmetric ones meet the marginal
        // tolerance and then creep along the gauge (f + λ, g − λ) below the potential tolerance (UnbalancedSinkhorn's rule)
        UnbalancedSinkhornDivergence.Result exact = UnbalancedSinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN,
                solver(eps, Double.POSITIVE_INFINITY).withMaxIterations(20000));
        assertThat(exact.xy().converged()).isTrue();
        assertThat(exact.divergence()).isCloseTo(balanced, within(1e-7));
    }

    private static double divergence(DiscreteMeasure alpha, DiscreteMeasure beta, double eps, double tau) {
        UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN, solver(eps, tau));
        assertThat(r.converged()).isTrue();
        return r.divergence();
    }

    /**
     * β = c·α on points so far apart that e^{−C/ε} vanishes between them: each point is a Dirac pair a δ, b δ, whose
     * problem min ε(p log(p/ab) − p + ab) + τ(p log(p/a) − p + a) + τ(p log(p/b) − p + b) has p = (ab)^s,
     * s = (ε + τ)/(ε + 2τ) (set the derivative to 0), and value τ(a + b) + ε ab − (ε + 2τ)p. Summing, the τ terms and
     * (with the mass term) the ε terms cancel in S, leaving S = (ε + 2τ)/2 Σ_i (a_i^s − b_i^s)² = (ε + 2τ)/2 (1 − c^s)²
     * Σ_i a_i^{2s}: zero only at c = 1, growing in |c − 1|, a Hellinger distance of the masses (s → ½ as τ → ∞).
     */
    @Test
    void scaledWeightsOnSeparatedPointsFollowTheClosedForm() {
        double eps = 0.5, tau = 1.5, s = (eps + tau) / (eps + 2 * tau);
        double[] a = {0.4, 0.9, 0.25}, points = {0, 10, 20};
        double previous = -1;
        for (double c : new double[] {1, 1.5, 3, 10}) {
            double[] b = {c * a[0], c * a[1], c * a[2]};
            UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(cloud(a, points, 1), cloud(b, points, 1),
                    Metric.SQEUCLIDEAN, solver(eps, tau));
            double sum = 0;
            for (double w : a) sum += Math.pow(w, 2 * s);
            double expected = (eps + 2 * tau) / 2 * Math.pow(1 - Math.pow(c, s), 2) * sum;
            assertThat(r.converged()).isTrue();
            assertThat(r.divergence()).as("c " + c).isCloseTo(expected, within(1e-10));
            assertThat(r.divergence()).isGreaterThan(previous);
            previous = r.divergence();
        }
    }

    // The same data and NumPy/SciPy script with total-variation penalties ρ: f = clip(−ε LSE_j(log b_j + (g_j − C_ij)/ε),
    // −ρ, ρ), likewise g (200000 sweeps, duality gaps below 2e-16 with the dual ⟨a, min(f, ρ)⟩ + ⟨b, min(g, ρ)⟩ − ε(Σπ − ΣaΣb)),
    // OT = ⟨P, C⟩ + ε KL(P | a b^T) + ρ |P1 − a|_1 + ρ |P^T 1 − b|_1, S with the same mass term: {ρ, OT_ab, OT_aa, OT_bb, S}.
    private static final double[][] NUMPY_TV = {
        {0.3, 0.8539397341844835, 0.6010050331916248, 0.4591494952759224, 0.38636246995071},
        {0.05, 0.5125770288816361, 0.5180895182697666, 0.27454050687169607, 0.17876201631090485}};

    @Test
    void totalVariationMatchesTheNumPyComputation() {
        for (double[] ref : NUMPY_TV) {
            UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(EPS).withTv(ref[0]).withTolerance(1e-13).withMaxIterations(200000);
            UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(cloud(A, X, 2), cloud(B, Y, 2),
                    Metric.SQEUCLIDEAN, s);
            assertThat(r.converged()).isTrue();
            assertThat(r.xy().objective()).as("rho=%s", ref[0]).isCloseTo(ref[1], within(1e-9));
            assertThat(r.xx().objective()).as("rho=%s", ref[0]).isCloseTo(ref[2], within(1e-9));
            assertThat(r.yy().objective()).as("rho=%s", ref[0]).isCloseTo(ref[3], within(1e-9));
            assertThat(r.divergence()).as("rho=%s", ref[0]).isCloseTo(ref[4], within(1e-9));
        }
    }

    /**
     * TV: exactly 0 on equal inputs of any mass, non-negative on random pairs (ρ binding or not), and for ρ above the
     * cost range on equal masses the balanced divergence (then no mass is worth creating or destroying).
     */
    @Test
    void totalVariationIsZeroOnEqualInputsNonNegativeAndBalancedForLargeRho() {
        Cases.forAll(43, 25, c -> {
            Random rnd = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 1, 6), m = c.intIn("m", 1, 6), d = c.intIn("d", 1, 3);
            DiscreteMeasure alpha = random(rnd, n, d, c.doubleIn("massA", 0.2, 3), 0);
            DiscreteMeasure beta = random(rnd, m, d, c.doubleIn("massB", 0.2, 3), c.doubleIn("shift", -1, 1));
            Metric metric = c.anyBoolean("sqeuclidean") ? Metric.SQEUCLIDEAN : Metric.EUCLIDEAN;
            double eps = c.doubleIn("eps", 0.05, 2);
            UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(eps).withTv(c.doubleIn("rho", 0.02, 3)).withTolerance(1e-12)
                    .withMaxIterations(200000);
            UnbalancedSinkhornDivergence.Result r = UnbalancedSinkhornDivergence.between(alpha, beta, metric, s);
            assertThat(r.converged()).isTrue();
            assertThat(r.divergence()).isGreaterThanOrEqualTo(0);
            assertThat(UnbalancedSinkhornDivergence.between(alpha, alpha, metric, s).divergence()).isEqualTo(0);
        });
        Random rnd = new Random(12);
        DiscreteMeasure alpha = random(rnd, 6, 2, 1, 0), beta = random(rnd, 5, 2, 1, 0.7);
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.3).withTv(100).withTolerance(1e-13).withMaxIterations(200000);
        double balanced = SinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN,
                Sinkhorn.withEpsilon(0.3).withTolerance(1e-13).withMaxIterations(200000)).divergence();
        double exact = UnbalancedSinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN, solver(0.3, Double.POSITIVE_INFINITY))
                .divergence();
        double tv = UnbalancedSinkhornDivergence.between(alpha, beta, Metric.SQEUCLIDEAN, s).divergence();
        assertThat(tv).isCloseTo(exact, within(1e-9)); // the primal charges ρ per unit of the marginals' residual error
        assertThat(tv).isCloseTo(balanced, within(1e-8 * balanced));
    }

    @Test
    void refusesDifferentPenaltiesPerSide() {
        DiscreteMeasure alpha = cloud(A, X, 2);
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.5).withTauA(1).withTauB(2);
        assertThatThrownBy(() -> UnbalancedSinkhornDivergence.between(alpha, alpha, Metric.SQEUCLIDEAN, s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one penalty");
    }
}
