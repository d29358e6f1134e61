package org.monge.maps;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The class-regularised estimators against POT 0.8.2's {@code ot.da.SinkhornLpl1Transport} and
 * {@code SinkhornL1l2Transport} on the data of {@link DomainAdaptationPotTest} with source labels i mod 3:
 * {@code transform} of the fitting points and of five new points to 1e-6, and the ℓ1-ℓ2 objective after each step
 * (POT's log) to 1e-8 (POT's inner solves stop at an L2 marginal error of 1e-9).
 */
class ClassRegularisedTransportPotTest {
    /**
     * The references, rows of transform(xs) (12 points) then transform(xn) (5 points), from /usr/bin/python3 (the inner
     * Sinkhorn solves run to convergence so that both libraries solve the same problems):
     * <pre>
     * import numpy as np, ot
     * i=np.arange(12.); j=np.arange(15.); k=np.arange(5.)
     * xs=np.c_[np.sin(0.9*i)+0.1*i, np.cos(1.7*i)]
     * xt=np.c_[2+0.8*np.cos(1.1*j), -1+1.2*np.sin(0.5*j)+0.05*j]
     * xn=np.c_[0.5*k-1, 0.3*k]
     * ys=(np.arange(12) % 3)
     * def show(name, est):
     *     est.fit(Xs=xs, ys=ys, Xt=xt)
     *     t=np.vstack([est.transform(Xs=xs), est.transform(Xs=xn)])
     *     print(name, '=', '{' + ', '.join(repr(float(v)) for v in t.ravel()) + '};')
     *     if est.log_: print(name + '_LOSSES', '=', '{' + ', '.join(repr(float(v)) for v in est.log_['loss']) + '};')
     * show('LPL1', ot.da.SinkhornLpl1Transport(reg_e=0.5, reg_cl=0.5, max_inner_iter=100000, tol=1e-12))
     * show('LPL1_MAX', ot.da.SinkhornLpl1Transport(reg_e=0.1, reg_cl=1.0, norm='max', max_iter=20, max_inner_iter=100000,
     *                                              tol=1e-10))
     * show('L1L2', ot.da.SinkhornL1l2Transport(reg_e=0.5, reg_cl=0.5, max_inner_iter=100000, tol=1e-9, log=True))
     * show('L1L2_MAX', ot.da.SinkhornL1l2Transport(reg_e=0.1, reg_cl=2.0, norm='max', max_iter=20, max_inner_iter=100000,
     *                                              tol=1e-9, log=True))
     * </pre>
     */
    private static final double[] LPL1 = {
            1.3735567712624708, 0.3112119087794037, 2.411610603813204, -0.7420954938245744, 2.169281832759008, -1.2908067442882685,
            1.897545921163121, -0.1784838099821798, 1.3884499175317748, 0.27209198584707417, 1.572344751043679, -1.5297293147661555,
            1.3812457444776902, -1.5546100615568295, 1.9189226647267532, -0.11206222407278034, 2.65052202772319, -0.29997338683714697,
            2.739112951788544, -1.2088194544437065, 2.558374585672211, -0.7991019897414972, 2.1122948454041546, 0.11035465214076697,
            1.049874868708776, -0.927717412081332, 0.9309703608266273, -0.29730550450275106, 1.4309703608266273, 0.002694495497248983,
            1.9698307391794758, 0.021517309446621224, 2.469830739179476, 0.32151730944662127};

    private static final double[] LPL1_MAX = {
            1.3045202465370125, 0.31901742379200254, 2.1342775629290696, -0.25198050115561027, 1.7583363323938692, -1.5196597132884695,
            1.9757191426693141, -0.4559387383780418, 1.7823739310780342, 0.05345094610162265, 1.4252419448427114, -1.6136280766211377,
            2.121275378284498, -0.750069965428865, 1.9139947041634595, -0.048354141547723425, 2.4808160637777776, -0.5775488777110517,
            2.6664194960246963, -1.1387770091990483, 2.298334061242265, -0.39385380087668515, 2.3119537534225647, -0.6446814784277944,
            0.9027720625078085, -1.0116161739363143, 1.3248943743728867, -0.5159465442482025, 1.8248943743728867, -0.2159465442482026,
            2.169489647197886, -0.7335188211219402, 2.669489647197886, -0.4335188211219402};

