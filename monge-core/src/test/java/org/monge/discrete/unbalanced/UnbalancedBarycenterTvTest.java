package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The unbalanced barycenter with total-variation penalties against a direct minimisation of its primal (SciPy,
 * float64), its objective with KL penalties likewise, the balanced barycenter as ρ grows, and small ε.
 */
class UnbalancedBarycenterTvTest {
    // SciPy 1.10 (/usr/bin/python3), float64: the primal over (π_1..π_3, p) of N = M = 3 points x = (0, 0.35, 1), squared
    // distances, histograms B3 (masses 1, 1.2, 1.2), λ = LAMBDAS3, ε = 0.1, with |q − p| split as u + v, u, v ≥ 0:
    //   obj = λ·[Σ π C + ε Σ(π log π − π + 1) + ρ Σ(u + v)],  π_k 1 − p = u1 − v1,  π_kᵀ 1 − b_k = u2 − v2
    //   minimize(obj, z0 = 0.1 (π), 0.3 (p), 0.01 (u, v), jac=analytic, bounds π ≥ 1e-12, rest ≥ 0, method="SLSQP",
    //            options={"ftol": 1e-16, "maxiter": 10000})    (constraint violation ≤ 5e-16)
    // and, for KL (τ = 0.5), L-BFGS-B on the logarithms of π and p with the analytic gradient (ftol 1e-16, gtol 1e-14,
    // maxcor 50; final gradient 4e-10) of λ·[Σ π C + ε Σ(π log π − π + 1) + τ KL(π_k 1 ‖ p) + τ KL(π_kᵀ 1 ‖ b_k)].
    private static final double[] RHOS = {0.05, 0.2, 1.0};
    private static final double[] SCIPY_TV_OBJECTIVE = {0.6278603682420634, 0.719915492690014, 0.7780143659013423};
    private static final double[][] SCIPY_TV_P = {
        {0.7847446368538121, 0.7978660743165265, 0.8055700864645267},
        {0.35750387162423497, 0.4321493688622025, 0.4181993223635156},
        {0.24046556197640848, 0.5310245263818755, 0.4285099116417163}};
    private static final double SCIPY_KL_OBJECTIVE = 0.6963207923397112;
    private static final double[] SCIPY_KL_P = {0.3576971651138845, 0.43456241870675594, 0.5138724293059298};

    private static final double[][] B3 = {{0.6, 0.3, 0.1}, {0.1, 0.2, 0.9}, {0.3, 0.5, 0.4}};
    private static final double[] LAMBDAS3 = {0.2, 0.35, 0.45};

    private static CostMatrix tiny() {
        double[] x = {0, 0.35, 1};
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) c[i][j] = (x[i] - x[j]) * (x[i] - x[j]);
        return CostMatrix.dense(Matrix.of(c));
    }

    @Test
    void matchesADirectMinimisationOfThePrimal() {
        for (int t = 0; t < RHOS.length; t++) {
            UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(0.1).withTv(RHOS[t]).withTolerance(1e-13)
                    .solve(List.of(B3), LAMBDAS3, tiny());
            assertThat(r.converged()).as("rho=%s: %s", RHOS[t], r.status()).isTrue();
            assertThat(r.objective()).as("rho=%s", RHOS[t]).isCloseTo(SCIPY_TV_OBJECTIVE[t], within(1e-9));
            assertThat(r.barycenter()).as("rho=%s", RHOS[t]).containsExactly(SCIPY_TV_P[t], within(1e-6));
        }
        UnbalancedBarycenter.Result kl = UnbalancedBarycenter.withEpsilon(0.1).withTau(0.5).withTolerance(1e-13)
                .solve(List.of(B3), LAMBDAS3, tiny());
        assertThat(kl.converged()).isTrue();
        assertThat(kl.objective()).isCloseTo(SCIPY_KL_OBJECTIVE, within(1e-10));
        assertThat(kl.barycenter()).containsExactly(SCIPY_KL_P, within(1e-8));
    }

    @Test
    void largeRhoIsExactlyTheBalancedBarycenter() {
        List<double[]> normalised = new ArrayList<>();
        for (double[] h : UnbalancedBarycenterTest.histograms()) {
            double s = 0;
            for (double v : h) s += v;
            double[] p = new double[h.length];
            for (int i = 0; i < h.length; i++) p[i] = h[i] / s;
            normalised.add(p);
        }
        double[] lambdas = {0.5, 0.3, 0.2};
        CostMatrix c = UnbalancedBarycenterTest.grid(25);
        double[] balanced = EntropicBarycenter.withEpsilon(0.05).withTolerance(1e-13).solve(normalised, lambdas, c).barycenter();
        for (double rho : new double[] {50, 1e4}) {
            UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(0.05).withTv(rho).withTolerance(1e-12)
                    .solve(normalised, lambdas, c);
            assertThat(r.converged()).as("rho=%s: %s", rho, r.status()).isTrue();
            assertThat(r.barycenter()).as("rho=%s", rho).containsExactly(balanced, within(1e-9));
            assertThat(r.mass()).isCloseTo(1, within(1e-9));
        }
        // a binding ρ moves it away (the histograms' masses are 1 here, so only the transport cost makes it destroy mass)
        UnbalancedBarycenter.Result tight = UnbalancedBarycenter.withEpsilon(0.05).withTv(0.05).withTolerance(1e-12)
                .solve(normalised, lambdas, c);
        double gap = 0;
        for (int i = 0; i < balanced.length; i++) gap += Math.abs(tight.barycenter()[i] - balanced[i]);
        assertThat(gap).isGreaterThan(1e-3);
    }

    @Test
    void convergesAtSmallEpsilonOnHistogramsOfDifferentMasses() {
        for (double eps : new double[] {1e-2, 1e-3}) {
            UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(eps).withTv(0.5).withTolerance(1e-9)
                    .solve(UnbalancedBarycenterTest.histograms(), new double[] {0.5, 0.3, 0.2}, UnbalancedBarycenterTest.grid(25));
            assertThat(r.converged()).as("eps=%s: %s after %d", eps, r.status(), r.iterations()).isTrue();
            for (double v : r.barycenter()) assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
            assertThat(r.objective()).isFinite();
        }
    }

    @Test
    void badRhoIsRefusedByName() {
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).withTv(0)).hasMessageContaining("rho");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).withTv(Double.NaN)).hasMessageContaining("rho");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).withTv(Double.POSITIVE_INFINITY)).hasMessageContaining("balanced");
        assertThat(UnbalancedBarycenter.withEpsilon(1).withTv(0.5).penalty()).isEqualTo(MarginalPenalty.tv(0.5));
        assertThat(UnbalancedBarycenter.withEpsilon(1).penalty()).isEqualTo(MarginalPenalty.kl(1));
    }
}
