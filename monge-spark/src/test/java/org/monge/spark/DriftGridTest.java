package org.monge.spark;

import org.junit.jupiter.api.Test;
import org.monge.discrete.exact.OneDimensional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sketches of approximate drift, without Spark: sketches of a series split into pieces and merged
 * in any order equal the sketch of the whole series (the same grid and counts), the bin width is below
 * ε times the range, and W1, W2 and the quantiles of the binned measures are within the stated bound
 * of monge-core's exact values on the raw values.
 */
class DriftGridTest {
    private static final double[] LEVELS = {0, 0.05, 0.25, 0.5, 0.75, 0.95, 1};

    /** Values of one kind: Gaussian, heavy ties (small integers), a constant, or a far outlier among Gaussians. */
    static double[] values(Random r, int n, int kind, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (kind) {
                case 0 -> shift + r.nextGaussian();
                case 1 -> r.nextInt(5) + Math.round(shift);
                case 2 -> 3.5;
                default -> i == 0 ? 1e3 : shift + r.nextGaussian();
            };
        }
        return x;
    }

    /** The values cut into 1 to 4 pieces (some empty pieces left out, as partitions without values send nothing). */
    static List<double[]> pieces(Random r, double[] x) {
        List<double[]> out = new ArrayList<>();
        int at = 0, k = 1 + r.nextInt(4);
        for (int p = 0; p < k; p++) {
            int end = p == k - 1 ? x.length : at + r.nextInt(x.length - at + 1);
            if (end > at) out.add(Arrays.copyOfRange(x, at, end));
            at = end;
        }
        return out;
    }

    static DriftSketch sketch(int cap, int side, double[] x) {
        DriftSketch s = new DriftSketch(cap);
        for (double v : x) s.add(side, v);
        return s;
    }

    @Test
    void mergedSketchesEqualTheWholeSketchAndTheDriftIsWithinTheBound() {
        Random r = new Random(16);
        double[] epsilons = {0.3, 0.1, 0.001};
        for (int t = 0; t < 90; t++) {
            int kind = t % 4;
            double eps = epsilons[(t / 4) % epsilons.length];
            int cap = DriftSketch.capFor(eps);
            double[] u = values(r, 1 + r.nextInt(t < 60 ? 600 : 20_000), kind, 0), v = values(r, 1 + r.nextInt(600), kind, 0.7);
            if (t % 8 == 5) { // a narrow range far from 0
                for (int i = 0; i < u.length; i++) u[i] = 1e6 + 1e-3 * u[i];
                for (int i = 0; i < v.length; i++) v[i] = 1e6 + 1e-3 * v[i];
            }
            List<DriftSketch> parts = new ArrayList<>();
            for (double[] p : pieces(r, u)) parts.add(sketch(cap, 0, p));
            for (double[] p : pieces(r, v)) parts.add(sketch(cap, 1, p));
            Collections.shuffle(parts, r);
            // merged pairwise in a random tree, as a reduce does
            while (parts.size() > 1) {
                DriftSketch x = parts.remove(r.nextInt(parts.size())), y = parts.remove(r.nextInt(parts.size()));
                parts.add(x.plus(y));
            }
            DriftSketch merged = parts.get(0);
            DriftSketch whole = sketch(cap, 0, u);
            for (double x : v) whole.add(1, x);
            assertThat(merged.exponent()).as("case %d exponent", t).isEqualTo(whole.exponent());
            for (int s = 0; s < 2; s++) {
                assertThat(merged.bins(s)[0]).as("case %d side %d bins", t, s).isEqualTo(whole.bins(s)[0]);
                assertThat(merged.bins(s)[1]).as("case %d side %d counts", t, s).isEqualTo(whole.bins(s)[1]);
                assertThat(Arrays.stream(merged.bins(s)[1]).sum()).isEqualTo(s == 0 ? u.length : v.length);
                assertThat(merged.count[s]).isEqualTo(s == 0 ? u.length : v.length);
            }
            double lo = Math.min(Arrays.stream(u).min().getAsDouble(), Arrays.stream(v).min().getAsDouble());
            double hi = Math.max(Arrays.stream(u).max().getAsDouble(), Arrays.stream(v).max().getAsDouble());
            double guard = 0x1p-51 * Math.max(Math.abs(lo), Math.abs(hi));
            assertThat(merged.width()).as("case %d: h below eps R (or the guard)", t).isLessThanOrEqualTo(Math.max(eps * (hi - lo), guard));
            double bound = merged.bound();
            var d = merged.drift(LEVELS);
            assertThat(Math.abs(d.w1() - OneDimensional.wasserstein(u, v, 1))).as("case %d w1", t).isLessThanOrEqualTo(bound);
            assertThat(Math.abs(d.w2() - OneDimensional.wasserstein(u, v, 2))).as("case %d w2", t).isLessThanOrEqualTo(bound);
            double[] qu = OneDimensional.quantiles(u, null, LEVELS), qv = OneDimensional.quantiles(v, null, LEVELS);
            for (int l = 0; l < LEVELS.length; l++) {
                assertThat(Math.abs(d.reference()[l] - qu[l])).as("case %d level %s", t, LEVELS[l]).isLessThanOrEqualTo(bound / 2);
                assertThat(Math.abs(d.current()[l] - qv[l])).as("case %d level %s", t, LEVELS[l]).isLessThanOrEqualTo(bound / 2);
            }
            if (kind == 2) assertThat(d.w1()).as("a constant column is exact").isEqualTo(0);
        }
    }

    @Test
    void valuesOfEveryMagnitudeKeepTheGridWithinItsSpan() {
        Random r = new Random(7);
        DriftSketch s = new DriftSketch(DriftSketch.capFor(0.01));
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double x = (r.nextBoolean() ? 1 : -1) * Math.scalb(1 + r.nextDouble(), r.nextInt(2000) - 1000);
            s.add(i % 2, x);
            all.add(x);
        }
        s.add(0, 0.0);
        s.add(1, Double.MIN_VALUE);
        assertThat(s.bins(0)[1].length + s.bins(1)[1].length).isLessThanOrEqualTo(2 * DriftSketch.capFor(0.01));
        assertThat(Arrays.stream(s.bins(0)[1]).sum() + Arrays.stream(s.bins(1)[1]).sum()).isEqualTo(3002);
        long[] b0 = s.bins(0)[0], b1 = s.bins(1)[0];
        long lo = Math.min(b0[0], b1[0]), hi = Math.max(b0[b0.length - 1], b1[b1.length - 1]);
        assertThat(hi - lo).isLessThan(DriftSketch.capFor(0.01));
        assertThat(s.width()).isLessThanOrEqualTo(0.01 * (Collections.max(all) - Collections.min(all)));
    }
}
