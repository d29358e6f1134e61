package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.MomentAccumulator;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;

/**
 * Mean and unbiased covariance of a Dataset of feature vectors: each partition streams its rows
 * in blocks into a monge-core {@link MomentAccumulator} (block-centred dsyrk), and the partial
 * accumulators are merged by a tree aggregation with the same pairwise update of Chan, Golub &amp;
 * LeVeque (1979) that the single-machine {@code StreamingStatistics} uses, so the result equals
 * monge-core's to rounding (only the order of the exact merges differs). One pass over the data;
 * memory O(d² + block · d) per task, O(d²) per merge. Empty partitions contribute nothing.
 */
public final class SparkFeatureStatistics {
    private final int blockRows;
    private final int treeDepth;

    private SparkFeatureStatistics(int blockRows, int treeDepth) {
        this.blockRows = blockRows;
        this.treeDepth = treeDepth;
    }

    /** Blocks of 1024 rows, tree aggregation of depth 2. */
    public static SparkFeatureStatistics defaults() { return new SparkFeatureStatistics(1024, 2); }

    public SparkFeatureStatistics withBlockRows(int rows) {
        if (rows < 1) throw new IllegalArgumentException("blockRows must be at least 1, got " + rows);
        return new SparkFeatureStatistics(rows, treeDepth);
    }

    public SparkFeatureStatistics withTreeDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("treeDepth must be at least 1, got " + depth);
        return new SparkFeatureStatistics(blockRows, depth);
    }

    /** Statistics of the named feature column (see {@link Features} for the accepted types). */
    public FeatureStatistics compute(Dataset<Row> features, String column) {
        return compute(Features.vectors(features, column));
    }

    /** Statistics of an RDD of feature vectors, all of the same length. */
    public FeatureStatistics compute(JavaRDD<double[]> rows) {
        int block = blockRows;
        Partial all = Jobs.run(() -> rows
                .mapPartitions(it -> Collections.singletonList(Partial.of(it, block)).iterator())
                .treeAggregate(new Partial(), Partial::merge, Partial::merge, treeDepth));
        if (all.moments == null) throw new IllegalArgumentException("statistics need at least 2 feature vectors, got 0");
        return all.moments.statistics();
    }

    /** The moments of one partition or of several merged; null moments when empty. */
    static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        MomentAccumulator moments;

        static Partial of(Iterator<double[]> rows, int blockRows) {
            Partial p = new Partial();
            double[] block = null;
            int d = -1;
            int filled = 0;
            long seen = 0;
            while (rows.hasNext()) {
                double[] v = rows.next();
                if (d < 0) {
                    d = v.length;
                    if (d == 0) throw new IllegalArgumentException("feature vectors must not be empty");
                    p.moments = new MomentAccumulator(d);
                    block = new double[Math.max(1, Math.min(blockRows, (1 << 24) / d)) * d];
                } else if (v.length != d) {
                    throw new IllegalArgumentException("feature vectors differ in length: " + v.length + " after " + d + " (row " + seen
                            + " of a partition)");
                }
                System.arraycopy(v, 0, block, filled * d, d);
                seen++;
                if (++filled * d == block.length) {
                    p.moments.addBlock(block, filled);
                    filled = 0;
                }
            }
            if (filled > 0) p.moments.addBlock(block, filled);
            return p;
        }

        Partial merge(Partial other) {
            if (other.moments == null) return this;
            if (moments == null) return other;
            if (moments.dimension() != other.moments.dimension()) {
                throw new IllegalArgumentException("feature vectors differ in length: " + moments.dimension() + " and "
                        + other.moments.dimension());
            }
            moments.merge(other.moments);
            return this;
        }
    }
}
