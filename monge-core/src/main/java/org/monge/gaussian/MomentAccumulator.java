package org.monge.gaussian;

import org.monge.linalg.Gram;
import org.monge.linalg.Matrix;

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
 */
public final class MomentAccumulator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int d;
    private long n;
    private double[] shift;           // c, set by the first block
    private final double[] sum;       // Σ (x − c)
    private final double[] scatter;   // Σ (x − c)(x − c)ᵀ, lower triangle (row-major)

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
        if (block.length < (long) rows * d) throw new IllegalArgumentException("block holds " + block.length + " values, expected " + rows + "x" + d);
        if (shift == null) {
            double[] c = new double[d];
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) c[j] += block[o + j];
            }
            for (int j = 0; j < d; j++) c[j] /= rows;
            checkFinite(c, block, rows);
            shift = c;
        }
        double[] c = shift;
        double[] bs = new double[d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) {
                double v = block[o + j] - c[j];
                block[o + j] = v;
                bs[j] += v;
            }
        }
        checkFinite(bs, block, rows); // a NaN or infinity makes its column sum non-finite
        for (int j = 0; j < d; j++) sum[j] += bs[j];
        Gram.accumulateLower(scatter, d, block, rows, 1.0);
        n += rows;
    }

    private void checkFinite(double[] colSums, double[] block, int rows) {
        for (int j = 0; j < d; j++) {
            if (Double.isFinite(colSums[j])) continue;
            for (int r = 0; r < rows; r++) {
                double v = block[r * d + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features contain a non-finite value at row " + (n + r) + ", column " + j + ": " + v);
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
            return;
        }
        double[] ma = mean(), mb = other.mean();
        double[] m2a = centeredScatter(), m2b = other.centeredScatter();
        long total = n + other.n;
        double f = (double) n * other.n / total;
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) delta[j] = mb[j] - ma[j];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) m2a[i * d + j] += m2b[i * d + j] + f * delta[i] * delta[j];
        }
        // re-express about this accumulator's shift: mean_new − c and the scatter about c
        double[] newMean = new double[d];
        for (int j = 0; j < d; j++) newMean[j] = ma[j] + delta[j] * other.n / total;
        n = total;
        for (int j = 0; j < d; j++) {
            double e = newMean[j] - shift[j];
            sum[j] = e * n;
        }
        for (int i = 0; i < d; i++) {
            double ei = newMean[i] - shift[i];
            for (int j = 0; j <= i; j++) scatter[i * d + j] = m2a[i * d + j] + n * ei * (newMean[j] - shift[j]);
        }
    }

    private double[] mean() {
        double[] m = new double[d];
        for (int j = 0; j < d; j++) m[j] = shift[j] + sum[j] / n;
        return m;
    }

    /** Σ (x − x̄)(x − x̄)ᵀ, lower triangle. */
    private double[] centeredScatter() {
        double[] m2 = scatter.clone();
        double[] e = new double[d];
        for (int j = 0; j < d; j++) e[j] = sum[j] / n;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) m2[i * d + j] -= n * e[i] * e[j];
        }
        return m2;
    }

    /** Mean and unbiased covariance; needs at least two rows. */
    public FeatureStatistics statistics() {
        if (n < 2) throw new IllegalArgumentException("statistics need at least 2 feature vectors, got " + n);
        double[] c = centeredScatter();
        double inv = 1.0 / (n - 1);
        for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) c[i * d + j] *= inv;
        Gram.mirrorLower(c, d);
        return new FeatureStatistics(n, mean(), Matrix.fromRowMajor(d, d, c));
    }
}
