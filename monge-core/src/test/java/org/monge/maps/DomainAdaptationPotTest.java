package org.monge.maps;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain-adaptation estimators against POT 0.8.2's {@code ot.da} on the same data: {@code transform} of the
 * fitting points (the barycentric projection) and of five new points (POT's nearest-neighbour rule), to 1e-6.
 */
class DomainAdaptationPotTest {
    /**
     * The references, rows of transform(xs) (12 points) then transform(xn) (5 points), from /usr/bin/python3:
     * <pre>
     * import numpy as np, ot
     * np.set_printoptions(precision=17)
     * i=np.arange(12.); j=np.arange(15.); k=np.arange(5.)
     * xs=np.c_[np.sin(0.9*i)+0.1*i, np.cos(1.7*i)]
     * xt=np.c_[2+0.8*np.cos(1.1*j), -1+1.2*np.sin(0.5*j)+0.05*j]
     * xn=np.c_[0.5*k-1, 0.3*k]
     * def show(name, est):
     *     est.fit(Xs=xs, Xt=xt)
     *     t=np.vstack([est.transform(Xs=xs), est.transform(Xs=xn)])
     *     print(name, '=', '{' + ', '.join(repr(float(v)) for v in t.ravel()) + '};')
     * show('EMD', ot.da.EMDTransport())
     * show('SINKHORN', ot.da.SinkhornTransport(reg_e=0.5, max_iter=200000, tol=1e-14))
     * show('SINKHORN_MAX', ot.da.SinkhornTransport(reg_e=0.1, norm='max', max_iter=200000, tol=1e-14))
     * show('LINEAR', ot.da.LinearTransport())
     * show('UNBALANCED', ot.da.UnbalancedSinkhornTransport(reg_e=0.5, reg_m=1.0, max_iter=200000, tol=1e-14))
     * </pre>
     */
    private static final double[] EMD = {
            1.232113370006786, 0.4601059315550106, 2.2271007049267055, -1.0038116181497765, 2.43015515688065,
            -1.4382726862489883, 2.2643632078724147, -0.3181226857988895, 1.3376893529220342, 0.2521024630627096,
            1.3386298865804822, -1.5511376237352346, 1.5746044700960027, -1.6941053365571763, 1.9414120556058805,
            -0.03952725763792801, 2.6442359210865343, -0.2313624523764144, 2.782912977841491, -1.0593296781368948,
            2.6908987290941457, -0.65344155483449, 1.7091467844529562, 0.2548785661065494, 0.8161600042455793,
            -0.949125721050411, 0.8802097962168867, -0.31729502728711556, 1.3802097962168867, -0.017295027287115516,
            1.5666826782282777, 0.16604122341240357, 2.0666826782282777, 0.4660412234124036};

    private static final double[] SINKHORN = {
            1.428478025010844, 0.29168544022630555, 2.374024493771787, -0.7540491302956795, 2.326851324637138,
            -1.2679105205344472, 2.1476839237373704, -0.2589525094091185, 1.4381693129932143, 0.27745145312412417,
            1.430679082158531, -1.5374012534436, 1.5299898787611625, -1.5391216650633386, 1.9364387473536575,
            -0.00434164532364534, 2.5639330421763833, -0.42180841000129465, 2.6389467053925757, -1.0866170640311152,
            2.5771817996740167, -0.8298479114619187, 1.7808862816994047, 0.1088892834623951, 0.908209199823628,
            -0.9353893507587764, 0.9806897562880668, -0.291946037225701, 1.4806897562880668, 0.00805396277429904,
            1.6384221754747261, 0.020051940768249343, 2.138422175474726, 0.3200519407682494};

    private static final double[] SINKHORN_MAX = {
            1.616205450525493, 0.10634379859285786, 2.206266444078649, -0.729155448707087, 2.246190238705556,
            -1.1286148542484387, 2.073844540345356, -0.38313742609041523, 1.627939510412253, 0.06657070319758855,
            1.5952715462141733, -1.196141062109109, 1.683623489166238, -1.2411901568336776, 1.966391416516421,
            -0.15742002345055686, 2.392521932853993, -0.48224791345245227, 2.486965872646642, -1.0176301636078275,
            2.4024282413276628, -0.8090788986449673, 1.8756139345736456, -0.050322487397425786, 1.0728016638792703,
            -0.5941291594242856, 1.1704599537071054, -0.5028267871522366, 1.6704599537071054, -0.20282678715223668,
            1.7331498283489668, -0.1391598300915715, 2.233149828348967, 0.16084016990842853};

    private static final double[] LINEAR = {
            1.4535537711036859, 0.33920358188658595, 2.1676855803346533, -0.7917347095019714, 2.4013041507940307,
            -1.6322246503263242, 2.0424360793550678, -0.2833253074339835, 1.4186805053431073, 0.2079696760325015,
            1.0615423099894397, -1.2704348038988766, 1.3086776714485995, -1.3823134371785528, 2.0349550106160263,
            0.12635447604740546, 2.7461292111107065, -0.14674014311805816, 2.9665476409563114, -1.581292079914299,
            2.596614535720842, -0.9372108844523698, 1.9751361505936167, 0.32972434910642057, 0.6389712769975987,
            -0.6674444773061254, 1.045724714208612, -0.36491224970628156, 1.452478151419625, -0.06238002210643767,
            1.859231588630638, 0.2401522054934061, 2.265985025841651, 0.5426844330932501};

    private static final double[] UNBALANCED = {
            1.2615962394146327, 0.39979511017141944, 1.565442482680498, 0.09610296052210104, 1.6657922887025138,
            -1.3524570339844297, 1.4090077359079707, 0.29545309895418853, 1.263029393399936, 0.3950452725942598,
            1.31680882511821, -0.9399931478060919, 1.3334795159697945, -1.2634185557052109, 1.3580433907878402,
            0.3439217035676212, 1.8042701293040844, 0.11457168330700873, 2.368348077941461, -0.964722606608411,
            1.9861940983256754, -0.2263048666472872, 1.3272396533697124, 0.36745754867237096, 0.7943389427833071,
            -0.33798124512126837, 0.8055498366947884, -0.17435221775556542, 1.3055498366947884, 0.12564778224443462,
            1.1847755471450336, 0.27862020597822523, 1.6847755471450339, 0.5786202059782253};

    static Matrix source() {
        double[] v = new double[24];
        for (int i = 0; i < 12; i++) {
            v[2 * i] = Math.sin(0.9 * i) + 0.1 * i;
            v[2 * i + 1] = Math.cos(1.7 * i);
        }
        return Matrix.fromRowMajor(12, 2, v);
    }

    static Matrix target() {
        double[] v = new double[30];
        for (int j = 0; j < 15; j++) {
            v[2 * j] = 2 + 0.8 * Math.cos(1.1 * j);
            v[2 * j + 1] = -1 + 1.2 * Math.sin(0.5 * j) + 0.05 * j;
        }
        return Matrix.fromRowMajor(15, 2, v);
    }

    static Matrix fresh() {
        double[] v = new double[10];
        for (int k = 0; k < 5; k++) {
            v[2 * k] = 0.5 * k - 1;
            v[2 * k + 1] = 0.3 * k;
        }
        return Matrix.fromRowMajor(5, 2, v);
    }

    private static void assertTransforms(UnaryOperator<Matrix> transform, double[] expected) {
        double[] fit = transform.apply(source()).toRowMajor(), out = transform.apply(fresh()).toRowMajor();
        double worst = 0;
        for (int i = 0; i < 24; i++) worst = Math.max(worst, Math.abs(fit[i] - expected[i]));
        for (int i = 0; i < 10; i++) worst = Math.max(worst, Math.abs(out[i] - expected[24 + i]));
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void emdTransportMatchesPot() {
        EmdTransport.Result r = EmdTransport.defaults().fit(source(), target());
        assertThat(r.converged()).isTrue();
        assertTransforms(r::transform, EMD);
    }

    @Test
    void sinkhornTransportMatchesPot() {
        SinkhornTransport.Result r = SinkhornTransport.withEpsilon(0.5).withTolerance(1e-12).withMaxIterations(100_000)
                .fit(source(), target());
        assertThat(r.converged()).isTrue();
        assertTransforms(r::transform, SINKHORN);
        // the entropic map agrees with POT's transform at the fitting points
        double[] t = r.entropicMap().apply(source()).toRowMajor();
        for (int i = 0; i < 24; i++) assertThat(Math.abs(t[i] - SINKHORN[i])).isLessThan(1e-6);
    }

    @Test
    void sinkhornTransportWithMaxNormalisationMatchesPot() {
        SinkhornTransport.Result r = SinkhornTransport.withEpsilon(0.1).withNormalization(CostNormalization.MAX)
                .withTolerance(1e-12).withMaxIterations(100_000).fit(source(), target());
        assertThat(r.converged()).isTrue();
        assertTransforms(r::transform, SINKHORN_MAX);
    }

    @Test
    void linearTransportMatchesPot() {
        assertTransforms(LinearTransport.defaults().fit(source(), target())::transform, LINEAR);
    }

    @Test
    void unbalancedSinkhornTransportMatchesPot() {
        UnbalancedSinkhornTransport.Result r = UnbalancedSinkhornTransport.of(0.5, 1.0).withTolerance(1e-13)
                .withMaxIterations(100_000).fit(source(), target());
        assertThat(r.converged()).isTrue();
        assertTransforms(r::transform, UNBALANCED);
    }
}
