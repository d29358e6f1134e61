package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.internal.AndersonAcceleration;
import org.monge.testing.Cases;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.DiscreteFixtures.marginalError;
import static org.monge.testing.DiscreteFixtures.randomWeights;
import static org.monge.testing.DiscreteFixtures.uniformCloud;

/**
 * Anderson acceleration: on a linear fixed-point map it finds the exact fixed point (solved here by Gaussian
 * elimination) in at most dim + 1 steps, as GMRES would; in Sinkhorn it reaches the fixed point of the plain
 * iteration (plans and costs to 1e-10) in each balanced engine, in fewer iterations on the standard problem,
 * reports the L1 marginal error of the plan it returns, and its safeguard rejects what raises the error.
 */
public class AndersonTest {
    @Test
    void findsTheFixedPointOfALinearMapInAtMostDimPlusOneSteps() {
        Cases.forAll(23, 30, c -> {
            int d = c.intIn("d", 2, 6);
            // T(x) = Mx + q with spectral radius below 1 (a scaled random matrix), fixed point x* = (I − M)⁻¹ q
            double[][] mat = new double[d][d];
            double[] q = new double[d];
            for (int i = 0; i < d; i++) {
                q[i] = c.doubleIn("q" + i, -1, 1);
                for (int j = 0; j < d; j++) mat[i][j] = c.doubleIn("m" + i + j, -1, 1) / (2 * d);
            }
            double[] star = solve(identityMinus(mat), q);
            double[] w = new double[d];
            Arrays.fill(w, 1.0 / d);
            AndersonAcceleration aa = new AndersonAcceleration(d + 1, w);
            double[] x = new double[d], tx = new double[d];
            for (int k = 0; k < d + 2; k++) {
                apply(mat, q, x, tx);
                aa.extrapolate(x, tx, x);
            }
            for (int i = 0; i < d; i++) assertThat(x[i]).isCloseTo(star[i], within(1e-7));
        });
    }

    @Test
    void safeguardRejectsAnExtrapolationThatRaisesTheError() {
        double[] w = {0.5, 0.5};
        AndersonAcceleration aa = new AndersonAcceleration(3, w);
        assertThat(aa.accept(1.0)).isTrue();
        aa.extrapolate(new double[] {0, 0}, new double[] {1, 1}, new double[2]);    // no history: T(x) itself
        assertThat(aa.accept(0.8)).isTrue();
        double[] out = new double[2];
        boolean extrapolated = aa.extrapolate(new double[] {1, 1}, new double[] {1.5, 1.4}, out);
        assertThat(extrapolated).isTrue();
        assertThat(aa.accept(0.9)).isFalse(); // above 0.8, the error of the state it came from
        assertThat(aa.fallback()).containsExactly(1.5, 1.4);
        assertThat(aa.depth()).isZero();
        assertThat(aa.accept(Double.NaN)).isTrue(); // no extrapolation pending: nothing to reject
        assertThat(aa.rejections()).isEqualTo(1);
    }

    private static final Random RANDOM = new Random(29);
    private static final int N = 300;
    private static final CostMatrix POINTS = CostMatrix.fromPoints(uniformCloud(RANDOM, N, 2), uniformCloud(RANDOM, N, 2),
            Metric.SQEUCLIDEAN);
    private static final CostMatrix DENSE = CostMatrix.dense(N, N, POINTS.toRowMajor());

    private static void sameFixedPointFewerIterations(Sinkhorn base, CostMatrix c) {
        DiscreteMeasure a = randomWeights(N, 1), b = randomWeights(N, 2);
        Sinkhorn.Result plain = base.withTolerance(1e-13).withMaxIterations(100_000).withOverRelaxation(1).withAnderson(0)
                .solve(a, b, c);
        Sinkhorn.Result fast = base.withTolerance(1e-13).withMaxIterations(100_000).solve(a, b, c);
        assertThat(plain.converged()).isTrue();
        assertThat(fast.converged()).isTrue();
        assertThat(fast.cost()).isCloseTo(plain.cost(), within(1e-10));
        assertThat(fast.objective()).isCloseTo(plain.objective(), within(1e-10));
        double[] pp = plain.plan().toMatrix().toRowMajor(), pf = fast.plan().toMatrix().toRowMajor();
        double diff = 0;
        for (int k = 0; k < pp.length; k++) diff = Math.max(diff, Math.abs(pp[k] - pf[k]));
        assertThat(diff).isLessThan(1e-10);
        // at the tolerance of the standard runs: fewer iterations than over-relaxation alone, and the error it reports
        // is the whole L1 marginal error of the plan it returns
        double tol = 1e-9;
        Sinkhorn.Result relaxedOnly = base.withTolerance(tol).withMaxIterations(100_000).withAnderson(0).solve(a, b, c);
        Sinkhorn.Result accelerated = base.withTolerance(tol).withMaxIterations(100_000).solve(a, b, c);
        assertThat(accelerated.converged()).isTrue();
        assertThat(accelerated.iterations()).isLessThan(relaxedOnly.iterations());
        double err = marginalError(accelerated.plan(), a.weights(), b.weights());
        assertThat(err).isLessThanOrEqualTo(tol * (1 + 1e-6));
        assertThat(accelerated.marginalError()).isCloseTo(err, within(1e-12));
    }

    @Test
    void scalingFormReachesThePlainFixedPoint() {
        sameFixedPointFewerIterations(Sinkhorn.withEpsilon(0.005).withLogDomain(false), DENSE);
    }

    @Test
    void stabilisedLogDomainReachesThePlainFixedPoint() {
        sameFixedPointFewerIterations(Sinkhorn.withEpsilon(0.005).withStorage(Sinkhorn.Storage.DENSE), DENSE);
    }

    @Test
    void onTheFlyLogDomainReachesThePlainFixedPoint() {
        sameFixedPointFewerIterations(Sinkhorn.withEpsilon(0.005).withStorage(Sinkhorn.Storage.ON_THE_FLY), POINTS);
    }

    @Test
    void optionIsValidatedAndOnByDefault() {
        assertThat(Sinkhorn.withEpsilon(1).options().anderson()).isEqualTo(Sinkhorn.Options.DEFAULT_ANDERSON);
        assertThat(Sinkhorn.withEpsilon(1).withAnderson(0).options().anderson()).isZero();
        for (int bad : new int[] {-1, Sinkhorn.Options.MAX_ANDERSON + 1}) {
            assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).withAnderson(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Anderson memory must be in [0, ");
        }
    }

    private static void apply(double[][] mat, double[] q, double[] x, double[] out) {
        for (int i = 0; i < q.length; i++) {
            double s = q[i];
            for (int j = 0; j < q.length; j++) s += mat[i][j] * x[j];
            out[i] = s;
        }
    }

    private static double[][] identityMinus(double[][] mat) {
        int d = mat.length;
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) a[i][j] = (i == j ? 1 : 0) - mat[i][j];
        return a;
    }

    /** Gaussian elimination with partial pivoting (a and b are copied). */
    private static double[] solve(double[][] a0, double[] b0) {
        int d = b0.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int k = 0; k < d; k++) {
            int p = k;
            for (int i = k + 1; i < d; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
            double[] tr = a[k]; a[k] = a[p]; a[p] = tr;
            double tb = b[k]; b[k] = b[p]; b[p] = tb;
            for (int i = k + 1; i < d; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < d; j++) a[i][j] -= f * a[k][j];
                b[i] -= f * b[k];
            }
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < d; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }
}
