package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written radix sort against the JDK's sorts, above and below its small-input cut-over. */
class RadixSortTest {
    @Test
    void sortsAndOrdersLikeTheJdk() {
        Random r = new Random(8);
        for (int n : new int[] {0, 1, 7, 100, 5000, 200_000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (i % 5) {
                    case 0 -> r.nextGaussian() * 1e300;
                    case 1 -> -r.nextDouble();
                    case 2 -> Math.floor(r.nextDouble() * 10); // ties
                    case 3 -> i % 2 == 0 ? 0.0 : -0.0;
                    default -> r.nextGaussian() * 1e-300;
                };
            }
            double[] expected = x.clone();
            Arrays.sort(expected);
            double[] got = RadixSort.sorted(x);
            for (int i = 0; i < n; i++) {
                assertThat(Double.compare(got[i], expected[i]) == 0 || got[i] == expected[i]).as("n=%d i=%d", n, i).isTrue();
            }
            int[] order = RadixSort.order(x);
            Integer[] stable = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(stable, Comparator.comparingDouble(i -> x[i]));
            for (int i = 0; i < n; i++) assertThat(x[order[i]] == x[stable[i]]).as("n=%d i=%d", n, i).isTrue();
            for (int i = 1; i < n; i++) {
                if (x[order[i]] == x[order[i - 1]] && Double.compare(x[order[i]], x[order[i - 1]]) == 0) {
                    assertThat(order[i]).isGreaterThan(order[i - 1]); // stable
                }
            }
        }
    }

    /**
     * Values that agree in all but their last mantissa bits, where the packed keys tie and the exact order comes from
     * the insertion pass: a few such groups, and one group of every point (the pass gives up, the full sort answers).
     */
    @Test
    void ordersValuesThatDifferOnlyInTheirLastBits() {
        Random r = new Random(9);
        for (int groups : new int[] {1, 3, 1000}) {
            int n = 4096;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double base = -2 + r.nextInt(groups) * 0.37;
                x[i] = base + r.nextInt(64) * Math.ulp(base) * (r.nextBoolean() ? 1 : -1);
            }
            int[] order = RadixSort.order(x);
            Integer[] stable = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(stable, Comparator.comparingDouble(i -> x[i]));
            for (int i = 0; i < n; i++) assertThat(order[i]).as("groups=%d i=%d", groups, i).isEqualTo(stable[i]);
        }
    }
}
