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

/** The unbalanced barycenter against POT 0.8.2, against the balanced EntropicBarycenter as τ → ∞, and at small ε. */
class UnbalancedBarycenterTest {
    // POT 0.8.2 (/usr/bin/python3), 25 points on [0, 1], squared distances, three bumps of masses 1, 1.5 and 0.6:
    //   x = np.linspace(0, 1, 25); M = (x[:, None] - x[None, :])**2
    //   def bump(m, s, mass): h = np.exp(-(x - m)**2 / (2 * s**2)); return mass * h / h.sum()
    //   A = np.stack([bump(0.2, 0.08, 1.0), bump(0.7, 0.1, 1.5), bump(0.5, 0.05, 0.6)], axis=1); w = [0.5, 0.3, 0.2]
    //   ot.unbalanced.barycenter_unbalanced(A, M, reg, reg_m, weights=w, numItermax=500000, stopThr=1e-15)
    // with (reg, reg_m) = (0.01, 1) for POT_SHARP (1356 iterations) and (0.05, 0.2) for POT_SOFT (63 iterations), and
    // (1e-3, 0.1) with stopThr=1e-13, numItermax=200000 for POT_SMALL_EPS (1026 iterations; POT's method='sinkhorn_stabilized'
    // does not converge there in 100000 iterations). At reg = 1e-4 POT's scaling form overflows and stops
    // ("Numerical errors at iteration 35" for reg_m = 0.1, at 26 for reg_m = 0.01).
    // The histograms below are the columns of A, printed with repr.
    private static final double[][] HISTOGRAMS = {
        {
            0.009153312219185932, 0.029387383739279918, 0.07193390774061607, 0.1342444886892559, 0.19100703300735275,
            0.20720123229349582, 0.17136628872800164, 0.10805591137303949, 0.051947153141025784, 0.019039917187396126,
            0.005320573417183821, 0.0011335532002928004, 0.00018412614326359503, 2.2802322695442934e-05, 2.1529443313091773e-06,
            1.5498033500214948e-07, 8.505708055241452e-09, 3.5590527999136437e-10, 1.1353989067808286e-11,
            2.7615479878624825e-13, 5.120905942662403e-15, 7.239875295486281e-17, 7.803787847558794e-19, 6.413127949964862e-21,
            4.018134197174745e-23},
        {
            5.71271715511084e-12, 9.679118060048614e-11, 1.3785753373163406e-09, 1.6505431202624644e-08, 1.6612113785191887e-07,
            1.4054796831345773e-06, 9.995991989054915e-06, 5.97625168559875e-05, 0.00030035406317397193, 0.0012689362265391854,
            0.004506586726948677, 0.013454182761492227, 0.03376514078509407, 0.0712330367679259, 0.12632694868447542,
            0.18832683408038295, 0.23600981119451903, 0.24862772822155055, 0.22017637563207923, 0.16390550023807962,
            0.10256944113523178, 0.05395654134152279, 0.023860078587410044, 0.008869543922518085, 0.002771611534880193},
        {
            3.8472993133497564e-23, 1.1310452036917085e-19, 1.6603917224621194e-16, 1.2171602665134123e-13,
            4.4554500936720603e-11, 8.144079603785371e-09, 7.433597573664776e-07, 3.388150494437816e-05, 0.0007711394981448556,
            0.008764150246776342, 0.04973856939632929, 0.14095593770502368, 0.19947114020053586, 0.14095593770502382,
            0.04973856939632948, 0.008764150246776342, 0.0007711394981448583, 3.388150494437847e-05, 7.433597573664776e-07,
            8.144079603785429e-09, 4.455450093672124e-11, 1.2171602665134123e-13, 1.660391722462143e-16, 1.1310452036917247e-19,
            3.8472993133497564e-23},
    };
    private static final double[] POT_SHARP = {
        0.00015364858894080383, 0.0006101530795090742, 0.0020134462334914466, 0.005602182341798598, 0.013334836479623809,
        0.02748820302923741, 0.049495820298008766, 0.07824343952086316, 0.10887439621199828, 0.133543079766122,
        0.14453391095620555, 0.13815631076217183, 0.11674494146208106, 0.08729921001267095, 0.057829110362097556,
        0.033970171835688526, 0.017709101184232683, 0.008190971764695132, 0.003352165435378938, 0.0012054054958934896,
        0.00037636128575683006, 0.000100480870367541, 2.257018857289668e-05, 4.202258361549726e-06, 6.40373144191537e-07};
    private static final double[] POT_SOFT = {
        0.03088615250774969, 0.04301058758686557, 0.057521747500013286, 0.073976720430165, 0.09160065754330737,
        0.10933203269706158, 0.12592586828686297, 0.1401010476371569, 0.15070650414701092, 0.15687559319009747,
        0.15813992016305406, 0.15448266113016465, 0.14632438111429, 0.13444796977730805, 0.11988022179053306,
        0.10375358101582753, 0.08717200335364407, 0.07110057896978499, 0.056291243432923535, 0.043248666452138054,
        0.032233066045587136, 0.023291493755595902, 0.016306591871392263, 0.011051795568630226, 0.007243826498235651};
    private static final double[] POT_SMALL_EPS = {
        0.0010938306880532117, 0.003876713634304459, 0.009253018087347251, 0.019016110415133663, 0.03021288904886679,
        0.04342324000790991, 0.05732340368146975, 0.06345476073155604, 0.06985722484297671, 0.0675894882720469,
        0.06504931761422938, 0.06533276922075752, 0.05297152615115841, 0.0479132256332389, 0.045524629165118784,
        0.03338814871971696, 0.026073422101958222, 0.0213275748348823, 0.012955334921426795, 0.008437562369156989,
        0.0050386462463017385, 0.002476518441354046, 0.0011245533535872928, 0.0004443682223964938, 0.00012555592255040655};
    private static final double[] LAMBDAS = {0.5, 0.3, 0.2};

