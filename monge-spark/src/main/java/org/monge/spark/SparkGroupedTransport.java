package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Many OT problems at once: rows (group, side, point, weight) hold one problem per group, source
 * points on side 0 and target points on side 1; each group is solved on an executor with
 * monge-core's solver, exact ({@link NetworkSimplex}), entropic ({@link Sinkhorn}) or the Sinkhorn
 * divergence ({@link SinkhornDivergence}), for a ground cost from the points (squared Euclidean by
 * default). Weights (null: 1) are normalised per side, so each problem compares two probability
 * distributions. Within a group the points are ordered by their coordinates (then weight) before
 * solving, so the answer does not depend on how the rows were partitioned and equals monge-core's
 * on the sorted points bit for bit.
 *
 * <p>Work is one shuffle ({@code groupByKey}) and one solve per group: O(n·m) memory and, for the
 * network simplex, roughly O(n·m·(n + m)) time per group of n sources and m targets. A first
 * aggregation counts each group's points; a group with more than {@link #withMaxCells} cost cells is
 * not shuffled or solved but reported with status {@code too_large}, so one huge group cannot run an
 * executor out of memory. A group whose data a solver refuses (a side without points, a negative or
 * non-finite weight, points of different dimensions) is reported with status {@code invalid} and the
 * reason in {@code message}; the other groups are solved.
 *
 * <p>Output: the group column (its type kept), sources, targets, cost (the transport cost ⟨π, C⟩, for
 * the divergence S_ε), status (the solver's status in lower case, e.g. optimal, converged,
 * max_iterations), iterations (for the divergence, of its three solves together), message, and with
 * {@link #withPlans} the plan as its non-zero entries (source point, target point, mass).
 */
public final class SparkGroupedTransport implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which problem each group gets. */
    public enum Method { EXACT, SINKHORN, DIVERGENCE }

    /** The status of a group that was not solved because it has more cost cells than allowed. */
    public static final String TOO_LARGE = "too_large";
    /** The status of a group whose data the solver refused. */
    public static final String INVALID = "invalid";

    private final Method method;
    private final String metric;
    private final double epsilon;
    private final double tolerance;
    private final int maxIterations;
    private final long maxCells;
    private final boolean plans;

    private SparkGroupedTransport(Method method, String metric, double epsilon, double tolerance, int maxIterations, long maxCells,
                                  boolean plans) {
        this.method = method;
        this.metric = metric;
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.maxCells = maxCells;
        this.plans = plans;
    }

    /** Exact OT per group (network simplex), squared Euclidean cost, at most 2^22 cells a group, no plans. */
    public static SparkGroupedTransport exact() {
        return new SparkGroupedTransport(Method.EXACT, "sqeuclidean", 0, 0, Integer.MAX_VALUE, 1L << 22, false);
    }

    /** Entropic OT per group at regularisation ε, with monge-core's default tolerance and iteration limit. */
    public static SparkGroupedTransport sinkhorn(double epsilon) {
        Sinkhorn.Options o = Sinkhorn.Options.defaults(epsilon);
        return new SparkGroupedTransport(Method.SINKHORN, "sqeuclidean", epsilon, o.tolerance(), o.maxIterations(), 1L << 22, false);
    }

    /** The Sinkhorn divergence S_ε per group. */
    public static SparkGroupedTransport divergence(double epsilon) {
        SparkGroupedTransport s = sinkhorn(epsilon);
        return new SparkGroupedTransport(Method.DIVERGENCE, s.metric, epsilon, s.tolerance, s.maxIterations, s.maxCells, false);
    }

    /** Ground cost: sqeuclidean, euclidean or cityblock. */
    public SparkGroupedTransport withMetric(String name) {
        metricOf(name);
        return new SparkGroupedTransport(method, name.toLowerCase(Locale.ROOT), epsilon, tolerance, maxIterations, maxCells, plans);
    }

    public SparkGroupedTransport withTolerance(double tol) {
        Sinkhorn.withEpsilon(1).withTolerance(tol); // the solver's own check
        return new SparkGroupedTransport(method, metric, epsilon, tol, maxIterations, maxCells, plans);
    }

    public SparkGroupedTransport withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("max iterations must be at least 1, got " + n);
        return new SparkGroupedTransport(method, metric, epsilon, tolerance, n, maxCells, plans);
    }

    /** Groups with more than this many cost cells (sources × targets) are reported as too large instead of solved. */
    public SparkGroupedTransport withMaxCells(long cells) {
        if (cells < 1) throw new IllegalArgumentException("max cells must be at least 1, got " + cells);
        return new SparkGroupedTransport(method, metric, epsilon, tolerance, maxIterations, cells, plans);
    }

    /** Whether to return each group's plan (its non-zero entries). */
    public SparkGroupedTransport withPlans(boolean on) {
        return new SparkGroupedTransport(method, metric, epsilon, tolerance, maxIterations, maxCells, on);
    }

    /** Input columns: group (any type), side (0 source, 1 target), point (array of numbers), weight (numeric; null: all 1). */
    public record Columns(String group, String side, String point, String weight) {
        public static Columns defaults() { return new Columns("group", "side", "point", "weight"); }
    }

    /** One problem per group of {@code rows}; see the class comment for the output. */
    public Dataset<Row> solve(Dataset<Row> rows, Columns c) {
        StructField groupField = field(rows, c.group());
        field(rows, c.side());
        if (!(field(rows, c.point()).dataType() instanceof ArrayType)) {
            throw new IllegalArgumentException("column '" + c.point() + "' must be an array of numbers");
        }
        if (c.weight() != null && !(field(rows, c.weight()).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + c.weight() + "' must be numeric");
        }
        return Jobs.run(() -> {
            Set<Object> tooLarge = new HashSet<>();
            List<Row> skipped = new ArrayList<>();
            Column sources = count(when(col(c.side()).equalTo(0), 1)), targets = count(when(col(c.side()).equalTo(1), 1));
            for (Row r : rows.groupBy(col(c.group())).agg(sources, targets).collectAsList()) {
                long n = r.getLong(1), m = r.getLong(2);
                if (n * m > maxCells) {
                    tooLarge.add(r.get(0));
                    skipped.add(output(r.get(0), (int) n, (int) m, null, TOO_LARGE, 0,
                            n + " × " + m + " = " + n * m + " cells exceed the limit of " + maxCells, null));
                }
            }
            var spark = rows.sparkSession();
            Broadcast<Set<Object>> big = new JavaSparkContext(spark.sparkContext()).broadcast(tooLarge);
            String side = c.side(), point = c.point(), weight = c.weight(), group = c.group();
            SparkGroupedTransport self = this;
            JavaRDD<Row> solved = rows.select(col(group), col(side).cast("int"), col(point).cast("array<double>"),
                            weight == null ? lit(1.0).as("w") : col(weight).cast("double"))
                    .javaRDD()
                    .filter(r -> !big.value().contains(r.get(0)))
                    .mapToPair(r -> new Tuple2<>(r.get(0), new Point(r.isNullAt(1) ? -1 : r.getInt(1), pointOf(r),
                            r.isNullAt(3) ? 1.0 : r.getDouble(3))))
                    .groupByKey()
                    .map(g -> self.solveGroup(g._1(), g._2()));
            StructType schema = schema(groupField.dataType());
            Dataset<Row> out = spark.createDataFrame(solved, schema);
            return skipped.isEmpty() ? out : out.union(spark.createDataFrame(skipped, schema));
        });
    }

    private static double[] pointOf(Row r) {
        if (r.isNullAt(2)) return null;
        List<Object> l = r.getList(2);
        double[] x = new double[l.size()];
        for (int k = 0; k < x.length; k++) x[k] = l.get(k) == null ? Double.NaN : ((Number) l.get(k)).doubleValue();
        return x;
    }

    /** A point of a group as it travels through the shuffle. */
    record Point(int side, double[] x, double weight) implements Serializable {}

    /** Orders points by coordinates, then weight: the order each group is solved in. */
    static final Comparator<Point> ORDER = (p, q) -> {
        int c = Arrays.compare(p.x(), q.x());
        return c != 0 ? c : Double.compare(p.weight(), q.weight());
    };

    private Row solveGroup(Object group, Iterable<Point> points) {
        List<Point> src = new ArrayList<>(), dst = new ArrayList<>();
        String bad = null;
        for (Point p : points) {
            if (p.side() == 0) src.add(p);
            else if (p.side() == 1) dst.add(p);
            else bad = "side must be 0 (source) or 1 (target), got " + (p.side() < 0 ? "null" : p.side());
            if (p.x() == null) bad = "a point is null";
        }
        if (bad == null && src.isEmpty()) bad = "no source points (side 0)";
        if (bad == null && dst.isEmpty()) bad = "no target points (side 1)";
        if (bad != null) return output(group, src.size(), dst.size(), null, INVALID, 0, bad, null);
        src.sort(ORDER);
        dst.sort(ORDER);
        try {
            Problem pr = new Problem(measure(src, "source"), measure(dst, "target"), metricOf(metric));
            return solved(group, pr);
        } catch (IllegalArgumentException e) {
            return output(group, src.size(), dst.size(), null, INVALID, 0, e.getMessage(), null);
        }
    }

    /** The two measures of one group (sorted, normalised) and its metric. */
    public record Problem(DiscreteMeasure a, DiscreteMeasure b, Metric metric) {}

    /** The measure of one side's points, weights normalised to 1. */
    static DiscreteMeasure measure(List<Point> pts, String side) {
        double[][] x = new double[pts.size()][];
        double[] w = new double[pts.size()];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i).x();
            w[i] = pts.get(i).weight();
            if (!(w[i] >= 0) || !Double.isFinite(w[i])) throw new IllegalArgumentException(side + " weight " + i + " is " + w[i]);
            total += w[i];
        }
        if (!(total > 0)) throw new IllegalArgumentException(side + " weights sum to " + total);
        for (int i = 0; i < w.length; i++) w[i] /= total;
        return DiscreteMeasure.of(w, Matrix.of(x));
    }

    /** Solves one group's problem with monge-core, as {@link #solve} does on an executor. */
    public Row solved(Object group, Problem pr) {
        int n = pr.a().size(), m = pr.b().size();
        CostMatrix cost = CostMatrix.fromPoints(pr.a().support(), pr.b().support(), pr.metric());
        switch (method) {
            case EXACT -> {
                NetworkSimplex.Result r = NetworkSimplex.defaults().solve(pr.a(), pr.b(), cost);
                return output(group, n, m, r.cost(), name(r.status()), r.iterations(), null, plans ? entries(pr, r.plan()) : null);
            }
            case SINKHORN -> {
                Sinkhorn.Result r = sinkhornSolver().solve(pr.a(), pr.b(), cost);
                return output(group, n, m, r.cost(), name(r.status()), r.iterations(), null,
                        plans ? entries(pr, SparsePlan.fromDense(n, m, r.plan().toDense())) : null);
            }
            default -> {
                SinkhornDivergence.Result r = SinkhornDivergence.between(pr.a(), pr.b(), pr.metric(), sinkhornSolver());
                Sinkhorn.Result worst = !r.xy().converged() ? r.xy() : !r.xx().converged() ? r.xx() : r.yy();
                return output(group, n, m, r.divergence(), name(worst.status()), r.xy().iterations() + r.xx().iterations()
                        + r.yy().iterations(), null, plans ? entries(pr, SparsePlan.fromDense(n, m, r.xy().plan().toDense())) : null);
            }
        }
    }

    /** The Sinkhorn solver of these options. */
    public Sinkhorn sinkhornSolver() {
        return Sinkhorn.withEpsilon(epsilon).withTolerance(tolerance).withMaxIterations(maxIterations);
    }

    private static String name(Enum<?> status) { return status.name().toLowerCase(Locale.ROOT); }

    private static Row[] entries(Problem pr, SparsePlan plan) {
        Row[] out = new Row[plan.nonzeros()];
        Matrix x = pr.a().support(), y = pr.b().support();
        for (int k = 0; k < out.length; k++) {
            out[k] = RowFactory.create(x.row(plan.sources()[k]), y.row(plan.targets()[k]), plan.masses()[k]);
        }
        return out;
    }

    private Row output(Object group, int n, int m, Double cost, String status, int iterations, String message, Row[] plan) {
        return plans ? RowFactory.create(group, n, m, cost, status, iterations, message, plan)
                : RowFactory.create(group, n, m, cost, status, iterations, message);
    }

    private StructType schema(DataType groupType) {
        StructType s = new StructType().add("group", groupType).add("sources", DataTypes.IntegerType, false)
                .add("targets", DataTypes.IntegerType, false).add("cost", DataTypes.DoubleType).add("status", DataTypes.StringType, false)
                .add("iterations", DataTypes.IntegerType, false).add("message", DataTypes.StringType);
        if (!plans) return s;
        StructType entry = new StructType().add("source", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("target", DataTypes.createArrayType(DataTypes.DoubleType)).add("mass", DataTypes.DoubleType);
        return s.add("plan", DataTypes.createArrayType(entry));
    }

    static Metric metricOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sqeuclidean" -> Metric.SQEUCLIDEAN;
            case "euclidean" -> Metric.EUCLIDEAN;
            case "cityblock" -> Metric.CITYBLOCK;
            default -> throw new IllegalArgumentException("metric must be sqeuclidean, euclidean or cityblock, got '" + name + "'");
        };
    }

    private static StructField field(Dataset<Row> d, String name) {
        if (name == null) throw new IllegalArgumentException("column names must not be null");
        for (StructField f : d.schema().fields()) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException("column '" + name + "' is not in the table (columns: " + String.join(", ", d.columns())
                + ")");
    }
}
