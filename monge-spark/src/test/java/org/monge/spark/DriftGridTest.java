package org.monge.spark;

import org.junit.jupiter.api.Test;
import org.monge.discrete.exact.OneDimensional;
import org.monge.spark.SparkSlicedWasserstein.Chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grid counts of approximate drift, without Spark: counts of a series split into chunks add up
 * to the counts of the whole series in any order, and W1, W2 and the quantiles of the binned
 * measures are within the stated bound of monge-core's exact values on the raw values.
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
    static List<Chunk> pieces(Random r, double[] x, int side) {
        List<Chunk> out = new ArrayList<>();
        int at = 0, k = 1 + r.nextInt(4);
        for (int p = 0; p < k; p++) {
            int end = p == k - 1 ? x.length : at + r.nextInt(x.length - at + 1);
            if (end > at) out.add(new Chunk(side, Arrays.copyOfRange(x, at, end)));
            at = end;
        }
        return out;
    }

    @Test
    void mergedCountsEqualWholeCountsAndTheDriftIsWithinTheBound() {
        Random r = new Random(16);
        int[] grids = {3, 10, 1000};
        for (int t = 0; t < 60; t++) {
            int kind = t % 4, bins = grids[(t / 4) % grids.length];
            double[] u = values(r, 1 + r.nextInt(600), kind, 0), v = values(r, 1 + r.nextInt(600), kind, 0.7);
            double lo = Math.min(Arrays.stream(u).min().getAsDouble(), Arrays.stream(v).min().getAsDouble());
            double hi = Math.max(Arrays.stream(u).max().getAsDouble(), Arrays.stream(v).max().getAsDouble());
            double h = (hi - lo) / bins;
            List<Chunk> chunks = new ArrayList<>(pieces(r, u, 0));
            chunks.addAll(pieces(r, v, 1));
            Collections.shuffle(chunks, r);
            SparkDrift.Binned merged = null;
            for (Chunk c : chunks) {
                SparkDrift.Binned b = SparkDrift.Binned.of(c, lo, h, bins);
                merged = merged == null ? b : merged.plus(b);
            }
            SparkDrift.Binned whole = SparkDrift.Binned.of(new Chunk(0, u), lo, h, bins)
                    .plus(SparkDrift.Binned.of(new Chunk(1, v), lo, h, bins));
            for (int s = 0; s < 2; s++) {
                assertThat(merged.bins()[s]).as("case %d side %d bins", t, s).isEqualTo(whole.bins()[s]);
                assertThat(merged.counts()[s]).as("case %d side %d counts", t, s).isEqualTo(whole.counts()[s]);
                assertThat(Arrays.stream(merged.counts()[s]).sum()).isEqualTo(s == 0 ? u.length : v.length);
            }
            double bound = SparkDrift.Binned.bound(lo, hi, bins);
            var d = merged.drift(lo, h, LEVELS);
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
    void quickselectQuantilesEqualMongeCoreQuantiles() {
        Random r = new Random(61);
        for (int t = 0; t < 200; t++) {
            int n = 1 + r.nextInt(t < 100 ? 50 : 5000);
            double[] x = values(r, n, t % 4, 0);
            double[] levels = new double[1 + r.nextInt(8)];
            for (int l = 0; l < levels.length; l++) {
                levels[l] = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 1;
                    case 2 -> r.nextInt(21) / 20.0;
                    default -> r.nextDouble();
                };
            }
            double[] expected = OneDimensional.quantiles(x, null, levels);
            assertThat(SparkDrift.quantiles(x.clone(), levels)).as("case %d, n = %d, levels %s", t, n, Arrays.toString(levels))
                    .isEqualTo(expected);
        }
    }
}
