package org.monge.spark;

import org.monge.discrete.exact.OneDimensional;

import java.io.Serializable;

/**
 * One drift series' sketch (a column of one group, both tables): exact counts, missing values, sums
 * and ranges per side, and counts on a grid of bins [k·h, (k + 1)·h) of width h = 2^e, aligned at
 * the multiples of h. Built in one pass over a partition's values and merged exactly: the grids of
 * two powers of two nest (the bin of x at 2^(e+1) is ⌊k/2⌋ of its bin k at 2^e), so the finer grid
 * is coarsened to the other's and the counts add. A sketch keeps e the smallest exponent at which
 * the occupied bins of both sides span at most {@code cap} = 2B + 1 (B = ⌈1/ε⌉) and every bin index
 * stays below 2^52 in magnitude; both are monotone in the set of values, so e and the counts depend
 * only on the multiset of values, not on how it was split or merged (docs/mathematics.md, section 11).
 *
 * <p>Bound: a grid of more than cap bins at h/2 needed to cover the values, so their range R exceeds
 * (cap − 1)·h/2 = B·h, i.e. h &lt; R/B ≤ εR, unless the 2^52 guard set e (then h ≤ 2^−51·max|x|, a few
 * units in the last place). Moving every value to its bin's middle moves it by at most h/2, so W_p of
 * the binned measures is within h of the exact W_p (the coupling of each value with its middle and
 * the triangle inequality), and each reported quantile (the middle of the bin holding monge-core's
 * order statistic) within h/2 of the exact one. {@link #bound} is h plus a few units of rounding.
 */
final class DriftSketch implements Serializable {
    private static final int GUARD_BITS = 51;
    private static final double TWO52 = 0x1p52;
    private static final int FIRST_WINDOW = 16;

    private final int cap;
    private int e = Integer.MIN_VALUE; // no value yet
    private double scale;              // 2^−e when that is a normal double, else NaN (then Math.scalb)
    private long base;                 // bin index of counts[s][0]
    private long[][] counts = new long[2][];
    final long[] count = new long[2], missing = new long[2];
    final double[] sum = new double[2];
    final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** An empty sketch whose grid spans at most {@code cap} bins. */
    DriftSketch(int cap) {
        if (cap < 3) throw new IllegalArgumentException("cap must be at least 3, got " + cap);
        this.cap = cap;
    }

    /** The most bins a grid spans: 2^21 + 1, so that a series holds at most 32 MB of counts (ε below 2^−20 gets that grid). */
    static final int MAX_CAP = (1 << 21) + 1;

    /** The grid size for a bound of ε times the range: 2⌈1/ε⌉ + 1 bins, at most {@link #MAX_CAP}. */
    static int capFor(double epsilon) {
        return (int) Math.min(MAX_CAP, 2 * Math.ceil(1 / epsilon) + 1);
    }

    /** Counts a missing (null or NaN) value on side s. */
    void missing(int s) { missing[s]++; }

    /** Adds the finite value x on side s (0 reference, 1 current); an infinite one is the caller's to refuse. */
    void add(int s, double x) {
        count[s]++;
        sum[s] += x;
        if (x < min[s]) min[s] = x;
        if (x > max[s]) max[s] = x;
        if (e == Integer.MIN_VALUE) {
            setExponent(Math.getExponent(x) - GUARD_BITS);
            long k = index(x);
            base = k - FIRST_WINDOW / 2;
            counts = new long[][] {new long[FIRST_WINDOW], new long[FIRST_WINDOW]};
            counts[s][(int) (k - base)]++;
            return;
        }
        double t = Double.isNaN(scale) ? Math.scalb(x, -e) : x * scale;
        if (!(Math.abs(t) < TWO52)) {
            coarsen(Math.getExponent(x) - GUARD_BITS - e);
            t = Double.isNaN(scale) ? Math.scalb(x, -e) : x * scale;
        }
        long k = (long) Math.floor(t);
        long at = k - base;
        if (at >= 0 && at < counts[s].length) counts[s][(int) at]++;
        else place(s, k, 1);
    }

    /** Adds another sketch's values (either order gives the same grid and counts). */
    DriftSketch plus(DriftSketch o) {
        for (int s = 0; s < 2; s++) {
            count[s] += o.count[s];
            missing[s] += o.missing[s];
            sum[s] += o.sum[s];
            min[s] = Math.min(min[s], o.min[s]);
            max[s] = Math.max(max[s], o.max[s]);
        }
        if (o.e == Integer.MIN_VALUE) return this;
        if (e == Integer.MIN_VALUE) {
            setExponent(o.e);
            base = o.base;
            counts = new long[][] {o.counts[0].clone(), o.counts[1].clone()};
            return this;
        }
        if (o.e > e) coarsen(o.e - e);
        for (int s = 0; s < 2; s++) {
            long[] c = o.counts[s];
            for (int i = 0; i < c.length; i++) {
                if (c[i] > 0) place(s, shift(o.base + i, e - o.e), c[i]); // e as place() may have coarsened it
            }
        }
        return this;
    }

    /** Bin width h = 2^e (0 without values). */
    double width() { return e == Integer.MIN_VALUE ? 0 : Math.scalb(1.0, e); }

    /** The bound on |W_p − exact W_p| and on each quantile shift's error: h plus a few units of rounding of the bin middles. */
    double bound() {
        double m = Math.max(Math.max(Math.abs(min[0]), Math.abs(max[0])), Math.max(Math.abs(min[1]), Math.abs(max[1])));
        return width() + 8 * Math.ulp(Double.isInfinite(m) ? 0 : m);
    }

