package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.FastExp;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Vectors;

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
 * (a sum shifted by −g_j/ε, the value at the fixed point), the partials are merged by {@code treeAggregate}
 * and give the new g on the driver, which broadcasts it for the next pass. Both log-sum-exps follow
 * monge-core's on-the-fly kernel: shifted by a hint (the previous value), {@link FastExp} in vectorised
 * blocks of {@link #BLOCK} columns, a row redone from its maximum when its sum leaves (1e-3, {@link #HINT_MAX}),
 * a block of columns when its largest terms leave a safe range ({@link #columns}); no pass is repeated. The same pass yields
 * the L1 row error Σ_i |a_i exp((f_i^old − f_i^new)/ε) − a_i| of the plan (f^old, g), so the run
 * stops, as core's does, at the first iteration whose error is at most the tolerance, and returns
 * that state. Lineage is cut every {@link #CHECKPOINT_EVERY} iterations (local checkpoints).
 *
 * <p>Cost per iteration: 2·n·m cost evaluations and exponentials (one per half-step) spread over the
 * executors, a broadcast of m doubles and a tree reduction of 2m doubles per partition. Memory: y (m × d) and g
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

    /** One partition's rows: points, weights and potential, and the L1 row error of the pass that made f against the f before. */
    record Block(double[][] x, double[] a, double[] f, double error) implements Serializable {}

    /**
     * Partial log-sum-exp per y_j over some rows: the terms' sum relative to a shift per column (−g_j/ε, or the
     * partition's column maximum where that was out of range), and the partial row error; merging rescales to the
     * larger shift.
     */
    static final class Partial implements Serializable {
        final double[] max, sum;
        double error;

        Partial(int m) {
            max = new double[m];
            sum = new double[m];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        /** Nothing yet: the zero value of the reduction, which Spark serialises into every task and level (m doubles would cost). */
        static Partial none() { return new Partial(0); }

        Partial merge(Partial o) {
            if (o.max.length == 0) return this;
            if (max.length == 0) return o;
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
     * The y side as every executor holds it: the points (any metric) and, for the squared Euclidean cost, their
     * coordinates by dimension (yc[k][j]), so that a block of costs is a loop over j that C2 vectorises.
     */
    record Cloud(double[][] y, double[][] yc, String metric) implements Serializable {
        static Cloud of(double[][] y, String metric) {
            double[][] yc = null;
            if (metric.equals("sqeuclidean")) {
                yc = new double[y[0].length][y.length];
                for (int j = 0; j < y.length; j++) for (int k = 0; k < yc.length; k++) yc[k][j] = y[j][k];
            }
            return new Cloud(y, yc, metric);
        }

        int m() { return y.length; }

        /** c[j − j0] = c(x, y_j) for j in [j0, j1). */
        void costs(double[] x, double[] c, int j0, int j1) {
            if (yc == null) {
                Metric cost = SparkGroupedTransport.metricOf(metric);
                for (int j = j0; j < j1; j++) c[j - j0] = cost.cost(x, y[j]);
                return;
            }
            int len = j1 - j0;
            Arrays.fill(c, 0, len, 0.0);
            for (int k = 0; k < yc.length; k++) {
                double xk = x[k];
                double[] yk = yc[k];
                for (int q = 0; q < len; q++) {
                    double t = xk - yk[j0 + q];
                    c[q] += t * t;
                }
            }
        }
    }

    /** Columns of a cost block: short loops over j that C2 unrolls and vectorises, as monge-core's on-the-fly kernel. */
    static final int BLOCK = 1024;

    /**
     * monge-core's rule for a log-sum-exp shifted by a hint (its {@code LogKernel}): a sum in (1e-3, HINT_MAX) is
     * accepted, so that terms clamped by {@link FastExp} (at e^±64) cost at most 4e-16 relative and none overflowed;
     * otherwise the sum is redone shifted by its maximum.
     */
    static final double HINT_MAX = 1e25;

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
        Broadcast<Cloud> by = jsc.broadcast(Cloud.of(y, metric));
        Broadcast<double[]> blogB = jsc.broadcast(logB);
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
                return List.of(new Block(pts.toArray(double[][]::new), a, new double[a.length], 0)).iterator();
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
                JavaRDD<Block> next = state.map(bl -> update(bl, by.value(), blogB.value(), bg.value(), eps, first)).cache();
                if (pass % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) next.rdd().localCheckpoint();
                Partial p = next.treeAggregate(Partial.none(), (acc, bl) -> acc.merge(columns(bl, by.value(), bg.value(), eps)),
                        Partial::merge, 2);
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

    /**
     * The block with f_i = −ε log Σ_j b_j exp((g_j − c(x_i, y_j))/ε), each row's log-sum-exp shifted by its previous
     * value −f_i/ε (monge-core's hint) and redone from its maximum when the sum is out of range; with the L1 row error
     * Σ_i |a_i (exp((f_i^old − f_i)/ε) − 1)| of the plan (f^old, g) unless this is the first pass.
     */
    static Block update(Block bl, Cloud y, double[] logB, double[] g, double eps, boolean first) {
        int m = y.m();
        double invEps = 1 / eps;
        double[] w = new double[m], c = new double[BLOCK], t = new double[BLOCK];
        for (int j = 0; j < m; j++) w[j] = logB[j] + g[j] * invEps;
        double[] f = new double[bl.a().length];
        double error = 0;
        for (int i = 0; i < f.length; i++) {
            double[] x = bl.x()[i];
            double hint = -bl.f()[i] * invEps, s = shiftedSum(x, y, w, c, t, invEps, hint), lse;
            if (s > 1e-3 && s < HINT_MAX) {
                lse = hint + Math.log(s);
            } else {
                double mx = Double.NEGATIVE_INFINITY;
                for (int j0 = 0; j0 < m; j0 += BLOCK) {
                    int j1 = Math.min(m, j0 + BLOCK);
                    y.costs(x, c, j0, j1);
                    for (int j = j0; j < j1; j++) mx = Math.max(mx, w[j] - c[j - j0] * invEps);
                }
                lse = mx + Math.log(shiftedSum(x, y, w, c, t, invEps, mx));
            }
            f[i] = -eps * lse;
            if (!first) error += Math.abs(bl.a()[i] * Math.expm1((bl.f()[i] - f[i]) * invEps));
        }
        return new Block(bl.x(), bl.a(), f, error);
    }

    /** Σ_j exp(w_j − c(x, y_j)/ε − shift) by {@link FastExp}, in blocks of separate loops that C2 vectorises; c, t: scratch of BLOCK. */
    private static double shiftedSum(double[] x, Cloud y, double[] w, double[] c, double[] t, double invEps, double shift) {
        int m = y.m();
        double s = 0;
        for (int j0 = 0; j0 < m; j0 += BLOCK) {
            int j1 = Math.min(m, j0 + BLOCK), len = j1 - j0;
            y.costs(x, c, j0, j1);
            for (int k = 0; k < len; k++) t[k] = w[j0 + k] - c[k] * invEps - shift;
            for (int k = 0; k < len; k++) t[k] = FastExp.exp(t[k]);
            s += Vectors.sum(t, 0, len);
        }
        return s;
    }

    /**
     * A block's part of the log-sum-exp for g: Σ_i a_i exp((f_i − c(x_i, y_j))/ε) per column j, shifted by −g_j/ε (its
     * value at the fixed point), with the block's row error. Columns in blocks of {@link #BLOCK}, all rows of the
     * partition through each; the same sweep records each column's largest exponent relative to the shift, and a
     * column block where one lies outside [log n − 28, 60] is redone shifted by the columns' maxima (then the sum is
     * at least 1 and terms clamped by {@link FastExp} at e^−64 cost at most n·e^−64 ≤ e^−36 of it, the bound of
     * monge-core's hint rule; below 60 nothing is clamped from above). A redo happens in the first iterations, while
     * g still moves by several ε a pass, and for partitions whose points are all far from some y_j.
     */
    static Partial columns(Block bl, Cloud y, double[] g, double eps) {
        int m = y.m(), n = bl.a().length;
        double invEps = 1 / eps, low = Math.log(Math.max(1, n)) - 28;
        Partial p = new Partial(m);
        p.error = bl.error();
        if (n == 0) return p;
        double[] r = new double[n], c = new double[BLOCK], t = new double[BLOCK], top = new double[BLOCK];
        for (int i = 0; i < n; i++) r[i] = Math.log(bl.a()[i]) + bl.f()[i] * invEps;
        double[] shift = p.max, sum = p.sum;
        for (int j0 = 0; j0 < m; j0 += BLOCK) {
            int j1 = Math.min(m, j0 + BLOCK), len = j1 - j0;
            for (int j = j0; j < j1; j++) shift[j] = -g[j] * invEps;
            Arrays.fill(top, 0, len, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                y.costs(bl.x()[i], c, j0, j1);
                double ri = r[i];
                for (int k = 0; k < len; k++) t[k] = ri - c[k] * invEps - shift[j0 + k];
                for (int k = 0; k < len; k++) top[k] = Math.max(top[k], t[k]);
                for (int k = 0; k < len; k++) t[k] = FastExp.exp(t[k]);
                for (int k = 0; k < len; k++) sum[j0 + k] += t[k];
            }
            boolean redo = false;
            for (int k = 0; k < len; k++) redo |= !(top[k] >= low && top[k] <= 60);
            if (!redo) continue;
            for (int k = 0; k < len; k++) {
                shift[j0 + k] += top[k];
                sum[j0 + k] = 0;
            }
            for (int i = 0; i < n; i++) {
                y.costs(bl.x()[i], c, j0, j1);
                double ri = r[i];
                for (int k = 0; k < len; k++) t[k] = ri - c[k] * invEps - shift[j0 + k];
                for (int k = 0; k < len; k++) t[k] = FastExp.exp(t[k]);
                for (int k = 0; k < len; k++) sum[j0 + k] += t[k];
            }
        }
        return p;
    }

    private static double[] uniform(int m) {
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        return w;
    }
}
