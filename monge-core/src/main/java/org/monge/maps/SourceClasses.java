package org.monge.maps;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * What the class-regularised estimators ({@link SinkhornLpl1Transport}, {@link SinkhornL1l2Transport}) share: the
 * source labels grouped into classes I_c (classes in increasing label order, members in increasing index order, as
 * POT's {@code np.unique} and {@code np.where}), and the dense squared-Euclidean cost after POT's cost normalisation.
 */
final class SourceClasses {
    /** members[c] = the source indices with the c-th smallest label. */
    final int[][] members;

    /** The most plan entries these estimators hold (each outer iteration keeps a few dense n×m arrays). */
    static final long MAX_ENTRIES = 1L << 27;

    private SourceClasses(int[][] members) { this.members = members; }

    /** Throws unless there is one label a source point. */
    static SourceClasses of(int[] labels, int n) {
        if (labels == null) throw new IllegalArgumentException("ys (the source labels) must not be null");
        if (labels.length != n) throw new IllegalArgumentException("ys has " + labels.length + " labels, xs has " + n + " points");
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int[][] members = new int[distinct.length][];
        int[] count = new int[distinct.length];
        for (int label : labels) count[Arrays.binarySearch(distinct, label)]++;
        for (int c = 0; c < distinct.length; c++) members[c] = new int[count[c]];
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            int c = Arrays.binarySearch(distinct, labels[i]);
            members[c][count[c]++] = i;
        }
        return new SourceClasses(members);
    }

    /** The n×m squared-Euclidean cost between xs and xt, row-major, divided by the normalisation's scale. */
    static double[] cost(Matrix xs, Matrix xt, CostNormalization normalization) {
        long entries = (long) xs.rows() * xt.rows();
        if (entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("xs and xt: " + xs.rows() + " x " + xt.rows() + " points need a dense plan of "
                    + entries + " entries, more than the " + MAX_ENTRIES + " a class-regularised estimator holds");
        }
        CostMatrix c = CostMatrix.fromPoints(xs, xt, Metric.SQEUCLIDEAN);
        double s = normalization.scale(c);
        double[] v = c.toRowMajor();
        if (s != 1) for (int k = 0; k < v.length; k++) v[k] /= s;
        return v;
    }
}
