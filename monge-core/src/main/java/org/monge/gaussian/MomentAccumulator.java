package org.monge.gaussian;

import org.monge.linalg.Gram;
import org.monge.linalg.Matrix;

/**
 * Streaming mean and covariance of feature vectors in blocks, O(d²) memory however many rows.
 * Each block is centred on its own mean and its scatter added with BLAS dsyrk; blocks and
 * accumulators are merged with the pairwise update of Chan, Golub &amp; LeVeque (1979):
 * M2 = M2_a + M2_b + δδᵀ n_a n_b / n, which avoids the cancellation of the naive Σxxᵀ − n x̄x̄ᵀ.
 * Not thread-safe: use one accumulator per thread and {@link #merge} them. Serializable, so
 * that distributed engines (monge-spark) can ship partial accumulators between machines.
 */
public final class MomentAccumulator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int d;
    private long n;
    private final double[] mean;
    private final double[] m2; // row-major d×d scatter about the mean

    public MomentAccumulator(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        this.d = dimension;
        this.mean = new double[d];
        this.m2 = new double[d * d];
    }

    public int dimension() { return d; }

    public long count() { return n; }

    /**
     * Adds {@code rows} feature vectors from a row-major block (rows × d). The block is centred
     * in place and so overwritten.
     */
    public void addBlock(double[] block, int rows) {
        if (rows == 0) return;
        if (block.length < rows * d) throw new IllegalArgumentException("block holds " + block.length + " values, expected " + rows + "x" + d);
        double[] bm = new double[d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) {
                double v = block[o + j];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("features contain a non-finite value at row " + (n + r) + ", column " + j);
                bm[j] += v;
            }
        }
        for (int j = 0; j < d; j++) bm[j] /= rows;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) block[o + j] -= bm[j];
        }
        double[] bm2 = new double[d * d];
        Gram.accumulate(bm2, d, block, rows, 1.0);
        combine(rows, bm, bm2);
    }

    /** Folds another accumulator's moments into this one. */
    public void merge(MomentAccumulator other) {
        if (other.d != d) throw new IllegalArgumentException("cannot merge moments of dimension " + other.d + " into " + d);
        combine(other.n, other.mean, other.m2);
    }

    private void combine(long nb, double[] meanB, double[] m2B) {
        if (nb == 0) return;
        long na = n;
        long total = na + nb;
        double f = (double) na * nb / total;
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) delta[j] = meanB[j] - mean[j];
        for (int i = 0; i < d; i++) {
            int o = i * d;
            double di = delta[i] * f;
            for (int j = 0; j < d; j++) m2[o + j] += m2B[o + j] + di * delta[j];
        }
        for (int j = 0; j < d; j++) mean[j] += delta[j] * nb / total;
        n = total;
    }

    /** Mean and unbiased covariance; needs at least two rows. */
    public FeatureStatistics statistics() {
        if (n < 2) throw new IllegalArgumentException("statistics need at least 2 feature vectors, got " + n);
        double[] c = new double[d * d];
        double inv = 1.0 / (n - 1);
        for (int i = 0; i < c.length; i++) c[i] = m2[i] * inv;
        return new FeatureStatistics(n, mean, Matrix.fromRowMajor(d, d, c).symmetrize());
    }
}
