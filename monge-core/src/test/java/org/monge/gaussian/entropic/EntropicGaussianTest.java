package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.gaussian.entropic.Fixtures.*;

class EntropicGaussianTest {
    static final double[] EPSILONS = {0.1, 0.7, 3.0};

    /** Checks the closed-form C against Newton on the objective, and the cost against the objective at Newton's C. */
    private static void assertMinimises(Gaussian p, Gaussian q, ReferenceCoupling ref, double eps, String what) {
        Matrix a = p.covariance(), b = q.covariance(), k = ref.covariance(p, q);
        EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ref).solve(p, q);
        Matrix newton = newtonCrossCovariance(a, b, k, eps);
        assertThat(relativeError(r.crossCovariance(), newton)).as(what + ": C vs Newton").isLessThan(1e-8);
        double j = objective(a, b, newton, k, eps) + Math.pow(BuresWasserstein.squaredDistance(p, q)
                - BuresWasserstein.squaredDistance(Gaussian.centered(a), Gaussian.centered(b)), 1);
        assertThat(r.cost()).as(what + ": cost vs objective at Newton's C").isCloseTo(j, within(1e-9 * Math.max(1, Math.abs(j))));
        assertThat(objective(a, b, r.crossCovariance(), k, eps)).as(what + ": closed form no worse than Newton")
                .isLessThanOrEqualTo(objective(a, b, newton, k, eps) + 1e-11 * Math.max(1, Math.abs(j)));
    }

    @Test
    void closedFormMinimisesTheObjectiveForRandomReferences() {
        Random rnd = new Random(11);
        for (int d = 1; d <= 5; d++) {
            for (double eps : EPSILONS) {
                Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
                assertMinimises(p, q, ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3)), eps, "random K, d=" + d + ", eps=" + eps);
                assertMinimises(p, q, ReferenceCoupling.product(), eps, "product, d=" + d + ", eps=" + eps);
                Matrix r = gaussianMatrix(rnd, d, d);
                double norm = Math.sqrt(SymmetricEigen.eigenvalues(r.transpose().times(r))[d - 1]);
                assertMinimises(p, q, ReferenceCoupling.correlated(r.scale(0.9 / norm)), eps, "correlated, d=" + d + ", eps=" + eps);
            }
        }
    }

    @Test
    void closedFormMinimisesTheObjectiveWhereGIsSingularOrIndefinite() {
        Random rnd = new Random(12);
        for (int d = 1; d <= 5; d++) {
            for (double eps : EPSILONS) {
                Gaussian p = gaussian(rnd, d, false), q = gaussian(rnd, d, false);
                // singular: G = U diag(0, s2, ..., sd) Vᵀ (d = 1: G = 0, then C = 0 and Newton must find 0 too)
                double[] s = new double[d];
                for (int i = 1; i < d; i++) s[i] = 0.5 + rnd.nextDouble();
                Matrix gSingular = orthogonal(rnd, d).times(Matrix.diagonal(s)).times(orthogonal(rnd, d));
                Matrix kSingular = referenceWithG(gSingular, eps);
                EntropicGaussianResult rs = EntropicGaussian.withEpsilon(eps).withReference(ReferenceCoupling.covariance(kSingular))
                        .solve(p, q);
                if (d == 1) {
                    assertThat(rs.crossCovariance().maxAbs()).isLessThan(1e-12);
                    assertThat(newtonCrossCovariance(p.covariance(), q.covariance(), kSingular, eps).maxAbs()).isLessThan(1e-12);
                } else {
                    assertMinimises(p, q, ReferenceCoupling.covariance(kSingular), eps, "G singular, d=" + d + ", eps=" + eps);
                }
                // indefinite: G with eigenvalues of both signs (and a negative determinant in odd cases)
                double[] t = new double[d];
                for (int i = 0; i < d; i++) t[i] = (i % 2 == 0 ? -1 : 1) * (0.3 + rnd.nextDouble());
                Matrix o = orthogonal(rnd, d);
                Matrix gIndef = o.times(Matrix.diagonal(t)).times(o.transpose()).plus(gaussianMatrix(rnd, d, d).scale(0.1));
                assertMinimises(p, q, ReferenceCoupling.covariance(referenceWithG(gIndef, eps)), eps,
                        "G indefinite, d=" + d + ", eps=" + eps);
            }
        }
    }

    @Test
    void strongDualityAndOptimalityIdentityAgainstDirectInverses() {
        Random rnd = new Random(13);
        for (int d = 1; d <= 5; d++) {
            for (double eps : EPSILONS) {
                Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
                ReferenceCoupling ref = ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3));
                EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ref).solve(p, q);
                Matrix delta = SymmetricEigen.of(r.jointCovariance()).inverse().minus(SymmetricEigen.of(ref.covariance(p, q)).inverse());
                Matrix id = Matrix.identity(d);
                assertThat(Blocks.block(delta, 0, d, d).scale(eps).plus(id).maxAbs()).as("eps*Delta12 + I").isLessThan(1e-8);
                assertThat(r.optimalityResidual()).isLessThan(1e-8);
                assertThat(relativeError(r.dualPotentials().f(), id.minus(Blocks.block(delta, 0, 0, d).scale(eps)))).isLessThan(1e-8);
                assertThat(relativeError(r.dualPotentials().h(), id.minus(Blocks.block(delta, d, d, d).scale(eps)))).isLessThan(1e-8);
                assertThat(r.dualGap()).isLessThan(1e-9 * Math.max(1, Math.abs(r.cost())));
                // definition of the potentials: dπ/dR = exp((f(x) + g(y) − |x − y|²)/(2ε)), means included
                GaussianCoupling reference = new GaussianCoupling(p.mean(), q.mean(), ref.covariance(p, q));
                for (int s = 0; s < 5; s++) {
                    double[] x = Fixtures.gaussianMatrix(rnd, 1, d).row(0), y = Fixtures.gaussianMatrix(rnd, 1, d).row(0);
                    double dist = 0;
                    for (int i = 0; i < d; i++) dist += (x[i] - y[i]) * (x[i] - y[i]);
                    double expected = (r.dualPotentials().first(x) + r.dualPotentials().second(y) - dist) / (2 * eps);
                    assertThat(r.plan().logDensity(x, y) - reference.logDensity(x, y))
                            .isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    @Test
    void precisionBlocksMatchTheDirectInverseOfK() {
        Random rnd = new Random(14);
        int d = 3;
        Gaussian p = gaussian(rnd, d, false), q = gaussian(rnd, d, false);
        Matrix r = gaussianMatrix(rnd, d, d);
        r = r.scale(0.8 / Math.sqrt(SymmetricEigen.eigenvalues(r.transpose().times(r))[d - 1]));
        for (ReferenceCoupling ref : new ReferenceCoupling[] {ReferenceCoupling.product(), ReferenceCoupling.correlated(r),
                ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3))}) {
            SymmetricEigen k = SymmetricEigen.of(ref.covariance(p, q));
            ReferenceCoupling.Precision prec = ref.precision(p, q);
            Matrix inv = k.inverse();
            assertThat(relativeError(prec.p11(), Blocks.block(inv, 0, 0, d))).as(ref + " P11").isLessThan(1e-12);
            assertThat(relativeError(prec.p22(), Blocks.block(inv, d, d, d))).as(ref + " P22").isLessThan(1e-12);
            if (ref != ReferenceCoupling.product()) assertThat(relativeError(prec.p12(), Blocks.block(inv, 0, d, d))).as(ref + " P12")
                    .isLessThan(1e-12);
            assertThat(prec.logDetK()).as(ref + " log det K").isCloseTo(k.logDet(), within(1e-12));
        }
    }

    @Test
    void vanishingEpsilonRecoversW2AndTheBrenierCrossCovariance() {
        Random rnd = new Random(15);
        for (int d = 1; d <= 5; d++) {
            Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
            Matrix brenierCross = p.covariance().times(BrenierMap.matrix(p, q)); // A^½ (A^½ B A^½)^½ A^−½
            for (ReferenceCoupling ref : new ReferenceCoupling[] {ReferenceCoupling.product(),
                    ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3))}) {
                double previous = Double.POSITIVE_INFINITY;
                for (double eps : new double[] {1e-2, 1e-4, 1e-6, 1e-8}) {
                    EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ref).solve(p, q);
                    double err = relativeError(r.crossCovariance(), brenierCross);
                    assertThat(err).as("d=%d eps=%g %s", d, eps, ref).isLessThan(200 * eps);
                    assertThat(Math.abs(r.bias())).isLessThan(previous);
                    previous = Math.abs(r.bias());
                }
                EntropicGaussianResult tiny = EntropicGaussian.withEpsilon(1e-9).withReference(ref).solve(p, q);
                assertThat(tiny.cost()).isCloseTo(BuresWasserstein.squaredDistance(p, q), within(1e-6));
            }
        }
    }

    @Test
    void productReferenceReproducesTheClassicClosedForm() {
        Random rnd = new Random(16);
        for (int d = 1; d <= 5; d++) {
            for (double eps : EPSILONS) {
                Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
                Matrix a = p.covariance(), b = q.covariance(), id = Matrix.identity(d);
                EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).solve(p, q);
                // docs/mathematics.md §2: C = A^½ (A^½ B A^½ + (ε²/4) I)^½ A^−½ − (ε/2) I
                SymmetricEigen ea = SymmetricEigen.of(a);
                Matrix ah = ea.sqrt();
                Matrix classic = ah.times(SymmetricEigen.of(ah.times(b).times(ah).plus(id.scale(eps * eps / 4))).sqrt())
                        .times(ea.inverseSqrt()).minus(id.scale(eps / 2));
                assertThat(relativeError(r.crossCovariance(), classic)).isLessThan(1e-10);
                // Janati, Muzellec, Peyré & Cuturi (2020), Theorem 1, with σ² = ε:
                // D = (4 A^½ B A^½ + σ⁴ I)^½, OT = |m0 − m1|² + tr A + tr B − tr D + d σ² (1 − log 2σ²) + σ² log det(D + σ² I)
                SymmetricEigen dm = SymmetricEigen.of(ah.times(b).times(ah).scale(4).plus(id.scale(eps * eps)));
                double janati = BuresWasserstein.squaredDistance(p, q)
                        - BuresWasserstein.squaredDistance(Gaussian.centered(a), Gaussian.centered(b))
                        + a.trace() + b.trace() - dm.sqrt().trace() + d * eps * (1 - Math.log(2 * eps))
                        + eps * SymmetricEigen.of(dm.sqrt().plus(id.scale(eps))).logDet();
                assertThat(r.cost()).isCloseTo(janati, within(1e-10 * Math.max(1, Math.abs(janati))));
            }
        }
    }

    @Test
    void extremeEpsilonsStayAccurateForTheProductReference() {
        Random rnd = new Random(22);
        Gaussian p = gaussian(rnd, 3, true), q = gaussian(rnd, 3, true);
        double meanGap = BuresWasserstein.squaredDistance(p, q)
                - BuresWasserstein.squaredDistance(Gaussian.centered(p.covariance()), Gaussian.centered(q.covariance()));
        double independent = p.covariance().trace() + q.covariance().trace() + meanGap; // the cost of the product plan
        for (double eps : new double[] {1e12, 1e100, 1e300}) {
            EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).solve(p, q);
            assertThat(r.cost()).as("eps=%g", eps).isCloseTo(independent, within(1e-12 * independent));
            assertThat(r.crossCovariance().maxAbs()).isLessThan(10 / eps);
        }
        // large ε: compare with the expansion in 1/ε (error O(1/ε²))
        double eps = 1e6;
        EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).solve(p, q);
        // C ≈ A B/ε, KL term ≈ tr(AB)/ε, so OT ≈ independent − tr(AB)/ε
        double firstOrder = independent - p.covariance().dot(q.covariance()) / eps;
        assertThat(r.cost()).isCloseTo(firstOrder, within(1e-9));
        assertThat(r.dualGap()).isLessThan(1e-7);
        for (double tiny : new double[] {1e-100, 1e-300}) {
            assertThat(EntropicGaussian.withEpsilon(tiny).solve(p, q).cost())
                    .isCloseTo(BuresWasserstein.squaredDistance(p, q), within(1e-10));
        }
    }

    @Test
    void equivalentFormWhereGIsInvertible() {
        Random rnd = new Random(17);
        int d = 4;
        double eps = 0.5;
        Gaussian p = gaussian(rnd, d, false), q = gaussian(rnd, d, false);
        Matrix k = spd(rnd, 2 * d, 0.3);
        Matrix g = Matrix.identity(d).minus(Blocks.block(SymmetricEigen.of(k).inverse(), 0, d, d).scale(eps));
        // Ã = Gᵀ A G, Y = Ã^−½ [(Ã^½ B Ã^½ + (ε²/4) I)^½ − (ε/2) I] Ã^−½, C = A G Y
        SymmetricEigen at = SymmetricEigen.of(g.transpose().times(p.covariance()).times(g));
        Matrix ath = at.sqrt();
        Matrix inner = SymmetricEigen.of(ath.times(q.covariance()).times(ath).plus(Matrix.identity(d).scale(eps * eps / 4))).sqrt()
                .minus(Matrix.identity(d).scale(eps / 2));
        Matrix y = at.inverseSqrt().times(inner).times(at.inverseSqrt());
        Matrix c = p.covariance().times(g).times(y);
        EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ReferenceCoupling.covariance(k)).solve(p, q);
        assertThat(relativeError(r.crossCovariance(), c)).isLessThan(1e-10);
    }

    @Test
    void meansShiftThePlanAndAddTheirDistance() {
        Random rnd = new Random(18);
        int d = 3;
        Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
        Gaussian pc = Gaussian.centered(p.covariance()), qc = Gaussian.centered(q.covariance());
        ReferenceCoupling ref = ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3));
        EntropicGaussian solver = EntropicGaussian.withEpsilon(0.4).withReference(ref);
        EntropicGaussianResult r = solver.solve(p, q), rc = solver.solve(pc, qc);
        double gap = BuresWasserstein.squaredDistance(p, q) - BuresWasserstein.squaredDistance(pc, qc);
        assertThat(r.cost() - rc.cost()).isCloseTo(gap, within(1e-10));
        assertThat(r.crossCovariance()).isEqualTo(rc.crossCovariance());
        assertThat(r.bias()).isCloseTo(rc.bias(), within(1e-10));
        double[] mean = r.plan().mean();
        assertThat(Arrays.copyOfRange(mean, 0, d)).containsExactly(p.mean(), within(0.0));
        assertThat(Arrays.copyOfRange(mean, d, 2 * d)).containsExactly(q.mean(), within(0.0));
    }

    @Test
    void planDensityAndSamplesMatchTheJointGaussian() {
        Random rnd = new Random(19);
        int d = 2;
        Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
        EntropicGaussianResult r = EntropicGaussian.withEpsilon(0.5).withReference(ReferenceCoupling.correlated(0.6, d)).solve(p, q);
        GaussianCoupling plan = r.plan();
        // density by the textbook formula with a direct inverse
        SymmetricEigen es = SymmetricEigen.of(r.jointCovariance());
        double[] x = {0.3, -0.2}, y = {1.1, 0.4};
        double[] z = new double[2 * d];
        double[] mu = plan.mean();
        for (int i = 0; i < d; i++) {
            z[i] = x[i] - mu[i];
            z[d + i] = y[i] - mu[d + i];
        }
        double[] sz = es.inverse().times(z);
        double quad = 0;
        for (int i = 0; i < 2 * d; i++) quad += z[i] * sz[i];
        double expected = -0.5 * quad - 0.5 * es.logDet() - d * Math.log(2 * Math.PI);
        assertThat(plan.logDensity(x, y)).isCloseTo(expected, within(1e-12));
        assertThat(plan.density(x, y)).isCloseTo(Math.exp(expected), within(1e-14));
        // samples: mean and cross-covariance within a few standard errors (n = 40000, tolerance 0.05)
        double[][] s = plan.sample(40000, new Random(5));
        double[] m = new double[2 * d];
        for (double[] row : s) for (int i = 0; i < 2 * d; i++) m[i] += row[i] / s.length;
        double c01 = 0;
        for (double[] row : s) c01 += (row[0] - m[0]) * (row[d] - m[d]) / (s.length - 1);
        for (int i = 0; i < 2 * d; i++) assertThat(m[i]).isCloseTo(mu[i], within(0.05));
        assertThat(c01).isCloseTo(r.crossCovariance().get(0, 0), within(0.05));
    }

    @Test
    void referenceDensityRatioIsTheCopulaDensity() {
        Gaussian p = Gaussian.univariate(0.5, 1.3), q = Gaussian.univariate(-1, 0.6);
        double rho = 0.7;
        var ratio = ReferenceCoupling.correlated(rho, 1).logDensityRatio(p, q);
        var zero = ReferenceCoupling.product().logDensityRatio(p, q);
        Random rnd = new Random(23);
        for (int t = 0; t < 20; t++) {
            double x = 0.5 + 1.3 * rnd.nextGaussian(), y = -1 + 0.6 * rnd.nextGaussian();
            double u = (x - 0.5) / 1.3, v = (y + 1) / 0.6;
            // the Gaussian copula density with correlation ρ, written out
            double copula = -0.5 * Math.log(1 - rho * rho) - (rho * rho * (u * u + v * v) - 2 * rho * u * v) / (2 * (1 - rho * rho));
            assertThat(ratio.applyAsDouble(new double[] {x}, new double[] {y})).isCloseTo(copula, within(1e-12));
            assertThat(zero.applyAsDouble(new double[] {x}, new double[] {y})).isCloseTo(0, within(1e-12));
        }
        // the coupling as a Gaussian on R^2 has the same covariance
        assertThat(ReferenceCoupling.correlated(rho, 1).coupling(p, q).toGaussian().covariance().get(0, 1))
                .isCloseTo(rho * 1.3 * 0.6, within(1e-15));
    }

    @Test
    void oneDimensionalFormulaEqualsTheGeneralCaseAtDimensionOne() {
        Random rnd = new Random(20);
        for (int t = 0; t < 50; t++) {
            double a = Math.exp(rnd.nextGaussian()), b = Math.exp(rnd.nextGaussian()), rho = 1.9 * rnd.nextDouble() - 0.95;
            double eps = Math.exp(2 * rnd.nextGaussian());
            EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ReferenceCoupling.correlated(rho, 1))
                    .solve(Gaussian.univariate(0, a), Gaussian.univariate(0, b));
            assertThat(EntropicGaussian1D.crossCovariance(a, b, rho, eps)).isCloseTo(r.crossCovariance().get(0, 0), within(1e-11 * a * b));
            double scale = Math.max(1, Math.abs(r.cost()));
            assertThat(EntropicGaussian1D.cost(a, b, rho, eps)).isCloseTo(r.cost(), within(1e-9 * scale));
            assertThat(EntropicGaussian1D.bias(a, b, rho, eps)).isCloseTo(r.bias(), within(1e-9 * scale));
        }
    }

    @Test
    void oneDimensionalProductFormulaStaysAccurateForLargeEpsilon() {
        for (double eps : new double[] {1e4, 1e8, 1e12, 1e100}) {
            double general = EntropicGaussian.withEpsilon(eps).solve(Gaussian.univariate(0, 1.3), Gaussian.univariate(0, 0.6)).cost();
            assertThat(EntropicGaussian1D.cost(1.3, 0.6, 0, eps)).as("eps=%g", eps).isCloseTo(general, within(1e-13 * general));
        }
    }

    @Test
    void correlationSearchFindsTheMinimiserOfTheBiasOnAFineGrid() {
        for (double[] c : new double[][] {{1, 1, 0.5, -0.9, 0.9}, {1, 2, 0.1, -0.5, 0.95}, {0.7, 1.3, 2.0, -0.99, 0.3}}) {
            double a = c[0], b = c[1], eps = c[2], lo = c[3], hi = c[4];
            ReferenceCorrelationSearch.Result r = ReferenceCorrelationSearch.defaults().withInterval(lo, hi).minimise(a, b, eps);
            double best = Double.POSITIVE_INFINITY, bestRho = Double.NaN;
            for (int i = 0; i <= 100000; i++) {
                double rho = lo + (hi - lo) * i / 100000;
                double v = Math.abs(EntropicGaussian1D.bias(a, b, rho, eps));
                if (v < best) {
                    best = v;
                    bestRho = rho;
                }
            }
            assertThat(Math.abs(r.bias())).isLessThanOrEqualTo(best + 1e-12);
            assertThat(r.rho()).isCloseTo(bestRho, within(1e-4));
        }
        // a non-monotone function: the grid scan must find the global minimum of |f|
        ReferenceCorrelationSearch.Result w = ReferenceCorrelationSearch.defaults()
                .minimise(x -> 1 + Math.cos(12 * x) + 0.1 * (x - 0.5) * (x - 0.5));
        double best = Double.POSITIVE_INFINITY, bestX = 0;
        for (int i = 0; i <= 200000; i++) {
            double x = -0.99 + 1.98 * i / 200000, v = 1 + Math.cos(12 * x) + 0.1 * (x - 0.5) * (x - 0.5);
            if (v < best) {
                best = v;
                bestX = x;
            }
        }
        assertThat(w.rho()).isCloseTo(bestX, within(1e-4));
        assertThat(w.bias()).isLessThanOrEqualTo(best + 1e-12);
    }

    @Test
    void correlationSearchInDimensionsMatchesTheOneDimensionalSearchForIsotropicInputs() {
        Gaussian p = Gaussian.of(new double[2], Matrix.identity(2)), q = Gaussian.of(new double[2], Matrix.identity(2).scale(4));
        ReferenceCorrelationSearch s = ReferenceCorrelationSearch.defaults().withInterval(-0.5, 0.8).withGrid(20).withTolerance(1e-8);
        ReferenceCorrelationSearch.Result multi = s.minimise(p, q, 0.3), single = s.minimise(1, 2, 0.3);
        assertThat(multi.rho()).isCloseTo(single.rho(), within(1e-6));
        assertThat(multi.bias()).isCloseTo(2 * single.bias(), within(1e-9));
    }

    @Test
    void correlationForBiasInvertsTheBias() {
        ReferenceCorrelationSearch s = ReferenceCorrelationSearch.defaults();
        ReferenceCorrelationSearch.Result r = s.correlationForBias(1, 1, 0.5, 0.2);
        assertThat(r.bias()).isLessThanOrEqualTo(0.2).isCloseTo(0.2, within(1e-8));
        assertThat(EntropicGaussian1D.bias(1, 1, r.rho() - 1e-6, 0.5)).isGreaterThan(0.2);
        assertThat(s.correlationForBias(1, 1, 0.5, 1e-9).rho()).isEqualTo(0.99); // not reachable below the cap
    }

    @Test
    void biasIsNonNegativeAndDecreasesTowardsPerfectCorrelation() {
        for (double eps : new double[] {0.01, 0.3, 1, 5}) {
            double prev = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= 400; i++) {
                double rho = -0.99 + 1.9899 * i / 400;
                double bias = EntropicGaussian1D.bias(1, 1.5, rho, eps);
                assertThat(bias).isGreaterThanOrEqualTo(-1e-12).isLessThan(prev);
                prev = bias;
            }
        }
    }

    @Test
    void sinkhornDivergenceVanishesOnEqualInputsAndTendsToW2() {
        Random rnd = new Random(21);
        Gaussian p = gaussian(rnd, 3, true), q = gaussian(rnd, 3, true);
        assertThat(EntropicSinkhornDivergence.between(p, p, 0.7)).isCloseTo(0, within(1e-12));
        double s = EntropicSinkhornDivergence.between(p, q, 0.7);
        assertThat(s).isPositive().isCloseTo(EntropicSinkhornDivergence.between(q, p, 0.7), within(1e-10));
        assertThat(EntropicSinkhornDivergence.between(p, q, 1e-7)).isCloseTo(BuresWasserstein.squaredDistance(p, q), within(1e-5));
        // 1-D: S_ε between N(0,a²), N(0,b²) from the 1-D formula
        double a = 1.3, b = 0.6, eps = 0.4;
        double expected = EntropicGaussian1D.cost(a, b, 0, eps) - 0.5 * EntropicGaussian1D.cost(a, a, 0, eps)
                - 0.5 * EntropicGaussian1D.cost(b, b, 0, eps);
        assertThat(EntropicSinkhornDivergence.between(Gaussian.univariate(0, a), Gaussian.univariate(0, b), eps))
                .isCloseTo(expected, within(1e-12));
    }
}
