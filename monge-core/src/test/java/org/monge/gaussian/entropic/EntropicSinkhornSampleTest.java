package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large-sample check of the closed forms: Sinkhorn on n samples of each Gaussian, with the
 * discrete reference that matches N((m0, m1), K), approaches OT_{ε,K} and C as n grows.
 *
 * <p>The discrete reference: with uniform weights 1/n, R_ij = (1/n²) · exp(ℓ(x_i, y_j)) where
 * ℓ = log r − log p − log q ({@link ReferenceCoupling#onSamples}) is the log-density of the
 * reference N((m0, m1), K) relative to the product of the marginals P ⊗ Q (so E_{P⊗Q} exp ℓ = 1
 * and R tends to the reference). The
 * Sinkhorn solves min ⟨π, C⟩ + ε' KL(π ‖ R) with C_ij = |x_i − y_j|², so ε' = 2ε. Its objective
 * is an estimate of OT_{ε,K}, biased and noisy at O(1/√n) (entropic OT's sample complexity), so
 * errors are averaged over seeds and compared between n = 250 and n = 2000. Measured: 1-D ρ = 0.8, cost error
 * 0.105 → 0.050 and C error 0.105 → below it; about 90 s for the three cases on 2 cores.
 */
@Tag("slow")
class EntropicSinkhornSampleTest {

    record Errors(double cost, double cross) {}

    static Matrix sample(Gaussian g, int n, Random rnd) {
        Matrix l = SymmetricEigen.of(g.covariance()).sqrt();
        double[] m = g.mean();
        double[][] out = new double[n][];
        for (int s = 0; s < n; s++) {
            double[] xi = new double[m.length];
            for (int i = 0; i < xi.length; i++) xi[i] = rnd.nextGaussian();
            double[] z = l.times(xi);
            for (int i = 0; i < z.length; i++) z[i] += m[i];
            out[s] = z;
        }
        return Matrix.of(out);
    }

    /** Mean absolute errors of the sample estimates of the cost and of C over the given seeds. */
    static Errors errors(Gaussian p, Gaussian q, ReferenceCoupling ref, double eps, int n, int seeds) {
        EntropicGaussianResult exact = EntropicGaussian.withEpsilon(eps).withReference(ref).solve(p, q);
        int d = p.dimension();
        double costErr = 0, crossErr = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(1000 + seed);
            Matrix x = sample(p, n, rnd), y = sample(q, n, rnd);
            Sinkhorn.Result r = Sinkhorn.withEpsilon(2 * eps).withTolerance(1e-7).withMaxIterations(5000)
                    .withReference(ref.onSamples(p, q, n, n))
                    .solve(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
            assertThat(r.converged()).as("Sinkhorn n=%d seed=%d: %s", n, seed, r.status()).isTrue();
            // sample cross-covariance of the plan
            double[] mx = new double[d], my = new double[d];
            double[][] pij = new double[n][];
            for (int i = 0; i < n; i++) pij[i] = r.plan().row(i);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) {
                mx[k] += pij[i][j] * x.get(i, k);
                my[k] += pij[i][j] * y.get(j, k);
            }
            double[][] c = new double[d][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) for (int l = 0; l < d; l++) {
                c[k][l] += pij[i][j] * (x.get(i, k) - mx[k]) * (y.get(j, l) - my[l]);
            }
            costErr += Math.abs(r.objective() - exact.cost()) / seeds;
            crossErr += Matrix.of(c).minus(exact.crossCovariance()).maxAbs() / seeds;
        }
        return new Errors(costErr, crossErr);
    }

    static void check(Gaussian p, Gaussian q, ReferenceCoupling ref, double eps, double tol) {
        Errors small = errors(p, q, ref, eps, 250, 4), large = errors(p, q, ref, eps, 2000, 4);
        assertThat(large.cost()).as("cost error n=2000 vs n=250 (%s)", small).isLessThan(small.cost()).isLessThan(tol);
        assertThat(large.cross()).as("C error n=2000 vs n=250 (%s)", small).isLessThan(small.cross()).isLessThan(tol);
    }

    @Test
    void oneDimensionalCorrelatedReference() {
        check(Gaussian.univariate(0, 1), Gaussian.univariate(0.5, 1.5), ReferenceCoupling.correlated(0.8, 1), 0.5, 0.08);
    }

    @Test
    void oneDimensionalProductReference() {
        check(Gaussian.univariate(0, 1), Gaussian.univariate(0, 1.5), ReferenceCoupling.product(), 0.5, 0.08);
    }

    @Test
    void twoDimensionalArbitraryReference() {
        Gaussian p = Gaussian.of(new double[] {0, 1}, Matrix.of(new double[][] {{2, .5}, {.5, 1}}));
        Gaussian q = Gaussian.of(new double[] {1, -1}, Matrix.of(new double[][] {{1, -.3}, {-.3, .8}}));
        Matrix k = Fixtures.spd(new Random(3), 4, 0.5);
        check(p, q, ReferenceCoupling.covariance(k), 1.0, 0.1);
    }
}
