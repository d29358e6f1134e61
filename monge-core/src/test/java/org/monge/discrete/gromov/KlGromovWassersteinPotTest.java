package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_X;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_Y;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.normalisedSquaredDistances;

/**
 * KL-loss GW against POT 0.8.2 on pair 1 of {@link GromovWassersteinPotTest} (C = squared distances / max, uniform
 * weights). References computed once with /usr/bin/python3 (numpy, POT 0.8.2, float64, warnings as errors):
 * <pre>
 * constC, hC1, hC2 = ot.gromov.init_matrix(C1, C2, p, q, 'kl_loss')
 * T0 = np.outer(p, q); T0[0,0] += .005; T0[1,1] += .005; T0[0,1] -= .005; T0[1,0] -= .005
 * ot.gromov.gwloss(constC, hC1, hC2, T0); ot.gromov.gwggrad(constC, hC1, hC2, T0)
 * ot.gromov.gromov_wasserstein(C1, C2, p, q, 'kl_loss', log=True, armijo=True)       # gw_dist 0.2442313283478174
 * ot.gromov.entropic_gromov_wasserstein2(C1, C2, p, q, 'kl_loss', 1.0)               # and its plan
 * </pre>
 * POT 0.8.2's default exact line search ({@code armijo=False}) is the square-loss formula whatever the loss: with
 * {@code kl_loss} it takes wrong steps and stops at 0.42050936818978674 after 2 steps, not at a stationary point. With
 * {@code armijo=True} it reaches 0.2442313283478174 in 7 steps; an independent NumPy Frank–Wolfe with the exact KL line
 * search (ot.emd steps, β and γ from h1 Δ h2ᵀ) reached 0.2442313283473519 in 4 steps, the same stationary point.
 */
class KlGromovWassersteinPotTest {
    private static final double[][] ENTROPIC_PLAN = {
            {0.008555630380718708, 0.006391307421418716, 0.006837176788495198, 0.025579328652600136, 0.016416381291158966,
             0.005586387873046176, 0.01746996526174037, 0.007139975346886191, 0.0210879121829434, 0.009935934800992138},
            {0.021080572963332985, 0.02182762064484329, 0.021936037543821275, 0.0035210975266127824, 0.00037955533839339843,
             0.02227533064719946, 0.000461941385664319, 0.021980065205771133, 0.01137006623643392, 0.00016771250792745943},
            {0.02028662874582462, 0.02346808814045873, 0.0223978004998011, 0.0025017085588669857, 0.00023099552925391032,
             0.024618106269793185, 0.0002835203126892101, 0.021735142167382232, 0.00937067973201322, 0.0001073300439167793},
            {0.0001526019826339195, 0.00018867621078084548, 0.00013204147089629408, 0.008549415704859559, 0.032268301204283464,
             0.00016010282483569827, 0.029512292841917163, 0.00010605357430443049, 0.0019067866185831892, 0.05202372756690543},
            {0.02124478705794613, 0.01993292149780407, 0.020795986220818696, 0.00548190304810613, 0.0008359431756329226,
             0.01970424075926759, 0.0009891034602795374, 0.02135705611280182, 0.014267506468832994, 0.0003905521985101158},
            {0.005186605815133156, 0.004253386325091333, 0.004208254815509412, 0.027242862818773098, 0.021542476578191968,
             0.0037006737113572555, 0.02261601023455056, 0.004180831878496874, 0.017618801796854953, 0.014450096026041385},
            {0.020720382980336065, 0.021633899040203016, 0.021479307712128547, 0.004176465941880799, 0.00045588358503144205,
             0.021983102615567626, 0.0005563416752270153, 0.021337327167434042, 0.01245987115656124, 0.00019741812563021648},
            {0.0027727898662206216, 0.0023041004944678086, 0.002213394724562344, 0.022947217911276806, 0.027870463606532874,
             0.001972055065363114, 0.02811082512649089, 0.0021635483237800613, 0.011918375785021189, 0.02272722909628428},
    };
    private static final DiscreteMeasure P = DiscreteMeasure.uniform(8), Q = DiscreteMeasure.uniform(10);

    @Test
    void lossAndGradientAtAPlanMatchPot() {
        Matrix c1 = normalisedSquaredDistances(PAIR1_X), c2 = normalisedSquaredDistances(PAIR1_Y);
        LossTensor loss = new LossTensor(GromovLoss.KL, c1, c2, P.weights(), Q.weights());
        double[] t0 = new double[80];
        for (int k = 0; k < 80; k++) t0[k] = 1.0 / 80;
        t0[0] += 0.005;
        t0[11] += 0.005;
        t0[1] -= 0.005;
        t0[10] -= 0.005;
        Matrix t = Matrix.fromRowMajor(8, 10, t0);
        assertEquals(1.1663146149251125, loss.loss(t), 1e-12);
        double[] row0 = {1.2962586463647572, 1.3707372211709201, 1.3523290169325746, 1.2366301158180986, 1.2804656639072958,
            1.3654388837743547, 1.2626803893039418, 1.3949448137616767, 1.2369851007956312, 1.4761724102024099};
        Matrix g = loss.gradient(t);
        for (int j = 0; j < 10; j++) assertEquals(row0[j], g.get(0, j), 1e-12, "gradient[0][" + j + "]");
        assertEquals(4.929790525279595, g.get(3, 7), 1e-12);
    }

    @Test
    void exactKlGwReachesPotsStationaryPoint() {
        GromovWasserstein.Result r = GromovWasserstein.defaults().withLoss(GromovLoss.KL)
                .solve(normalisedSquaredDistances(PAIR1_X), normalisedSquaredDistances(PAIR1_Y), P, Q);
        assertTrue(r.converged(), "status " + r.status());
        assertEquals(0.2442313283478174, r.cost(), 1e-8);
        assertTrue(r.frankWolfeGap() >= -1e-12 && r.frankWolfeGap() < 1e-8, "Frank–Wolfe gap " + r.frankWolfeGap());
    }

    @Test
    void entropicKlGwMatchesPot() {
        EntropicGromovWasserstein.Result r = EntropicGromovWasserstein.withEpsilon(1.0).withLoss(GromovLoss.KL)
                .solve(normalisedSquaredDistances(PAIR1_X), normalisedSquaredDistances(PAIR1_Y), P, Q);
        assertTrue(r.converged(), "status " + r.status());
        // POT's inner Sinkhorn stops at 1e-9 on the marginals, ours at 1e-9 in L1: the plans agree to about that
        assertEquals(0.5133287351195245, r.cost(), 1e-7);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 10; j++) assertEquals(ENTROPIC_PLAN[i][j], r.plan().get(i, j), 1e-8, "plan[" + i + "][" + j + "]");
        }
    }

    @Test
    void klNeedsNonNegativeCosts() {
        Matrix c = Matrix.of(new double[][] {{0, -1}, {-1, 0}});
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> GromovWasserstein.defaults().withLoss(GromovLoss.KL)
                        .solve(c, c, DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2)));
        assertTrue(x.getMessage().startsWith("C1 must be non-negative for the KL loss"), x.getMessage());
        assertEquals(GromovLoss.KL, GromovLoss.named("kl_loss"));
        assertThrows(IllegalArgumentException.class, () -> GromovLoss.named("hinge"));
    }
}
