package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;
import org.monge.linalg.Matrix;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The W2 barycenter of a Dataset of (weighted) Gaussians, by monge-core's fixed-point iteration
 * ({@link GaussianBarycenter#iterate}, Álvarez-Esteban et al. 2016) with the sum over the inputs
 * Σ w_i (S^½ S_i S^½)^½ computed as one distributed tree aggregation per iteration: S^½ is
 * broadcast, each task sums its terms ({@link GaussianBarycenter#term}), the partial d×d sums are
 * merged. Two passes first validate the Gaussians (as monge-core does), total the weights and form
 * the mean Σ w_i m_i and the start Σ w_i S_i. The inputs are cached (row-major arrays, O(N d²)).
 * Per iteration: N eigendecompositions of size d in the executors, one on the driver.
 */
public final class SparkBarycenter {
    private final GaussianBarycenter solver;
    private final GaussianColumns columns;
    private final int treeDepth;

    private SparkBarycenter(GaussianBarycenter solver, GaussianColumns columns, int treeDepth) {
        this.solver = solver;
        this.columns = columns;
        this.treeDepth = treeDepth;
    }

    /** monge-core's defaults (tolerance 1e-12, at most 1000 iterations), tree depth 2. */
    public static SparkBarycenter defaults() { return new SparkBarycenter(GaussianBarycenter.defaults(), GaussianColumns.defaults(), 2); }

    /** The iteration's options (tolerance, maximum iterations). */
    public SparkBarycenter withSolver(GaussianBarycenter s) { return new SparkBarycenter(s, columns, treeDepth); }

    public SparkBarycenter withColumns(GaussianColumns c) { return new SparkBarycenter(solver, c, treeDepth); }

    public SparkBarycenter withTreeDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("treeDepth must be at least 1, got " + depth);
        return new SparkBarycenter(solver, columns, depth);
    }

    /** Barycenter with weights from {@code weightColumn} (normalised to sum 1), or equal weights when null. */
    public GaussianBarycenter.Result solve(Dataset<Row> gaussians, String weightColumn) {
        Dataset<Row> g = weightColumn == null
                ? columns.normalise(gaussians.withColumn("_monge_weight", lit(1.0)), "_monge_weight")
                : columns.normalise(gaussians, weightColumn);
        String w = weightColumn == null ? "_monge_weight" : weightColumn;
        JavaRDD<Input> inputs = g.select(col(GaussianColumns.ID), col(GaussianColumns.MEAN), col(GaussianColumns.COVARIANCE),
                col(w).cast("double"))
                .toJavaRDD().map(Input::of).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return Jobs.run(() -> solve(inputs));
        } finally {
            inputs.unpersist(false);
        }
    }

    private GaussianBarycenter.Result solve(JavaRDD<Input> inputs) {
        Totals t = inputs.treeAggregate(new Totals(), Totals::add, Totals::merge, treeDepth);
        if (t.count == 0) throw new IllegalArgumentException("barycenter needs at least one Gaussian");
        if (!(t.weight > 0)) throw new IllegalArgumentException("weights must have a positive sum");
        if (!t.anyPositiveDefinite) {
            throw new IllegalArgumentException("barycenter needs at least one positive-definite covariance with positive weight");
        }
        double total = t.weight;
        int d = t.dimension;
        Sum start = inputs.treeAggregate(new Sum(), (s, in) -> s.addWeighted(in, in.weight / total), Sum::merge, treeDepth);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(inputs.context());
        return solver.iterate(start.mean, Matrix.fromRowMajor(d, d, start.covariance), sqrt -> {
            Broadcast<double[]> root = jsc.broadcast(sqrt.toRowMajor());
            try {
                double[] sum = inputs.mapPartitions(it -> {
                    Matrix r = Matrix.fromRowMajor(d, d, root.value());
                    Matrix acc = Matrix.zeros(d, d);
                    while (it.hasNext()) {
                        Input in = it.next();
                        if (in.weight > 0) acc = acc.plus(GaussianBarycenter.term(r, Matrix.fromRowMajor(d, d, in.covariance),
                                in.weight / total));
                    }
                    return Collections.singletonList(acc.toRowMajor()).iterator();
                }).treeReduce(SparkBarycenter::add, treeDepth);
                return Matrix.fromRowMajor(d, d, sum);
            } finally {
                root.destroy();
            }
        });
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }

    /** One validated input: weight, mean, symmetrised covariance (row-major). */
    record Input(long id, double weight, double[] mean, double[] covariance, boolean positiveDefinite) implements Serializable {
        static Input of(Row r) {
            long id = r.getLong(0);
            double[] mean = doubles(r.getList(1));
            double[] cov = doubles(r.getList(2));
            Gaussian g = GaussianColumns.gaussian(mean, cov, id);
            if (r.isNullAt(3)) throw new IllegalArgumentException("Gaussian " + id + " has a null weight");
            double w = r.getDouble(3);
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative; Gaussian " + id + " has weight " + w);
            }
            return new Input(id, w, mean, g.covariance().toRowMajor(), g.isPositiveDefinite());
        }

        private static double[] doubles(List<Object> xs) {
            if (xs == null) return null;
            double[] out = new double[xs.size()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) xs.get(i)).doubleValue();
            return out;
        }
    }

    /** Count, total weight, dimension, and whether a positive-definite input has positive weight. */
    static final class Totals implements Serializable {
        private static final long serialVersionUID = 1L;
        long count;
        double weight;
        int dimension = -1;
        boolean anyPositiveDefinite;

        Totals add(Input in) {
            checkDimension(in.mean.length, in.id);
            count++;
            weight += in.weight;
            anyPositiveDefinite |= in.weight > 0 && in.positiveDefinite;
            return this;
        }

        Totals merge(Totals o) {
            if (o.count == 0) return this;
            if (count == 0) return o;
            checkDimension(o.dimension, -1);
            count += o.count;
            weight += o.weight;
            anyPositiveDefinite |= o.anyPositiveDefinite;
            return this;
        }

        private void checkDimension(int d, long id) {
            if (dimension < 0) dimension = d;
            else if (dimension != d) throw new IllegalArgumentException("barycenter inputs differ in dimension: " + dimension + " and " + d
                    + (id >= 0 ? " (Gaussian " + id + ")" : ""));
        }
    }

    /** Σ w_i m_i and Σ w_i S_i. */
    static final class Sum implements Serializable {
        private static final long serialVersionUID = 1L;
        double[] mean;
        double[] covariance;

        Sum addWeighted(Input in, double w) {
            if (mean == null) {
                mean = new double[in.mean.length];
                covariance = new double[in.covariance.length];
            }
            for (int k = 0; k < mean.length; k++) mean[k] += w * in.mean[k];
            for (int k = 0; k < covariance.length; k++) covariance[k] += w * in.covariance[k];
            return this;
        }

        Sum merge(Sum o) {
            if (o.mean == null) return this;
            if (mean == null) return o;
            add(mean, o.mean);
            add(covariance, o.covariance);
            return this;
        }
    }
}
