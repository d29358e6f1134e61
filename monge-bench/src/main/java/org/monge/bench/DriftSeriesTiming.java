package org.monge.bench;

import org.monge.discrete.exact.OneDimensional;

import java.util.Locale;
import java.util.Random;

/**
 * One drift series (W1, W2 and five quantiles of each side, as monge-spark's exact drift asks for
 * them): {@link OneDimensional#compare}, one sort of each side, against the separate calls
 * (wasserstein for p = 1 and p = 2, quantiles of each side: three sorts of each). Median of the
 * repeats after two warm-up runs each; prints "RESULT name seconds value" lines and the ratio.
 *
 * <p>Usage: DriftSeriesTiming n m repeats (e.g. 1000000 900000 5)
 */
public final class DriftSeriesTiming {
    private static final double[] LEVELS = {0.05, 0.25, 0.5, 0.75, 0.95};

    private DriftSeriesTiming() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]), m = Integer.parseInt(args[1]), repeats = Integer.parseInt(args[2]);
        Random r = new Random(3);
        double[] u = new double[n], v = new double[m];
        for (int i = 0; i < n; i++) u[i] = r.nextGaussian();
        for (int j = 0; j < m; j++) v[j] = 0.2 + 1.1 * r.nextGaussian();
        double[] sep = new double[1];
        double separate = Timer.medianSeconds(2, repeats, () -> {
            double w1 = OneDimensional.wasserstein(u, v, 1), w2 = OneDimensional.wasserstein(u, v, 2);
            double[] qu = OneDimensional.quantiles(u, null, LEVELS), qv = OneDimensional.quantiles(v, null, LEVELS);
            sep[0] = w1 + w2 + qu[2] + qv[2];
            return sep;
        });
        double[] one = new double[1];
        double compare = Timer.medianSeconds(2, repeats, () -> {
            OneDimensional.Comparison c = OneDimensional.compare(u, null, v, null, LEVELS);
            one[0] = c.w1() + c.w2() + c.uQuantiles()[2] + c.vQuantiles()[2];
            return one;
        });
        Timer.report("separate-" + n + "x" + m, separate, sep[0]);
        Timer.report("compare-" + n + "x" + m, compare, one[0]);
        System.out.printf(Locale.ROOT, "compare / separate = %.3f (same values: %b)%n", compare / separate, sep[0] == one[0]);
    }
}
