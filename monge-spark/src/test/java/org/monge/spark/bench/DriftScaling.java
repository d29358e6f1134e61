package org.monge.spark.bench;

import com.sun.management.OperatingSystemMXBean;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.monge.spark.MongeSpark;
import org.monge.spark.SparkDrift;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;

/**
 * Drift of C numeric columns between two generated tables of R rows each (column k of the current
 * table is shifted by 0.01·k), exact and from sketches, on Spark local[threads]; the tables are
 * generated and cached before the clock starts. Prints "RESULT name seconds" lines.
 *
 * <p>Usage: DriftScaling rows columns threads approx [repeats [both|sketch|exact]] (e.g. 1000000 20 2 0.001 2); each
 * run prints the wall and process CPU seconds of each mode and the load average at its start.
 */
public final class DriftScaling {
    private DriftScaling() {}

    static Dataset<Row> table(SparkSession spark, long rows, int columns, long seed, double shift) {
        List<Column> cs = new ArrayList<>();
        for (int k = 0; k < columns; k++) cs.add(randn(seed * 1000 + k).multiply(1 + 0.1 * k).plus(lit(shift * k)).as("c" + k));
        return spark.range(rows).select(cs.toArray(Column[]::new));
    }

    /** Process CPU seconds so far (all threads): on a shared machine a fairer measure than the wall clock. */
    static double cpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    public static void main(String[] args) {
        long rows = Long.parseLong(args[0]);
        int columns = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]);
        double approx = Double.parseDouble(args[3]);
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String modes = args.length > 5 ? args[5] : "both";
        if (!List.of("both", "sketch", "exact").contains(modes)) throw new IllegalArgumentException("modes must be both, sketch or exact");
        SparkSession spark = MongeSpark.localSession("local[" + threads + "]", false);
        Dataset<Row> a = table(spark, rows, columns, 1, 0).cache(), b = table(spark, rows, columns, 2, 0.01).cache();
        a.count();
        b.count();
        MongeSpark monge = MongeSpark.on(spark);
        String last = "c" + (columns - 1);
        for (int r = 0; r < repeats; r++) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "RESULT run %d load %.1f%n", r + 1, load);
            SparkDrift.ColumnDrift s = null, e = null;
            if (!modes.equals("exact")) {
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                s = monge.drift(a, b, null, null, SparkDrift.defaults().withApproximation(approx)).groups().get(0).columns().get(last);
                System.out.printf(Locale.ROOT, "RESULT sketch_eps%s %.2f s (cpu %.1f s) w1=%.6f bound=%.6f%n", approx,
                        (System.nanoTime() - t0) / 1e9, cpuSeconds() - c0, s.w1(), s.w1Bound());
            }
            if (!modes.equals("sketch")) {
                long t1 = System.nanoTime();
                double c1 = cpuSeconds();
                e = monge.drift(a, b, null, null).groups().get(0).columns().get(last);
                System.out.printf(Locale.ROOT, "RESULT exact %.2f s (cpu %.1f s) w1=%.6f w2=%.6f%n", (System.nanoTime() - t1) / 1e9,
                        cpuSeconds() - c1, e.w1(), e.w2());
            }
            if (s != null && e != null) System.out.printf(Locale.ROOT, "RESULT sketch |w1 - exact w1| = %.2e%n", Math.abs(s.w1() - e.w1()));
        }
        spark.stop();
    }
}
