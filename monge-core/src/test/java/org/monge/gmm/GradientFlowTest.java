package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.discrete.exact.OneDimensional;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Gradient flows on mixture weights against the Scharfetter–Gummel Fokker–Planck solver. */
class GradientFlowTest {
    static final DoubleUnaryOperator QUADRATIC = x -> 0.5 * x * x;
    static final DoubleUnaryOperator DOUBLE_WELL = x -> (x * x - 1) * (x * x - 1);

    /** A lattice of n means on [−l, l] and an initial bump centred at c. */
    static double[][] lattice(int n, double l, double c) {
        double[] mu = new double[n], p = new double[n];
        double tot = 0;
        for (int k = 0; k < n; k++) {
            mu[k] = -l + 2 * l * k / (n - 1);
            p[k] = Math.exp(-(mu[k] - c) * (mu[k] - c) / 0.5) + 0.05;
            tot += p[k];
        }
        for (int k = 0; k < n; k++) p[k] /= tot;
        return new double[][] {p, mu};
    }

    /** W2 between the mixture at weights p and the PDE cell masses, both as weighted samples at the cell centres. */
    static double w2ToPde(double[] p, double[] mu, double[] sg, FokkerPlanck1D pde, double[] masses) {
        double[] mix = MixtureGradientFlow.cellMasses(p, mu, sg, pde.edges());
        return OneDimensional.wasserstein(pde.centres(), mix, pde.centres(), masses, 2);
    }

    @Test
    void energyDecreasesMonotonicallyAndMassStaysOnTheSimplex() {
        double[][] l = lattice(10, 2, 0.8);
        double[] sg = WassersteinInformationTest.fill(10, 0.25);
        for (MixtureGradientFlow.Energy e : MixtureGradientFlow.Energy.values()) {
            // the potential flow empties components in finite time (p' ~ −√p): run it for a short time only
            double tEnd = e == MixtureGradientFlow.Energy.POTENTIAL ? 0.02 : 0.5;
            MixtureGradientFlow.Result r = MixtureGradientFlow.of(e, x -> 0.25 * DOUBLE_WELL.applyAsDouble(x)).run(l[0], l[1], sg, tEnd);
            assertThat(r.status()).as(e.name()).isEqualTo(MixtureGradientFlow.Status.REACHED_END);
            for (int i = 1; i < r.energies().length; i++) assertThat(r.energies()[i]).as(e.name())
                    .isLessThanOrEqualTo(r.energies()[i - 1] + 1e-12 * Math.abs(r.energies()[i - 1]));
            assertThat(r.energies()[r.energies().length - 1]).isLessThan(r.energies()[0]);
            double s = 0;
            for (double v : r.finalWeights()) { assertThat(v).isPositive(); s += v; }
            assertThat(s).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void fokkerPlanckSolverConservesMassAndReachesTheGibbsState() {
        FokkerPlanck1D pde = FokkerPlanck1D.on(-4, 4, 200, DOUBLE_WELL, 0.01);
        double[] m = new double[200];
        m[50] = 1;
        double[] end = pde.advance(m, 3000);
        double[] c = pde.centres();
        double z = 0, s = 0;
        for (int j = 0; j < 200; j++) { z += Math.exp(-DOUBLE_WELL.applyAsDouble(c[j])); s += end[j]; }
        assertThat(s).isCloseTo(1, within(1e-12));
        for (int j = 0; j < 200; j++) {
            assertThat(end[j]).isPositive();
            // SG fluxes make e^{−V_j} the exact discrete equilibrium
            assertThat(end[j]).isCloseTo(Math.exp(-DOUBLE_WELL.applyAsDouble(c[j])) / z, within(1e-8));
        }
    }

    @Test
    void mixtureFlowStaysCloseToThePde() {
        int n = 15;
        double[][] l = lattice(n, 3, 1.0);
        double gap = l[1][1] - l[1][0];
        double[] sg = WassersteinInformationTest.fill(n, gap / 2);
        FokkerPlanck1D pde = FokkerPlanck1D.on(-7, 7, 1400, QUADRATIC, 1e-3);
        double[] m0 = MixtureGradientFlow.cellMasses(l[0], l[1], sg, pde.edges());
        MixtureGradientFlow.Result r = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, QUADRATIC).run(l[0], l[1], sg, 0.5);
        double[] pdeEnd = pde.advance(m0, 500);
        double w = w2ToPde(r.finalWeights(), l[1], sg, pde, pdeEnd);
        double w0 = w2ToPde(l[0], l[1], sg, pde, pde.advance(m0, 0));
        double moved = w2ToPde(l[0], l[1], sg, pde, pdeEnd);
        System.out.printf("N=%d sigma=%.3f: W2(mixture flow, PDE) at t=0.5 = %.4f (initial %.2e; PDE moved W2 = %.4f)%n",
                n, gap, w, w0, moved);
        assertThat(w0).isLessThan(1e-9);
        assertThat(r.reachedEnd()).isTrue();
        assertThat(w).isLessThan(0.1 * moved);
    }

    @Test
    void potentialFlowEmptiesComponentsAndGoesOnOnAFaceOfTheSimplex() {
        // the lattice flow of a potential is p' ~ −√p: components empty in finite time, then the flow continues without them
        double[][] l = lattice(10, 2, 0.8);
        MixtureGradientFlow.Result r = MixtureGradientFlow.of(MixtureGradientFlow.Energy.POTENTIAL, DOUBLE_WELL)
                .run(l[0], l[1], WassersteinInformationTest.fill(10, 0.25), 5);
        double[] w = r.finalWeights();
        long empty = Arrays.stream(w).filter(v -> v == 0).count();
        assertThat(empty).isPositive();
        assertThat(Arrays.stream(w).sum()).isCloseTo(1, within(1e-12));
        // energies are recomputed on new quadrature nodes when a face is entered: allow that rounding
        for (int i = 1; i < r.energies().length; i++) assertThat(r.energies()[i]).isLessThanOrEqualTo(r.energies()[i - 1] + 1e-8);
    }

    @Test
    void latticeFlowConservesMassAndRelaxesToTheDiscreteGibbsState() {
        double[][] l = lattice(21, 3, 1.0);
        double[] p = LatticeFlow.run(l[0], l[1], QUADRATIC, 20, 1e-8);
        double z = 0, s = 0;
        for (double mu : l[1]) z += Math.exp(-QUADRATIC.applyAsDouble(mu));
        for (int k = 0; k < 21; k++) {
            s += p[k];
            assertThat(p[k]).isCloseTo(Math.exp(-QUADRATIC.applyAsDouble(l[1][k])) / z, within(1e-6));
        }
        assertThat(s).isCloseTo(1, within(1e-12));
    }
}
