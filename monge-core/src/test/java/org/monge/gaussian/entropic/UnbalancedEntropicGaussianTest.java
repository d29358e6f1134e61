package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The unbalanced Gaussian closed form against independent computations: a direct minimisation of the
 * objective over Gaussian plans m N(μ, Σ) (BFGS written here), UnbalancedSinkhorn on fine quadrature grids
 * (the discrete problem with weights m φ(x_i) h and ε' = 2ε is a Riemann sum of the continuous one), the
 * pointwise optimality condition dπ/d(α⊗β) = exp((f + g − |x − y|²)/(2ε)), strong duality, and the balanced
 * closed form as τ → ∞. {@code UnbalancedEntropicGaussianSampleTest} (slow) does the same on random samples.
 */
class UnbalancedEntropicGaussianTest {

    static final Gaussian P1 = Gaussian.univariate(0.2, 0.8), Q1 = Gaussian.univariate(1.0, 1.2);
    static final Gaussian P2 = Gaussian.of(new double[] {0, 1}, Matrix.of(new double[][] {{1.5, .4}, {.4, .8}}));
    static final Gaussian Q2 = Gaussian.of(new double[] {1, -0.5}, Matrix.of(new double[][] {{1, -.3}, {-.3, .7}}));

    /** The primal objective at the plan m N(μ, Σ), written from the definitions (KL between Gaussians, mass terms). */
    static double objective(UnbalancedEntropicGaussian solver, Gaussian p, double ma, Gaussian q, double mb,
                            double m, double[] mu, Matrix sigma) {
        int d = p.dimension();
        double eps = solver.epsilon();
        double[] mx = new double[d], my = new double[d];
        System.arraycopy(mu, 0, mx, 0, d);
        System.arraycopy(mu, d, my, 0, d);
        Matrix x = Blocks.block(sigma, 0, 0, d), y = Blocks.block(sigma, d, d, d), c = Blocks.block(sigma, 0, d, d);
        double gap = 0;
        for (int i = 0; i < d; i++) gap += (mx[i] - my[i]) * (mx[i] - my[i]);
        double transport = m * (gap + x.trace() + y.trace() - 2 * c.trace());
        Matrix k = Blocks.join(p.covariance(), Matrix.zeros(d, d), q.covariance());
        double[] ab = new double[2 * d];
        System.arraycopy(p.mean(), 0, ab, 0, d);
        System.arraycopy(q.mean(), 0, ab, d, d);
        double kl = kl(mu, sigma, ab, k), klx = kl(mx, x, p.mean(), p.covariance()), kly = kl(my, y, q.mean(), q.covariance());
        return transport + 2 * eps * (m * kl + m * Math.log(m / (ma * mb)) - m + ma * mb)
                + solver.tauA() * (m * klx + m * Math.log(m / ma) - m + ma) + solver.tauB() * (m * kly + m * Math.log(m / mb) - m + mb);
    }

    /** KL(N(m1, s1) ‖ N(m0, s0)). */
    static double kl(double[] m1, Matrix s1, double[] m0, Matrix s0) {
        Matrix l0 = Cholesky.lowerOrThrow(s0, "s0"), l1 = Cholesky.lowerOrThrow(s1, "s1");
        Matrix s0inv = Cholesky.inverseFromLower(l0);
        double[] dm = new double[m1.length];
        for (int i = 0; i < dm.length; i++) dm[i] = m1[i] - m0[i];
        double[] sd = s0inv.times(dm);
        double q = 0;
        for (int i = 0; i < dm.length; i++) q += dm[i] * sd[i];
        return 0.5 * (s0inv.dot(s1) - dm.length + q + Cholesky.logDetFromLower(l0) - Cholesky.logDetFromLower(l1));
    }

    /** A plan m N(μ, L Lᵀ) from parameters (log m, μ, L with log-diagonal, row by row). */
    record GaussianPlan(double mass, double[] mean, Matrix covariance) {
        static GaussianPlan of(double[] p, int n) {
            double[] mu = new double[n];
            System.arraycopy(p, 1, mu, 0, n);
            double[] l = new double[n * n];
            int k = 1 + n;
            for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) l[i * n + j] = i == j ? Math.exp(p[k++]) : p[k++];
            Matrix lm = Matrix.fromRowMajor(n, n, l);
            return new GaussianPlan(Math.exp(p[0]), mu, lm.times(lm.transpose()));
        }
    }

    /** BFGS with central-difference gradients and Armijo backtracking, to a gradient norm of {@code gtol}. */
    static double[] bfgs(ToDoubleFunction<double[]> f, double[] x0, double gtol) {
        int n = x0.length;
        double[] x = x0.clone(), g = gradient(f, x);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) h[i][i] = 1e-2;
        double fx = f.applyAsDouble(x);
        for (int it = 0; it < 5000 && norm(g) > gtol; it++) {
            double[] dir = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dir[i] -= h[i][j] * g[j];
            double slope = 0;
            for (int i = 0; i < n; i++) slope += dir[i] * g[i];
            if (slope >= 0) { // not a descent direction: restart from the scaled gradient
                for (int i = 0; i < n; i++) { dir[i] = -1e-2 * g[i]; Arrays.fill(h[i], 0); h[i][i] = 1e-2; }
                slope = -1e-2 * norm(g) * norm(g);
            }
            double t = 1, fn;
            double[] xn = new double[n];
            while (true) {
                for (int i = 0; i < n; i++) xn[i] = x[i] + t * dir[i];
                fn = f.applyAsDouble(xn);
                if (Double.isFinite(fn) && fn <= fx + 1e-4 * t * slope) break;
                t /= 2;
                if (t < 1e-20) return x;
            }
            double[] gn = gradient(f, xn), s = new double[n], y = new double[n];
            double sy = 0;
            for (int i = 0; i < n; i++) { s[i] = xn[i] - x[i]; y[i] = gn[i] - g[i]; sy += s[i] * y[i]; }
            if (sy > 1e-300) {
                double[] hy = new double[n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hy[i] += h[i][j] * y[j];
                double yhy = 0;
                for (int i = 0; i < n; i++) yhy += y[i] * hy[i];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                    h[i][j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
            x = xn.clone();
            g = gn;
            fx = fn;
        }
        return x;
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length], xp = x.clone();
        for (int i = 0; i < x.length; i++) {
            double hstep = 1e-6 * Math.max(1, Math.abs(x[i]));
            xp[i] = x[i] + hstep;
            double fp = f.applyAsDouble(xp);
            xp[i] = x[i] - hstep;
            double fm = f.applyAsDouble(xp);
            xp[i] = x[i];
            g[i] = (fp - fm) / (2 * hstep);
        }
        return g;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double e : v) s += e * e;
        return Math.sqrt(s);
    }

    static void checkAgainstDirectMinimisation(UnbalancedEntropicGaussian solver, Gaussian p, double ma, Gaussian q, double mb) {
        int d = p.dimension(), n = 2 * d;
        UnbalancedEntropicGaussian.Result r = solver.solve(p, ma, q, mb);
        // start from the product of the inputs, mass 1
        double[] x0 = new double[1 + n + n * (n + 1) / 2];
        System.arraycopy(p.mean(), 0, x0, 1, d);
        System.arraycopy(q.mean(), 0, x0, 1 + d, d);
        Matrix l0 = Cholesky.lowerOrThrow(Blocks.join(p.covariance(), Matrix.zeros(d, d), q.covariance()), "start");
        int k = 1 + n;
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) x0[k++] = i == j ? Math.log(l0.get(i, i)) : l0.get(i, j);
        ToDoubleFunction<double[]> f = z -> {
            GaussianPlan g = GaussianPlan.of(z, n);
            return objective(solver, p, ma, q, mb, g.mass(), g.mean(), g.covariance());
        };
        double[] argmin = bfgs(f, x0, 1e-7);
        GaussianPlan best = GaussianPlan.of(argmin, n);
        double direct = f.applyAsDouble(argmin);
        assertThat(r.cost()).as("closed-form cost vs direct minimum").isCloseTo(direct, within(1e-8 * Math.max(1, Math.abs(direct))));
        assertThat(direct).as("the closed form is not beaten").isGreaterThanOrEqualTo(r.cost() - 1e-12);
        assertThat(r.mass()).isCloseTo(best.mass(), within(1e-5));
        double[] mu = r.plan().mean();
        for (int i = 0; i < n; i++) assertThat(mu[i]).as("mean %d", i).isCloseTo(best.mean()[i], within(1e-5));
        assertThat(r.plan().covariance().minus(best.covariance()).maxAbs()).as("covariance").isLessThan(1e-5);
        // the cost is the objective at the returned plan, and equals the dual value
        assertThat(objective(solver, p, ma, q, mb, r.mass(), mu, r.plan().covariance())).isCloseTo(r.cost(), within(1e-12));
        assertThat(r.dualGap()).isLessThan(1e-10 * Math.max(1, Math.abs(r.cost())));
    }

    @Test
    void oneDimensionalMatchesDirectMinimisation() {
        checkAgainstDirectMinimisation(UnbalancedEntropicGaussian.withEpsilon(0.3).withTauA(1).withTauB(2), P1, 1.3, Q1, 0.7);
    }

    @Test
    void twoDimensionalMatchesDirectMinimisation() {
        checkAgainstDirectMinimisation(UnbalancedEntropicGaussian.withEpsilon(0.4).withTauA(1.1).withTauB(2.5), P2, 1.3, Q2, 0.7);
    }

    @Test
    void optimalityConditionHoldsPointwise() {
        Cases.forAll(20, 12, cs -> {
            Random rnd = new Random(cs.anyLong("seed"));
            int d = cs.intIn("d", 1, 3);
            Gaussian p = Gaussian.of(randomMean(rnd, d), Fixtures.spd(rnd, d, 0.3));
            Gaussian q = Gaussian.of(randomMean(rnd, d), Fixtures.spd(rnd, d, 0.3));
            double eps = Math.exp(cs.doubleIn("log eps", -2, 2)), ta = Math.exp(cs.doubleIn("log tauA", -2, 2));
            double tb = Math.exp(cs.doubleIn("log tauB", -2, 2));
            double ma = cs.doubleIn("massA", 0.3, 2.3), mb = cs.doubleIn("massB", 0.3, 2.3);
            UnbalancedEntropicGaussian.Result r = UnbalancedEntropicGaussian.withEpsilon(eps).withTauA(ta).withTauB(tb).solve(p, ma, q, mb);
            // m π(x, y) = m_a p(x) m_b q(y) exp((f(x) + g(y) − |x − y|²)/(2ε)) at random points
            for (int s = 0; s < 5; s++) {
                double[] x = randomMean(rnd, d), y = randomMean(rnd, d);
                double c = 0;
                for (int i = 0; i < d; i++) c += (x[i] - y[i]) * (x[i] - y[i]);
                double lhs = Math.log(r.mass()) + r.plan().logDensity(x, y);
                double rhs = Math.log(ma * mb) + UnbalancedEntropicGaussian.Result.logDensity(p, x)
                        + UnbalancedEntropicGaussian.Result.logDensity(q, y) + (r.potentialF(x) + r.potentialG(y) - c) / (2 * eps);
                assertThat(lhs).as("d=%d eps=%s tau=(%s,%s)", d, eps, ta, tb).isCloseTo(rhs, within(1e-7 * Math.max(1, Math.abs(lhs))));
            }
            assertThat(r.dualGap()).isLessThan(1e-9 * Math.max(1, Math.abs(r.cost())));
        });
    }

    static double[] randomMean(Random rnd, int d) {
        double[] m = new double[d];
        for (int i = 0; i < d; i++) m[i] = rnd.nextGaussian();
        return m;
    }

    /** The gap closes as O(1/τ) (measured: cost gap −18.5/τ, mass gap −2.5/τ here, the means being apart). */
    @Test
    void largeTauIsTheBalancedClosedForm() {
        EntropicGaussianResult balanced = EntropicGaussian.withEpsilon(0.4).solve(P2, Q2);
        double previous = Double.POSITIVE_INFINITY;
        for (double tau : new double[] {1e2, 1e4, 1e6, 1e8}) {
            UnbalancedEntropicGaussian.Result r = UnbalancedEntropicGaussian.withEpsilon(0.4).withTau(tau).solve(P2, 1, Q2, 1);
            double err = Math.abs(r.cost() - balanced.cost()) + r.crossCovariance().minus(balanced.crossCovariance()).maxAbs()
                    + Math.abs(r.mass() - 1) + r.sourceCovariance().minus(P2.covariance()).maxAbs();
            assertThat(err).as("tau=%s", tau).isLessThan(previous / 50);
            previous = err;
        }
        assertThat(previous).isLessThan(1e-6);
    }

    /** Weights m φ(x_i) h on a regular grid of step h over [lo, hi] (1-D) or its tensor square (2-D). */
    static DiscreteMeasure onGrid(Gaussian g, double mass, double lo, double hi, int k) {
        int d = g.dimension();
        double h = (hi - lo) / (k - 1);
        int n = (int) Math.pow(k, d);
        double[][] pts = new double[n][d];
        double[] w = new double[n];
        for (int s = 0; s < n; s++) {
            int rest = s;
            for (int i = 0; i < d; i++) { pts[s][i] = lo + h * (rest % k); rest /= k; }
            w[s] = mass * Math.exp(UnbalancedEntropicGaussian.Result.logDensity(g, pts[s])) * Math.pow(h, d);
        }
        return DiscreteMeasure.of(w, Matrix.of(pts));
    }

    /** UnbalancedSinkhorn at ε' = 2ε on grids: mass, objective and the plan's moments against the closed form. */
    static void checkAgainstGrid(UnbalancedEntropicGaussian solver, Gaussian p, double ma, Gaussian q, double mb,
                                 double lo, double hi, int k, double tol) {
        UnbalancedEntropicGaussian.Result r = solver.solve(p, ma, q, mb);
        DiscreteMeasure a = onGrid(p, ma, lo, hi, k), b = onGrid(q, mb, lo, hi, k);
        CostMatrix c = CostMatrix.fromPoints(a.support(), b.support(), Metric.SQEUCLIDEAN);
        UnbalancedSinkhorn.Result s = UnbalancedSinkhorn.withEpsilon(2 * solver.epsilon()).withTauA(solver.tauA()).withTauB(solver.tauB())
                .withTolerance(1e-12).solve(TransportProblem.of(a, b, c));
        assertThat(s.converged()).as("%s", s.status()).isTrue();
        assertThat(s.transportedMass()).as("mass").isCloseTo(r.mass(), within(tol));
        assertThat(s.objective()).as("objective").isCloseTo(r.cost(), within(tol));
        int d = p.dimension();
        double[] plan = s.plan().toDense();
        int m = a.size(), n = b.size();
        double[] mean = new double[2 * d];
        double[][] second = new double[2 * d][2 * d];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double w = plan[i * n + j] / s.transportedMass();
            double[] z = new double[2 * d];
            for (int t = 0; t < d; t++) { z[t] = a.support().get(i, t); z[d + t] = b.support().get(j, t); }
            for (int t = 0; t < 2 * d; t++) {
                mean[t] += w * z[t];
                for (int u = 0; u < 2 * d; u++) second[t][u] += w * z[t] * z[u];
            }
        }
        double[] mu = r.plan().mean();
        for (int t = 0; t < 2 * d; t++) {
            assertThat(mean[t]).as("mean %d", t).isCloseTo(mu[t], within(tol));
            for (int u = 0; u < 2 * d; u++) {
                assertThat(second[t][u] - mean[t] * mean[u]).as("covariance %d %d", t, u)
                        .isCloseTo(r.plan().covariance().get(t, u), within(tol));
            }
        }
    }

    @Test
    void oneDimensionalMatchesSinkhornOnAFineGrid() {
        checkAgainstGrid(UnbalancedEntropicGaussian.withEpsilon(0.3).withTauA(1).withTauB(2), P1, 1.3, Q1, 0.7, -7, 9, 321, 1e-6);
    }

    @Test
    void twoDimensionalMatchesSinkhornOnAGrid() {
        checkAgainstGrid(UnbalancedEntropicGaussian.withEpsilon(1).withTau(1.5), P2, 1.3, Q2, 0.7, -5, 6, 23, 1e-4);
    }

    @Test
    void badInputIsRefusedByName() {
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(1).withTau(-1)).hasMessageContaining("tauA");
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(1).withTauB(Double.POSITIVE_INFINITY))
                .hasMessageContaining("tauB").hasMessageContaining("balanced");
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(1).solve(P1, -1, Q1, 1)).hasMessageContaining("mass");
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(1).solve(P1, 1, Q2, 1)).hasMessageContaining("dimensions");
        Gaussian singular = Gaussian.of(new double[] {0, 0}, Matrix.of(new double[][] {{1, 1}, {1, 1}}));
        assertThatThrownBy(() -> UnbalancedEntropicGaussian.withEpsilon(1).solve(singular, 1, Q2, 1))
                .hasMessageContaining("positive definite");
    }
}