    private static final double[] L1L2 = {
            1.4678041813451579, 0.2659965895635302, 2.3751986290917073, -0.7114215440310586, 2.2960698847664527, -1.239431117654646,
            2.0885858688089978, -0.2742914918161476, 1.4832869816341647, 0.24904101591601474, 1.4659600372900834, -1.4967688301878082,
            1.5366906678647323, -1.5064872898430315, 1.9150252908638175, -0.01845620210692244, 2.5265319986761283, -0.44171745186236044,
            2.599992742181021, -1.0890447730877397, 2.5446563192678675, -0.8130678303843122, 1.8734600158696002, 0.05362500236559557,
            0.9434901549551805, -0.8947569275029846, 1.0258074249290172, -0.32035647443381043, 1.5258074249290172, -0.0203564744338105,
            1.7309959096449217, -0.03521234032855025, 2.2309959096449217, 0.2647876596714498};

    private static final double[] L1L2_LOSSES = {
            1.7576613499261953, 0.8069716852764959, 0.7958383659634208, 0.7949195308593922, 0.7946733282493523, 0.7945990812917971,
            0.7945730924713925, 0.7945637043679225, 0.794560120219969, 0.794558733103939, 0.7945581834854127};

    private static final double[] L1L2_MAX = {
            1.9493037987564916, -0.5841320592057788, 2.025593724527826, -0.4437708049242359, 2.074293196773187, -0.7445481434129205,
            1.9903049730328677, -0.6415440494761042, 1.9592231141206913, -0.35454298018214364, 1.9922701611640732, -0.7043632473149437,
            1.9559252896499464, -0.7230913039501196, 1.9973140942895553, -0.37666917831775476, 2.0836896848260986, -0.6353773911710315,
            2.056982205855373, -0.7570052027720955, 2.054349575302386, -0.4654274931778832, 2.0340127990686625, -0.5915520788148807,
            1.4698002788291702, -0.10235134463012019, 1.5017435574155438, -0.9239404705319688, 2.0017435574155438, -0.6239404705319689,
            1.8915486928439837, -0.6803894215090265, 2.3915486928439837, -0.38038942150902644};

    private static final double[] L1L2_MAX_LOSSES = {
            0.8053101549492714, 0.8008147126281381, 0.7993286247210901, 0.7989382694400413, 0.7987005599642956, 0.7985287930376844,
            0.7984092911496075, 0.7983259082891235, 0.7982657663809725, 0.7982240237710836, 0.7981937434204098, 0.7981726396540221,
            0.7981573796692758, 0.7981466919198754, 0.7981390002806773, 0.7981335928875788, 0.7981297170083592, 0.798126984837736,
            0.798125032138298, 0.798123652906603, 0.798122668996772};

    static int[] labels() {
        int[] ys = new int[12];
        for (int i = 0; i < 12; i++) ys[i] = i % 3;
        return ys;
    }

    private static void assertTransforms(UnaryOperator<Matrix> transform, double[] expected) {
        double[] fit = transform.apply(DomainAdaptationPotTest.source()).toRowMajor();
        double[] out = transform.apply(DomainAdaptationPotTest.fresh()).toRowMajor();
        double worst = 0;
        for (int i = 0; i < 24; i++) worst = Math.max(worst, Math.abs(fit[i] - expected[i]));
        for (int i = 0; i < 10; i++) worst = Math.max(worst, Math.abs(out[i] - expected[24 + i]));
        assertThat(worst).isLessThan(1e-6);
    }

    private static void assertLosses(double[] got, double[] expected) {
        assertThat(got).hasSize(expected.length);
        for (int t = 0; t < expected.length; t++) assertThat(got[t]).as("loss %d", t).isCloseTo(expected[t], within(1e-8));
    }