    static CostMatrix grid(int n) {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double d = (double) (i - j) / (n - 1);
            c[i][j] = d * d;
        }
        return CostMatrix.dense(Matrix.of(c));
    }

    static List<double[]> histograms() {
        return List.of(HISTOGRAMS);
    }

    static void assertRelativelyClose(double[] actual, double[] expected, double rel) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(rel * scale));
        }
    }

    @Test
    void matchesPotAtASharpEpsilon() {
        UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(0.01).withTau(1).withTolerance(1e-12)
                .solve(histograms(), LAMBDAS, grid(25));
        assertThat(r.converged()).as("%s", r.status()).isTrue();
        assertRelativelyClose(r.barycenter(), POT_SHARP, 1e-8);
        double mass = 0;
        for (double v : POT_SHARP) mass += v;
        assertThat(r.mass()).isCloseTo(mass, within(1e-8));
    }

    @Test
    void matchesPotAtASoftPenalty() {
        UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(0.05).withTau(0.2).withTolerance(1e-12)
                .solve(histograms(), LAMBDAS, grid(25));
        assertThat(r.converged()).as("%s", r.status()).isTrue();
        assertRelativelyClose(r.barycenter(), POT_SOFT, 1e-8);
    }

    @Test
    void matchesPotAtASmallEpsilon() {
        UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(1e-3).withTau(0.1).withTolerance(1e-12)
                .solve(histograms(), LAMBDAS, grid(25));
        assertThat(r.converged()).as("%s", r.status()).isTrue();
        assertRelativelyClose(r.barycenter(), POT_SMALL_EPS, 1e-8);
    }

    /** At reg = 1e-4 POT's scaling form overflows (see above); the log domain converges. */
    @Test
    void convergesWhereTheScalingFormOverflows() {
        UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(1e-4).withTau(0.01).withTolerance(1e-9)
                .solve(histograms(), LAMBDAS, grid(25));
        assertThat(r.converged()).as("%s after %d", r.status(), r.iterations()).isTrue();
        for (double v : r.barycenter()) assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(r.mass()).isBetween(0.5, 1.5);
    }

    @Test
    void largeTauIsTheBalancedBarycenter() {
        List<double[]> normalised = new ArrayList<>();
        for (double[] h : HISTOGRAMS) {
            double s = 0;
            for (double v : h) s += v;
            double[] p = new double[h.length];
            for (int i = 0; i < h.length; i++) p[i] = h[i] / s;
            normalised.add(p);
        }
        double eps = 0.05;
        double[] balanced = EntropicBarycenter.withEpsilon(eps).withTolerance(1e-12).solve(normalised, LAMBDAS, grid(25)).barycenter();
        double[] err = new double[3];
        double[][] p = new double[3][];
        double[] taus = {1, 5, 10};
        for (int t = 0; t < 3; t++) {
            UnbalancedBarycenter.Result r = UnbalancedBarycenter.withEpsilon(eps).withTau(taus[t]).withTolerance(1e-11)
                    .solve(normalised, LAMBDAS, grid(25));
            assertThat(r.converged()).as("tau=%s: %s", taus[t], r.status()).isTrue();
            p[t] = r.barycenter();
            for (int i = 0; i < balanced.length; i++) err[t] += Math.abs(p[t][i] - balanced[i]);
        }
        // an O(1/τ) gap (measured: L1 0.175 at τ = 1, 0.0166 at τ = 10, 0.00165 at τ = 100) ...
        assertThat(err[2]).isLessThan(err[0] / 8);
        // ... whose Richardson extrapolation 2 p(10) − p(5) removes the leading term
        double extrapolated = 0;
        for (int i = 0; i < balanced.length; i++) extrapolated += Math.abs(2 * p[2][i] - p[1][i] - balanced[i]);
        assertThat(extrapolated).as("extrapolated vs %s at tau = 10", err[2]).isLessThan(err[2] / 5);
    }

    @Test
    void badInputIsRefusedByName() {
        CostMatrix c = grid(3);
        List<double[]> hs = List.of(new double[] {1, 0, 1});
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).withTau(0)).hasMessageContaining("tau");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).withTau(Double.POSITIVE_INFINITY)).hasMessageContaining("balanced");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).solve(List.of(new double[] {1, -1, 1}), new double[] {1}, c))
                .hasMessageContaining("histograms[0]");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).solve(List.of(new double[] {1, 1}), new double[] {1}, c))
                .hasMessageContaining("histogram 0");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).solve(hs, new double[] {1, 1}, c)).hasMessageContaining("lambdas");
        assertThatThrownBy(() -> UnbalancedBarycenter.withEpsilon(1).solve(hs, new double[] {1},
                CostMatrix.dense(Matrix.of(new double[][] {{0, 1, Double.NaN}, {1, 0, 1}, {1, 1, 0}})))).hasMessageContaining("cost");
    }
}
