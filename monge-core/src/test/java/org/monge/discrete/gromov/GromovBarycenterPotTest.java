package org.monge.discrete.gromov;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GW and fused-GW barycenters against POT 0.8.2 from the same start. References computed once with /usr/bin/python3
 * (numpy, POT 0.8.2, float64, warnings as errors):
 * <pre>
 * rng = np.random.default_rng(23)
 * xs = [np.round(rng.normal(size=(n, 2)), 3) for n in (6, 7, 8)]; ys = [np.round(rng.normal(size=(n, 1)), 3) for n in (6, 7, 8)]
 * x0 = np.round(rng.normal(size=(5, 2)), 3); X0 = np.round(rng.normal(size=(5, 1)), 3)
 * sq = lambda x: ((x[:, None, :] - x[None, :, :])**2).sum(-1); Cs = [sq(x) / sq(x).max() for x in xs]; C0 = sq(x0) / sq(x0).max()
 * ps = [ot.unif(len(x)) for x in xs]; lambdas = [0.5, 0.3, 0.2]; p = ot.unif(5)
 * ot.gromov.gromov_barycenters(5, Cs, ps, p, lambdas, 'square_loss', init_C=C0)
 * [ot.gromov.gromov_wasserstein2(Cs[s], C, ps[s], p, 'square_loss') for s in range(3)]     # at that C
 * ot.gromov.fgw_barycenters(5, ys, Cs, ps, lambdas, 0.5, fixed_structure=True, p=p, init_C=C0)
 * ot.gromov.fgw_barycenters(5, ys, Cs, ps, lambdas, 0.5, fixed_features=True, p=p, init_X=X0)
 * ot.gromov.fgw_barycenters(5, ys, Cs, ps, lambdas, 0.5, p=p, init_C=C0)          # free: stays constant
 * </pre>
 * POT's GW barycenter stopped with a zero change of C at its second check (round 11), its fused ones with zero changes.
 */
class GromovBarycenterPotTest {
    private static final double[][][] XS = {
        {{0.553, 0.218}, {-0.058, -2.319}, {0.431, -2.126}, {0.91, 0.606}, {0.83, 0.828}, {0.299, -0.535}},
        {{-0.307, 1.508}, {-0.582, -0.228}, {-0.725, -0.517}, {-0.307, 0.257}, {-0.294, -0.355}, {-0.617, 0.09}, {-1.344, 0.052}},
        {{1.31, -0.767}, {-0.045, 2.817}, {-0.993, -1.621}, {-0.427, 1.807}, {2.035, -1.216}, {0.57, 0.005}, {-0.588, -1.946},
            {1.025, -0.861}}};
    private static final double[][] YS = {{0.299, 0.082, 1.87, 1.176, -1.155, -0.262}, {1.037, -1.333, -0.392, 0.228, -1.616, -1.235,
        -1.704}, {0.287, -0.562, 0.929, 0.114, 0.572, -0.084, 0.752, -0.103}};
    private static final double[][] X0 = {{-0.982, 1.183}, {0.98, 2.267}, {-0.142, -0.58}, {-1.447, -3.859}, {-1.308, 0.487}};
    private static final double[] FEATURES0 = {-0.886, -2.595, 0.608, -0.592, -0.361};
    private static final double[] LAMBDAS = {0.5, 0.3, 0.2};
    private static final double[][] GW_C = {
        {0.05689667740353112, 0.09190260971273087, 0.31966936915769617, 0.7314423038111131, 0.06787811417516094},
        {0.09190260971273087, 0.022070088034973113, 0.41790797240057725, 0.8492093934638935, 0.12119360801352827},
        {0.31966936915769617, 0.41790797240057725, 0.0748571027531606, 0.21435421913234246, 0.16932671665840918},
        {0.7314423038111131, 0.8492093934638937, 0.21435421913234246, 0.09986249651605884, 0.4848682934758873},
        {0.06787811417516094, 0.12119360801352827, 0.16932671665840912, 0.48486829347588717, 0.01865110177693417}};
    private static final double[] GW_COSTS = {0.03065050003378732, 0.046550873181910674, 0.02530579477015149};
    private static final double[] FIXED_C_X = {-0.16705476190476193, -1.0783404761904762, 1.2914488095238095, 0.48405595238095234,
        -0.529127380952381};
    private static final double[][] FIXED_X_C = {
        {0.08558964351718111, 0.30495660772470895, 0.324151216808574, 0.15589777852622722, 0.23086818330588812},
        {0.30495660772470895, 0.12397145704173466, 0.6208816015560479, 0.32471472718246996, 0.18421033859764357},
        {0.324151216808574, 0.620881601556048, 0.14585669053541753, 0.36425721590056476, 0.4904377907308179},
        {0.15589777852622722, 0.32471472718246996, 0.3642572159005648, 0.20838764818761749, 0.293524411708763},
        {0.23086818330588818, 0.18421033859764357, 0.4904377907308179, 0.293524411708763, 0.05623748312197683}};

    @Test
    void gwBarycenterMatchesPot() {
        GromovBarycenter.Result r = GromovBarycenter.defaults().solve(cs(), qs(), LAMBDAS, DiscreteMeasure.uniform(5), normalised(X0));
        assertTrue(r.converged(), "status " + r.status());
        assertClose(GW_C, r.structure(), 1e-10);
        double cost = 0;
        for (int s = 0; s < 3; s++) cost += LAMBDAS[s] * GW_COSTS[s];
        // POT's costs are fresh GW solves at the final C; ours the final plans at the final C, the same fixed point
        assertEquals(cost, r.cost(), 1e-10);
        assertEquals(3, r.plans().size());
        assertEquals(6, r.plans().get(0).rows());
        assertEquals(5, r.plans().get(0).cols());
    }