    /** Occupied (bin index, count) pairs of side s in increasing order, as {indices, counts}. */
    long[][] bins(int s) {
        long[] c = counts[s] == null ? new long[0] : counts[s];
        int m = 0;
        for (long v : c) if (v > 0) m++;
        long[][] out = {new long[m], new long[m]};
        for (int i = 0, j = 0; i < c.length; i++) {
            if (c[i] > 0) {
                out[0][j] = base + i;
                out[1][j++] = c[i];
            }
        }
        return out;
    }

    /** The grid's exponent e (Integer.MIN_VALUE without values). */
    int exponent() { return e; }

    /**
     * W1, W2 of the binned measures by monge-core's weighted 1-D OT on the bin middles, and the
     * quantiles at {@code levels}: the middles of the bins holding monge-core's ranks. Both sides need values.
     */
    SparkDrift.Series drift(double[] levels) {
        double[][] x = new double[2][], w = new double[2][], q = new double[2][levels.length];
        for (int s = 0; s < 2; s++) {
            long[][] b = bins(s);
            x[s] = middles(b);
            w[s] = weights(b, s);
            for (int l = 0; l < levels.length; l++) {
                long r = SparkDrift.rank(levels[l], count[s]), below = 0;
                int k = 0;
                while (below + b[1][k] <= r) below += b[1][k++];
                q[s][l] = x[s][k];
            }
        }
        OneDimensional.Comparison c = OneDimensional.compare(x[0], w[0], x[1], w[1], null);
        return new SparkDrift.Series(c.w1(), c.w2(), q[0], q[1]);
    }

    /** W_p^p of the binned measures (monge-core's weighted 1-D OT on the bin middles); both sides need values. */
    double wassersteinCost(double p) {
        long[][] a = bins(0), b = bins(1);
        return OneDimensional.wassersteinCost(middles(a), weights(a, 0), middles(b), weights(b, 1), p);
    }

    /** The middles (k + ½)·h of the occupied bins {@code b} (as {@link #bins} gives them): exact, as |k| < 2^52. */
    private double[] middles(long[][] b) {
        double[] x = new double[b[0].length];
        for (int k = 0; k < x.length; k++) x[k] = Math.scalb(b[0][k] + 0.5, e);
        return x;
    }

    /** The counts of the occupied bins {@code b} of side s as fractions of its values. */
    private double[] weights(long[][] b, int s) {
        double[] w = new double[b[0].length];
        for (int k = 0; k < w.length; k++) w[k] = (double) b[1][k] / count[s];
        return w;
    }

    private void setExponent(int exponent) {
        e = exponent;
        scale = -e >= Double.MIN_EXPONENT && -e <= Double.MAX_EXPONENT ? Math.scalb(1.0, -e) : Double.NaN;
    }

    private long index(double x) {
        return (long) Math.floor(Double.isNaN(scale) ? Math.scalb(x, -e) : x * scale);
    }

    /** ⌊v / 2^d⌋ for d ≥ 0 (Java's >> takes d mod 64). */
    private static long shift(long v, int d) {
        return d >= 63 ? (v < 0 ? -1 : 0) : v >> d;
    }

    /** The smallest and largest occupied bin index of both sides ({Long.MAX_VALUE, Long.MIN_VALUE} when none). */
    private long[] occupied() {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (long[] c : counts) {
            for (int i = 0; i < c.length; i++) {
                if (c[i] > 0) {
                    lo = Math.min(lo, base + i);
                    break;
                }
            }
            for (int i = c.length - 1; i >= 0; i--) {
                if (c[i] > 0) {
                    hi = Math.max(hi, base + i);
                    break;
                }
            }
        }
        return new long[] {lo, hi};
    }

    /** Adds n to bin k (at the current e) of side s, coarsening while the occupied bins would span more than cap, re-windowing. */
    private void place(int s, long k, long n) {
        long[] oc = occupied();
        long lo = Math.min(oc[0], k), hi = Math.max(oc[1], k);
        int d = 0;
        while (hi - lo >= cap) {
            lo >>= 1;
            hi >>= 1;
            d++;
        }
        if (d > 0) {
            coarsen(d);
            k = shift(k, d);
        }
        long at = k - base;
        if (at < 0 || at >= counts[s].length) {
            int span = (int) (hi - lo + 1);
            int len = Math.min(cap, Math.max(2 * counts[s].length, span));
            long nb = lo - (len - span) / 2;
            for (int t = 0; t < 2; t++) {
                long[] c = new long[len];
                for (int i = 0; i < counts[t].length; i++) if (counts[t][i] > 0) c[(int) (base + i - nb)] += counts[t][i];
                counts[t] = c;
            }
            base = nb;
            at = k - base;
        }
        counts[s][(int) at] += n;
    }

    /** Doubles the bin width d times: bin k becomes ⌊k / 2^d⌋. */
    private void coarsen(int d) {
        if (d <= 0) return;
        long nb = shift(base, d);
        for (int t = 0; t < 2; t++) {
            long[] c = counts[t];
            long[] out = new long[(int) (shift(base + c.length - 1, d) - nb + 1)];
            for (int i = 0; i < c.length; i++) if (c[i] > 0) out[(int) (shift(base + i, d) - nb)] += c[i];
            counts[t] = out;
        }
        base = nb;
        setExponent(e + d);
    }
}