    @Test
    void lpl1MatchesPot() {
        SinkhornLpl1Transport.Result r = SinkhornLpl1Transport.of(0.5, 0.5).withTolerance(1e-12).withMaxIterations(100_000)
                .fit(DomainAdaptationPotTest.source(), labels(), DomainAdaptationPotTest.target());
        assertThat(r.converged()).isTrue();
        assertThat(r.outerIterations()).isEqualTo(10);
        assertTransforms(r::transform, LPL1);
    }

    @Test
    void lpl1WithMaxNormalisationMatchesPot() {
        SinkhornLpl1Transport.Result r = SinkhornLpl1Transport.of(0.1, 1.0).withNormalization(CostNormalization.MAX)
                .withOuterIterations(20).withTolerance(1e-12).withMaxIterations(100_000)
                .fit(DomainAdaptationPotTest.source(), labels(), DomainAdaptationPotTest.target());
        assertThat(r.converged()).isTrue();
        assertTransforms(r::transform, LPL1_MAX);
    }

    @Test
    void l1l2MatchesPot() {
        SinkhornL1l2Transport.Result r = SinkhornL1l2Transport.of(0.5, 0.5).withLossTolerance(1e-9).withTolerance(1e-12)
                .withMaxIterations(100_000).fit(DomainAdaptationPotTest.source(), labels(), DomainAdaptationPotTest.target());
        assertThat(r.converged()).isTrue();
        assertLosses(r.losses(), L1L2_LOSSES);
        assertTransforms(r::transform, L1L2);
    }

    @Test
    void l1l2WithMaxNormalisationMatchesPot() {
        SinkhornL1l2Transport.Result r = SinkhornL1l2Transport.of(0.1, 2.0).withNormalization(CostNormalization.MAX)
                .withOuterIterations(20).withLossTolerance(1e-9).withTolerance(1e-12).withMaxIterations(100_000)
                .fit(DomainAdaptationPotTest.source(), labels(), DomainAdaptationPotTest.target());
        assertThat(r.converged()).isTrue();
        assertLosses(r.losses(), L1L2_MAX_LOSSES);
        assertTransforms(r::transform, L1L2_MAX);
    }

    /** With η = 0 both are plain Sinkhorn: the same transform as SinkhornTransport (POT's SINKHORN reference). */
    @Test
    void withoutTheClassTermBothAreSinkhornTransport() {
        Matrix xs = DomainAdaptationPotTest.source(), xt = DomainAdaptationPotTest.target();
        SinkhornLpl1Transport.Result lp = SinkhornLpl1Transport.of(0.5, 0).withTolerance(1e-12).withMaxIterations(100_000)
                .fit(xs, labels(), xt);
        SinkhornL1l2Transport.Result l1 = SinkhornL1l2Transport.of(0.5, 0).withTolerance(1e-12).withMaxIterations(100_000)
                .withOuterIterations(200).withLossTolerance(0).fit(xs, labels(), xt);
        SinkhornTransport.Result s = SinkhornTransport.withEpsilon(0.5).withTolerance(1e-12).withMaxIterations(100_000).fit(xs, xt);
        double[] expected = s.transform(xs).toRowMajor(), a = lp.transform(xs).toRowMajor(), b = l1.transform(xs).toRowMajor();
        for (int i = 0; i < expected.length; i++) {
            assertThat(a[i]).isCloseTo(expected[i], within(1e-9));
            assertThat(b[i]).isCloseTo(expected[i], within(1e-6)); // the conditional gradient approaches it geometrically
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Matrix xs = DomainAdaptationPotTest.source(), xt = DomainAdaptationPotTest.target();
        assertThatThrownBy(() -> SinkhornLpl1Transport.of(0.5, -1)).hasMessageContaining("eta");
        assertThatThrownBy(() -> SinkhornL1l2Transport.of(0.5, Double.NaN)).hasMessageContaining("eta");
        assertThatThrownBy(() -> SinkhornL1l2Transport.of(0, 1)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> SinkhornLpl1Transport.of(0.5, 1).fit(xs, new int[3], xt)).hasMessageContaining("ys has 3 labels");
        assertThatThrownBy(() -> SinkhornL1l2Transport.of(0.5, 1).withOuterIterations(0)).hasMessageContaining("outerIterations");
    }
}
