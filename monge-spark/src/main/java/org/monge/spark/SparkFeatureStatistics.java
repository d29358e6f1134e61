package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.unsafe.Platform;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.MomentAccumulator;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;

import static org.apache.spark.sql.functions.col;

/**
 * Mean and unbiased covariance of a Dataset of feature vectors: each partition streams its rows
 * in blocks into a monge-core {@link MomentAccumulator} (block-centred dsyrk, the kernel of the
 * single-machine statistics), and the partial accumulators are merged by a tree aggregation with
 * the same pairwise update of Chan, Golub &amp; LeVeque (1979) that the single-machine
 * {@code StreamingStatistics} uses, so the result equals monge-core's to rounding (only the order
 * of the exact merges differs). One pass over the data; memory O(d² + block · d) per task, O(d²)
 * per merge. Empty partitions contribute nothing. A numeric array column is read from Spark's
 * internal rows, each vector copied straight from Spark's array into the block (no object or
 * array per row); a vector column (Spark ML) goes through {@link Features#vectors}.
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
        if (!(Features.field(features, column).dataType() instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            return compute(Features.vectors(features, column));
        }
        // the source type says whether entries may be null: the cast's declared type always allows them, but a
        // numeric cast to double makes no null entry
        boolean nulls = a.containsNull();
        Dataset<Row> cast = features.select(col(column).cast("array<double>"));
        JavaRDD<InternalRow> rows = cast.queryExecution().toRdd().toJavaRDD();
        int block = blockRows;
        return statistics(Jobs.run(() -> rows
                .mapPartitions(it -> Collections.singletonList(Partial.ofArrays(it, block, nulls, column)).iterator())
                .treeAggregate(new Partial(), Partial::merge, Partial::merge, treeDepth)));
    }

    /** Statistics of an RDD of feature vectors, all of the same length. */
    public FeatureStatistics compute(JavaRDD<double[]> rows) {
        int block = blockRows;
        return statistics(Jobs.run(() -> rows
                .mapPartitions(it -> Collections.singletonList(Partial.of(it, block)).iterator())
                .treeAggregate(new Partial(), Partial::merge, Partial::merge, treeDepth)));
    }

    private static FeatureStatistics statistics(Partial all) {
        if (all.moments == null) throw new IllegalArgumentException("statistics need at least 2 feature vectors, got 0");
        return all.moments.statistics();
    }

    /** The moments of one partition or of several merged; null moments when empty. The block is the partition's buffer only. */
    static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        MomentAccumulator moments;
        private transient double[] block;
        private transient int d = -1, filled, blockRows;
        private transient long seen;

        static Partial of(Iterator<double[]> rows, int blockRows) {
            Partial p = new Partial();
            p.blockRows = blockRows;
            while (rows.hasNext()) {
                double[] v = rows.next();
                int at = p.next(v.length); // before reading p.block: the first row creates it
                System.arraycopy(v, 0, p.block, at, v.length);
                p.added();
            }
            return p.done();
        }

        /**
         * Spark's internal rows of one array&lt;double&gt; column: each vector copied into the block,
         * in one memory copy when Spark holds it in its unsafe layout (a header of 8 + 8⌈d/64⌉
         * bytes, then the d doubles), entry by entry otherwise; {@code nulls}: the type allows null entries, which are refused.
         */
        static Partial ofArrays(Iterator<InternalRow> rows, int blockRows, boolean nulls, String column) {
            Partial p = new Partial();
            p.blockRows = blockRows;
            while (rows.hasNext()) {
                InternalRow r = rows.next();
                if (r.isNullAt(0)) throw new IllegalArgumentException("column '" + column + "' has a null feature vector");
                ArrayData a = r.getArray(0);
                int n = a.numElements(), at = p.next(n);
                if (nulls && hasNull(a, n)) {
                    int j = 0;
                    while (!a.isNullAt(j)) j++;
                    throw new IllegalArgumentException("column '" + column + "' has a null entry in a feature vector (entry " + j
                            + " of row " + p.seen + " of a partition)");
                }
                if (a instanceof UnsafeArrayData u) {
                    Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n), p.block,
                            Platform.DOUBLE_ARRAY_OFFSET + 8L * at, 8L * n);
                } else {
                    for (int j = 0; j < n; j++) p.block[at + j] = a.getDouble(j);
                }
                p.added();
            }
            return p.done();
        }

        /**
         * Whether any of the n entries is null: the null bits of an unsafe array a word at a time (they follow its
         * length), else entry by entry.
         */
        private static boolean hasNull(ArrayData a, int n) {
            if (a instanceof UnsafeArrayData u) {
                long bits = 0;
                for (int w = 0; w < (n + 63) / 64; w++) bits |= Platform.getLong(u.getBaseObject(), u.getBaseOffset() + 8 + 8L * w);
                return bits != 0;
            }
            for (int j = 0; j < n; j++) {
                if (a.isNullAt(j)) return true;
            }
            return false;
        }

        /** Checks the length n of the next row (the first sets d and the accumulator); its offset in the block. */
        private int next(int n) {
            if (d < 0) {
                if (n == 0) throw new IllegalArgumentException("feature vectors must not be empty");
                d = n;
                moments = new MomentAccumulator(d);
                block = new double[Math.max(1, Math.min(blockRows, (1 << 24) / d)) * d];
            } else if (n != d) {
                throw new IllegalArgumentException("feature vectors differ in length: " + n + " after " + d + " (row " + seen
                        + " of a partition)");
            }
            return filled * d;
        }

        /** The row at {@link #next}'s offset is in place: hands a full block to the accumulator. */
        private void added() {
            seen++;
            if (++filled * d == block.length) {
                moments.addBlock(block, filled);
                filled = 0;
            }
        }

        private Partial done() {
            if (filled > 0) moments.addBlock(block, filled);
            filled = 0;
            block = null;
            return this;
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