    @Test
    void fusedBarycenterWithAFixedStructureMatchesPot() {
        GromovBarycenter.Result r = GromovBarycenter.defaults().solveFused(ys(), cs(), qs(), LAMBDAS, 0.5, DiscreteMeasure.uniform(5),
                normalised(X0), null);
        assertTrue(r.converged(), "status " + r.status());
        for (int i = 0; i < 5; i++) assertEquals(FIXED_C_X[i], r.features().get(i, 0), 1e-10, "X[" + i + "]");
        assertClose(normalised(X0).toArray(), r.structure(), 0);
    }

    @Test
    void fusedBarycenterWithFixedFeaturesMatchesPot() {
        Matrix x0 = Matrix.column(FEATURES0);
        GromovBarycenter.Result r = GromovBarycenter.defaults().solveFused(ys(), cs(), qs(), LAMBDAS, 0.5, DiscreteMeasure.uniform(5),
                null, x0);
        assertTrue(r.converged(), "status " + r.status());
        assertClose(FIXED_X_C, r.structure(), 1e-10);
    }

    /**
     * From p q_sᵀ with nothing fixed, every M_s has equal rows and C is constant, so the first linearised problems are
     * all ties: POT 0.8.2's line search stays there (X constant 0.000196…, C constant 0.288…), ours steps to the
     * network simplex's vertex (the exact line search allows a step along a concave direction of zero slope) and
     * moves on. Not comparable to POT, so checked as what it must be: a fixed point of the alternation, its X and C
     * the exact updates from its own plans, at a lower objective than after the first round.
     */
    @Test
    void theFreeFusedIterationEndsAtAFixedPoint() {
        GromovBarycenter.Result r = GromovBarycenter.defaults().solveFused(ys(), cs(), qs(), LAMBDAS, 0.5, DiscreteMeasure.uniform(5),
                null, null);
        assertTrue(r.converged(), "status " + r.status());
        double[] x = new double[5];
        double[][] c = new double[5][5];
        for (int s = 0; s < 3; s++) {
            Matrix t = r.plans().get(s), cs = cs().get(s);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < t.cols(); j++) x[i] += LAMBDAS[s] * t.get(i, j) * YS[s][j] * 5;
                for (int k = 0; k < 5; k++) {
                    for (int j = 0; j < t.cols(); j++) {
                        for (int l = 0; l < t.cols(); l++) c[i][k] += LAMBDAS[s] * t.get(i, j) * cs.get(j, l) * t.get(k, l) * 25;
                    }
                }
            }
        }
        for (int i = 0; i < 5; i++) assertEquals(x[i], r.features().get(i, 0), 1e-10, "X[" + i + "]");
        assertClose(c, r.structure(), 1e-10);
        GromovBarycenter.Result constant = GromovBarycenter.defaults().withMaxIterations(1).solveFused(ys(), cs(), qs(), LAMBDAS, 0.5,
                DiscreteMeasure.uniform(5), null, null);
        assertTrue(r.cost() < constant.cost(), r.cost() + " vs " + constant.cost());
    }

    /** One space with weight 1: its barycenter of its own size from itself is itself, at zero cost. */
    @Test
    void theBarycenterOfOneSpaceIsThatSpace() {
        Matrix c = cs().get(0);
        GromovBarycenter.Result r = GromovBarycenter.defaults().solve(List.of(c), List.of(DiscreteMeasure.uniform(6)), new double[] {1},
                DiscreteMeasure.uniform(6), c);
        assertClose(c.toArray(), r.structure(), 1e-14);
        assertEquals(0, r.cost(), 1e-14);
    }

    @Test
    void rejectsBadInput() {
        DiscreteMeasure p = DiscreteMeasure.uniform(5);
        assertThrows(IllegalArgumentException.class, () -> GromovBarycenter.defaults().solve(cs(), qs(), new double[] {1, 1}, p,
                normalised(X0)));
        assertThrows(IllegalArgumentException.class, () -> GromovBarycenter.defaults().solve(cs(), qs(), new double[] {1, -1, 1}, p,
                normalised(X0)));
        assertThrows(IllegalArgumentException.class, () -> GromovBarycenter.defaults().solve(cs(), qs(), LAMBDAS, p, Matrix.zeros(4, 4)));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> GromovBarycenter.defaults()
                .solveFused(ys(), cs(), qs(), LAMBDAS, 1.5, p, null, null));
        assertTrue(x.getMessage().startsWith("alpha"), x.getMessage());
    }

    private static void assertClose(double[][] expected, Matrix actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected[i].length; k++) assertEquals(expected[i][k], actual.get(i, k), tol, "[" + i + "][" + k + "]");
        }
    }

    static List<Matrix> cs() {
        List<Matrix> cs = new ArrayList<>();
        for (double[][] x : XS) cs.add(normalised(x));
        return cs;
    }

    static List<DiscreteMeasure> qs() {
        return List.of(DiscreteMeasure.uniform(6), DiscreteMeasure.uniform(7), DiscreteMeasure.uniform(8));
    }

    static List<Matrix> ys() {
        List<Matrix> ys = new ArrayList<>();
        for (double[] y : YS) ys.add(Matrix.column(y));
        return ys;
    }

    private static Matrix normalised(double[][] x) { return GromovWassersteinPotTest.normalisedSquaredDistances(x); }
}
