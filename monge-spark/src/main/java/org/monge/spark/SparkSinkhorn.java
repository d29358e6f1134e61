package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entropic OT between a point cloud x held as a distributed RDD (with weights a) and a cloud y
 * small enough to broadcast (weights b), min ⟨π, C⟩ + ε KL(π ‖ a⊗b), by log-domain Sinkhorn
 * iterations (Cuturi 2013; Peyré &amp; Cuturi 2019, Remark 4.23), the same updates as monge-core's
 * {@link Sinkhorn} on the fly without ε-scaling:
 * <pre>  f_i = −ε log Σ_j b_j exp((g_j − c(x_i, y_j))/ε),   g_j = −ε log Σ_i a_i exp((f_i − c(x_i, y_j))/ε).</pre>
 * The rows of x stay in their partitions with their potential f (a cached RDD of blocks); each
 * iteration is one distributed pass: with g broadcast, every partition updates its f_i (local:
 * a log-sum-exp over the m points of y) and folds the new f into a partial log-sum-exp per y_j
 * (a running maximum and a sum scaled to it), the partials are merged by {@code treeAggregate}
 * and give the new g on the driver, which broadcasts it for the next pass. The same pass yields
 * the L1 row error Σ_i |a_i exp((f_i^old − f_i^new)/ε) − a_i| of the plan (f^old, g), so the run
 * stops, as core's does, at the first iteration whose error is at most the tolerance, and returns
 * that state. Lineage is cut every {@link #CHECKPOINT_EVERY} iterations (local checkpoints).
 *
 * <p>Cost per iteration: n·m cost evaluations and exponentials spread over the executors, a
 * broadcast of m doubles and a tree reduction of 2m doubles per partition. Memory: y (m × d) and g
 * on every executor, x and f in the executors' caches; the driver holds y, b and g only.
 * Hand-written: Spark has no OT.
 */
public final class SparkSinkhorn {
    /** Iterations between local checkpoints of the potentials' RDD (keeps the task lineage short). */
    public static final int CHECKPOINT_EVERY = 25;

    private final double epsilon;
    private final double tolerance;
    private final int maxIterations;
    private final String metric;

    private SparkSinkhorn(double epsilon, double tolerance, int maxIterations, String metric) {
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.metric = metric;
    }

    /** ε, monge-core's default tolerance (L1 row error 1e-9) and 1000 iterations, squared Euclidean cost. */
    public static SparkSinkhorn withEpsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        Sinkhorn.Options o = Sinkhorn.Options.defaults(epsilon);
        return new SparkSinkhorn(epsilon, o.tolerance(), o.maxIterations(), "sqeuclidean");
    }

    public SparkSinkhorn withTolerance(double tol) {
        if (!(tol >= 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance must be finite and non-negative, got " + tol);
        }
        return new SparkSinkhorn(epsilon, tol, maxIterations, metric);
    }

    public SparkSinkhorn withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("max iterations must be at least 1, got " + n);
        return new SparkSinkhorn(epsilon, tolerance, n, metric);
    }

    /** Ground cost: sqeuclidean, euclidean or cityblock. */
    public SparkSinkhorn withMetric(String name) {
        SparkGroupedTransport.metricOf(name);
        return new SparkSinkhorn(epsilon, tolerance, maxIterations, name);
    }

    /**
     * The potentials (f in the order of {@code x}'s rows as {@link JavaRDD#collect} returns them, g in
     * the order of y), iterations, the L1 row error reached and the status (core's
     * {@link Sinkhorn.Status}).
     */
    public record Result(double[] f, double[] g, int iterations, double marginalError, Sinkhorn.Status status) {
        public boolean converged() { return status.converged(); }
    }

    /** A point of x with its weight. */
    public record WeightedPoint(double[] x, double weight) implements Serializable {}

    /** One partition's rows: points, weights and potential. */
    record Block(double[][] x, double[] a, double[] f) implements Serializable {}

    /** Partial log-sum-exp per y_j over some rows (a running maximum and the sum relative to it), and the partial row error. */
    static final class Partial implements Serializable {
        final double[] max, sum;
        double error;

        Partial(int m) {
            max = new double[m];
            sum = new double[m];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(int j, double v) {
            if (v <= max[j]) {
                sum[j] += Math.exp(v - max[j]);
            } else {
                sum[j] = sum[j] * Math.exp(max[j] - v) + 1;
                max[j] = v;
            }
        }

        Partial merge(Partial o) {
            for (int j = 0; j < max.length; j++) {
                if (o.max[j] == Double.NEGATIVE_INFINITY) continue;
                if (max[j] >= o.max[j]) {
                    sum[j] += o.sum[j] * Math.exp(o.max[j] - max[j]);
                } else {
                    sum[j] = sum[j] * Math.exp(max[j] - o.max[j]) + o.sum[j];
                    max[j] = o.max[j];
                }
            }
            error += o.error;
            return this;
        }
    }

    /**
     * Solves between the weighted points of {@code x} and the m points y with weights b (null:
     * uniform). The weights of x must sum to the weights of y (within monge-core's mass tolerance).
     */
    public Result solve(JavaRDD<WeightedPoint> x, double[][] y, double[] b) {
        int m = y.length;
        if (m == 0) throw new IllegalArgumentException("y must hold at least one point");
        double[] bw = b == null ? uniform(m) : b.clone();
        if (bw.length != m) throw new IllegalArgumentException("b has " + bw.length + " weights for " + m + " points");
        double[] logB = new double[m];
        for (int j = 0; j < m; j++) {
            if (!(bw[j] > 0) || !Double.isFinite(bw[j])) {
                throw new IllegalArgumentException("b[" + j + "] must be positive and finite, got " + bw[j]);
            }
            logB[j] = Math.log(bw[j]);
        }
        int d = y[0].length;
        for (double[] p : y) {
            if (p.length != d) throw new IllegalArgumentException("y points differ in dimension: " + p.length + " and " + d);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(x.context());
        Broadcast<double[][]> by = jsc.broadcast(y);
        Broadcast<double[]> blogB = jsc.broadcast(logB);
        String metricName = metric;
        double eps = epsilon;
        return Jobs.run(() -> {
            JavaRDD<Block> state = x.mapPartitions(it -> {
                List<double[]> pts = new ArrayList<>();
                List<Double> w = new ArrayList<>();
                it.forEachRemaining(p -> {
                    if (p.x().length != d) {
                        throw new IllegalArgumentException("x points differ in dimension: " + p.x().length + " and " + d);
                    }
                    if (!(p.weight() > 0) || !Double.isFinite(p.weight())) {
                        throw new IllegalArgumentException("x weights must be positive and finite, got " + p.weight());
                    }
                    pts.add(p.x());
                    w.add(p.weight());
                });
                double[] a = new double[w.size()];
                for (int i = 0; i < a.length; i++) a[i] = w.get(i);
                return List.of(new Block(pts.toArray(double[][]::new), a, new double[a.length])).iterator();
            }).cache();
            double massA = state.map(bl -> {
                double s = 0;
                for (double v : bl.a()) s += v;
                return s;
            }).reduce(Double::sum), massB = 0;
            for (double v : bw) massB += v;
            if (Math.abs(massA - massB) > 1e-9 * Math.max(massA, massB)) {
                throw new IllegalArgumentException("the weights of x sum to " + massA + " and those of y to " + massB);
            }
            double[] g = new double[m];
            List<Broadcast<double[]>> used = new ArrayList<>();
            double error = Double.NaN;
            Sinkhorn.Status status = Sinkhorn.Status.MAX_ITERATIONS;
            int it = 0;
            // the first pass only sets f from g = 0 (no earlier f to measure an error against)
            for (int pass = 0; pass <= maxIterations; pass++) {
                Broadcast<double[]> bg = jsc.broadcast(g);
                used.add(bg);
                boolean first = pass == 0;
                JavaRDD<Block> next = state.map(bl -> update(bl, by.value(), blogB.value(), bg.value(), eps, metricName)).cache();
                if (pass % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) next.rdd().localCheckpoint();
                Partial p = next.zip(state).treeAggregate(new Partial(m),
                        (acc, pair) -> fold(acc, pair._1(), pair._2(), by.value(), eps, metricName, first), Partial::merge, 2);
                if (!first) {
                    error = p.error;
                    if (!Double.isFinite(error)) {
                        status = Sinkhorn.Status.NUMERICAL_ERROR;
                        next.unpersist(false);
                        bg.unpersist(false);
                        break;
                    }
                    if (error <= tolerance) {
                        status = Sinkhorn.Status.CONVERGED;
                        next.unpersist(false);
                        bg.unpersist(false);
                        break; // (f of state, g) is the plan the error was measured on
                    }
                }
                if (pass == maxIterations) {
                    state.unpersist(false);
                    state = next;
                    bg.unpersist(false);
                    break;
                }
                double[] gNew = new double[m];
                for (int j = 0; j < m; j++) gNew[j] = -eps * (p.max[j] + Math.log(p.sum[j]));
                g = gNew;
                state.unpersist(false);
                state = next;
                bg.unpersist(false);
                it = pass + 1;
            }
            List<Double> f = state.flatMap(bl -> {
                List<Double> out = new ArrayList<>(bl.f().length);
                for (double v : bl.f()) out.add(v);
                return out.iterator();
            }).collect();
            state.unpersist(false);
            for (Broadcast<double[]> old : used) old.destroy(); // only now: the cached RDDs' lineage names them
            by.destroy();
            blogB.destroy();
            double[] fa = new double[f.size()];
            for (int i = 0; i < fa.length; i++) fa[i] = f.get(i);
            return new Result(fa, g, it, error, status);
        });
    }

    /** The block with f_i = −ε log Σ_j b_j exp((g_j − c(x_i, y_j))/ε). */
    static Block update(Block bl, double[][] y, double[] logB, double[] g, double eps, String metricName) {
        Metric c = SparkGroupedTransport.metricOf(metricName);
        int m = y.length;
        double[] f = new double[bl.a().length], s = new double[m];
        for (int i = 0; i < f.length; i++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                s[j] = logB[j] + (g[j] - c.cost(bl.x()[i], y[j])) / eps;
                mx = Math.max(mx, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) sum += Math.exp(s[j] - mx);
            f[i] = -eps * (mx + Math.log(sum));
        }
        return new Block(bl.x(), bl.a(), f);
    }

    /** Folds a block's new potentials into the partial log-sum-exp for g and its row error against the old f. */
    static Partial fold(Partial acc, Block now, Block before, double[][] y, double eps, String metricName, boolean first) {
        Metric c = SparkGroupedTransport.metricOf(metricName);
        for (int i = 0; i < now.f().length; i++) {
            double la = Math.log(now.a()[i]);
            for (int j = 0; j < y.length; j++) acc.add(j, la + (now.f()[i] - c.cost(now.x()[i], y[j])) / eps);
            if (!first) acc.error += Math.abs(now.a()[i] * Math.expm1((before.f()[i] - now.f()[i]) / eps));
        }
        return acc;
    }

    private static double[] uniform(int m) {
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        return w;
    }
}
