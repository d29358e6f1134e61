package org.monge.gaussian;

import org.monge.linalg.Gram;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Streaming mean and covariance of feature vectors in blocks, O(d²) memory however many rows.
 *
 * <p>Rows are shifted by a fixed reference point c (the mean of the first block) and
 * Σ(x − c) and Σ(x − c)(x − c)ᵀ accumulated, the latter with BLAS dsyrk straight into the
 * accumulator; at the end M2 = Σ(x−c)(x−c)ᵀ − n (x̄ − c)(x̄ − c)ᵀ. Because c is close to the mean
 * the correction is small and nothing cancels (the shifted-data algorithm; Chan, Golub &amp;
 * LeVeque 1983). Accumulators are merged exactly with the pairwise update of Chan, Golub &amp;
 * LeVeque (1979): M2 = M2_a + M2_b + δδᵀ n_a n_b / n. Not thread-safe: use one per thread and
 * {@link #merge} them. Serializable, so that distributed engines (monge-spark) can ship partial
 * accumulators between machines.
 *
 * <p>The sums are kept divided by a power of two, 2^k for Σ(x − c) and 4^k for the scatter, with k
 * set from the largest deviation seen (0 while deviations stay within 2^±400) and raised when a
 * block brings deviations 2^400 times larger: features of any representable scale (1e±300) give
 * their covariance exactly where it is representable, and a covariance beyond the largest double is
 * refused as out of range instead of containing infinities.
 */
public final class MomentAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Deviations are kept below 2^400 after division by 2^k, so sums of their squares cannot overflow. */
    private static final int RANGE = 400;
    private final int d;
    private long n;
    private double[] shift;           // c, set by the first block
    private final double[] sum;       // Σ (x − c)
    private final double[] scatter;   // Σ (x − c)(x − c)ᵀ, lower triangle (row-major)
    private int exponent;             // k: sum holds Σ (x − c)·2^−k, scatter the scatter·4^−k
    private double largest;           // largest |x − c|·2^−k seen

    public MomentAccumulator(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        this.d = dimension;
        this.sum = new double[d];
        this.scatter = new double[d * d];
    }

    public int dimension() { return d; }

    public long count() { return n; }

    /**
     * Adds {@code rows} feature vectors from a row-major block (rows × d). The block is shifted
     * in place and so overwritten.
     */
    public void addBlock(double[] block, int rows) {
        if (rows == 0) return;
        if (block.length < (long) rows * d) {
            throw new IllegalArgumentException("block holds " + block.length + " values, expected " + rows + "x" + d);
        }
        if (shift == null) {
            double[] c = new double[d];
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) c[j] += block[o + j];
            }
            for (int j = 0; j < d; j++) c[j] /= rows;
            if (!allFinite(c)) { // the column sums overflowed (or an entry is not finite): average term by term
                Arrays.fill(c, 0.0);
                for (int r = 0; r < rows; r++) {
                    int o = r * d;
                    for (int j = 0; j < d; j++) c[j] += block[o + j] / rows;
                }
            }
            checkFinite(c, block, rows);
            shift = c;
        }
        double[] c = shift;
        double max = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) {
                double x = block[o + j], v = x - c[j];
                if (!(Math.abs(v) <= Double.MAX_VALUE)) throw notFinite(x, n + r, j);
                block[o + j] = v;
                max = Math.max(max, Math.abs(v));
            }
        }
        adjustExponent(max);
        if (exponent != 0) for (int i = 0; i < rows * d; i++) block[i] = Math.scalb(block[i], -exponent);
        double[] bs = columnSums(block, rows);
        for (int j = 0; j < d; j++) sum[j] += bs[j];
        Gram.accumulateLower(scatter, d, block, rows, 1.0);
        n += rows;
    }

    private double[] columnSums(double[] block, int rows) {
        double[] bs = new double[d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) bs[j] += block[o + j];
        }
        return bs;
    }

    /**
     * Chooses k for a block whose largest deviation is max: while nothing but zero deviations has been
     * seen, k = 0 for max within 2^±400 and the exponent of max otherwise; later, k is raised (the sums
     * divided accordingly) only when max·2^−k would pass 2^400, so that no square overflows.
     */
    private void adjustExponent(double max) {
        if (max == 0) return;
        int e = Scaling.exponent(max);
        if (largest == 0) {
            exponent = Math.abs(e) <= RANGE ? 0 : e;
        } else if (e - exponent > RANGE) {
            int shiftBy = exponent - e;
            for (int j = 0; j < d; j++) sum[j] = Math.scalb(sum[j], shiftBy);
            for (int i = 0; i < d * d; i++) scatter[i] = Math.scalb(scatter[i], 2 * shiftBy);
            largest = Math.scalb(largest, shiftBy);
            exponent = e;
        }
        largest = Math.max(largest, Math.scalb(max, -exponent));
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static IllegalArgumentException notFinite(double x, long row, int column) {
        if (!Double.isFinite(x)) return new IllegalArgumentException("features contain a non-finite value at row " + row + ", column "
                + column + ": " + x);
        return new IllegalArgumentException("features are out of range: at row " + row + ", column " + column + " the value " + x
                + " differs from the first rows' mean by more than the largest double");
    }

    private void checkFinite(double[] colSums, double[] block, int rows) {
        for (int j = 0; j < d; j++) {
            if (Double.isFinite(colSums[j])) continue;
            for (int r = 0; r < rows; r++) {
                double v = block[r * d + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features contain a non-finite value at row " + (n + r) + ", column " + j + ": "
                            + v);
                }
            }
            throw new IllegalArgumentException("features overflow double precision in column " + j);
        }
    }

    /** Folds another accumulator's moments into this one. */
    public void merge(MomentAccumulator other) {
        if (other.d != d) throw new IllegalArgumentException("cannot merge moments of dimension " + other.d + " into " + d);
        if (other.n == 0) return;
        if (n == 0) {
            n = other.n;
            shift = other.shift.clone();
            System.arraycopy(other.sum, 0, sum, 0, d);
            System.arraycopy(other.scatter, 0, scatter, 0, d * d);
            exponent = other.exponent;
            largest = other.largest;
            return;
        }
        // both sets of sums are brought to the larger scale k (an accumulator of zero deviations has no scale)
        int k = largest == 0 ? other.exponent : other.largest == 0 ? exponent : Math.max(exponent, other.exponent);
        double[] ma = mean(), mb = other.mean();
        double[] m2a = Scaling.scalb(centeredScatter(), 2 * (exponent - k)),
                m2b = Scaling.scalb(other.centeredScatter(), 2 * (other.exponent - k));
        long total = n + other.n;
        double f = (double) n * other.n / total;
        double[] delta = new double[d], scaledDelta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = mb[j] - ma[j];
            scaledDelta[j] = Math.scalb(delta[j], -k);
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) m2a[i * d + j] += m2b[i * d + j] + f * scaledDelta[i] * scaledDelta[j];
        }
        // re-express about this accumulator's shift: mean_new − c and the scatter about c
        double[] e = new double[d];
        for (int j = 0; j < d; j++) e[j] = Math.scalb(ma[j] + delta[j] * other.n / total - shift[j], -k);
        largest = Math.max(Math.scalb(largest, exponent - k), Math.scalb(other.largest, other.exponent - k));
        exponent = k;
        n = total;
        for (int j = 0; j < d; j++) sum[j] = e[j] * n;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) scatter[i * d + j] = m2a[i * d + j] + n * e[i] * e[j];
        }
    }

    private double[] mean() {
        double[] m = new double[d];
        for (int j = 0; j < d; j++) m[j] = shift[j] + Math.scalb(sum[j] / n, exponent);
        return m;
    }

    /** Σ (x − x̄)(x − x̄)ᵀ·4^−k, lower triangle. */
    private double[] centeredScatter() {
        double[] m2 = scatter.clone();
        double[] e = new double[d];
        for (int j = 0; j < d; j++) e[j] = sum[j] / n;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) m2[i * d + j] -= n * e[i] * e[j];
        }
        return m2;
    }

    /**
     * Mean and unbiased covariance; needs at least two rows. A covariance entry beyond the largest
     * double is refused as out of range.
     */
    public FeatureStatistics statistics() {
        if (n < 2) throw new IllegalArgumentException("statistics need at least 2 feature vectors, got " + n);
        double[] c = centeredScatter();
        double inv = 1.0 / (n - 1);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = c[i * d + j] * inv;
                c[i * d + j] = Math.scalb(v, 2 * exponent);
                if (Double.isInfinite(c[i * d + j])) {
                    double log10 = Math.log10(Math.abs(v)) + 2 * exponent * Math.log10(2);
                    throw new IllegalArgumentException(String.format("the covariance of the features is out of range: entry (%d, %d) is "
                            + "about %.1fe%d, beyond the largest double (about 1.8e308); rescale the features", i, j,
                            Math.pow(10, log10 - Math.floor(log10)), (long) Math.floor(log10)));
                }
            }
        }
        Gram.mirrorLower(c, d);
        return new FeatureStatistics(n, mean(), Matrix.fromRowMajor(d, d, c));
    }
}
