package org.monge.spark.bench;

import com.sun.management.OperatingSystemMXBean;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.SparkSession;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;
import org.monge.spark.SparkSinkhorn;
import org.monge.spark.cluster.SparkCluster;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Time per iteration of the distributed Sinkhorn ({@link SparkSinkhorn}) on the standalone test cluster
 * ({@link SparkCluster}: a master and two workers, separate JVMs on 127.0.0.1), against the number of executors
 * and cores, and of monge-core's on-the-fly Sinkhorn with the same updates on this JVM's cores.
 *
 * <p>Problem: n and m uniform random points of the unit square (java.util.Random seeds 1 and 2), uniform
 * weights, squared Euclidean cost, ε given, tolerance 0 and a fixed number K of iterations (K + 1 passes; the
 * first only sets f). Spark's time per iteration is the median gap between the ends of consecutive passes'
 * jobs (one job a pass: the update of f, the partial log-sum-exps and their tree reduction, with the driver's g
 * and its broadcast between two jobs); core's is its whole solve over K iterations.
 *
 * <p>Usage: SinkhornScaling n m eps K partitions config... where a config is {@code EXC} (E executors of C
 * cores each, E ≤ 2, C ≤ 2) or {@code core}. Prints "RESULT" lines and a markdown row per config.
 */
public final class SinkhornScaling {
    private SinkhornScaling() {}

    static double[][] cloud(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = r.nextDouble();
            p[1] = r.nextDouble();
        }
        return x;
    }

    static double cpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() * 1e-9;
    }

    /** Ends of the jobs of a session, in milliseconds. */
    static final class JobEnds extends SparkListener {
        final List<Long> ends = new ArrayList<>();

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd e) { ends.add(e.time()); }

        synchronized List<Long> snapshot() { return new ArrayList<>(ends); }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]), m = Integer.parseInt(args[1]);
        double eps = Double.parseDouble(args[2]);
        int k = Integer.parseInt(args[3]), partitions = Integer.parseInt(args[4]);
        double[][] x = cloud(n, 1), y = cloud(m, 2);
        double[] a = new double[n], b = new double[m];
        Arrays.fill(a, 1.0 / n);
        Arrays.fill(b, 1.0 / m);
        System.out.printf(Locale.ROOT, "n = %d, m = %d, eps = %g, %d iterations, %d partitions%n", n, m, eps, k, partitions);
        System.out.println("| config | per iteration (median) | all gaps (s) | pairs/s per core | CPU of this JVM |");
        System.out.println("|---|---|---|---|---|");
        SparkCluster cluster = null;
        try {
            for (int c = 5; c < args.length; c++) {
                String config = args[c];
                if (config.equals("core")) {
                    double u = cpu();
                    long t0 = System.nanoTime();
                    Sinkhorn.Result r = Sinkhorn.withEpsilon(eps).withTolerance(0).withMaxIterations(k).withEpsilonScaling(0)
                            .withMultiscale(false).withStorage(Sinkhorn.Storage.ON_THE_FLY).withOverRelaxation(1).withAnderson(0)
                            .solve(DiscreteMeasure.of(a, Matrix.of(x)), DiscreteMeasure.of(b, Matrix.of(y)),
                                    CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN));
                    double t = (System.nanoTime() - t0) * 1e-9 / k, cores = Runtime.getRuntime().availableProcessors();
                    System.out.printf(Locale.ROOT, "RESULT core %.4f %d%n", t, r.iterations());
                    System.out.printf(Locale.ROOT, "| monge-core, %d threads (%d iterations) | %.3f s | – | %.3g | %.1f s |%n", (int) cores,
                            r.iterations(), t, 2.0 * n * m / t / cores, cpu() - u);
                    continue;
                }
                String[] ec = config.split("x");
                int executors = Integer.parseInt(ec[0]), cores = Integer.parseInt(ec[1]);
                if (cluster == null) cluster = SparkCluster.start(2);
                SparkSession.Builder builder = SparkSession.builder().appName("sinkhorn-" + config).master(cluster.masterUrl());
                for (Map.Entry<String, String> e : cluster.applicationConf().entrySet()) builder = builder.config(e.getKey(), e.getValue());
                SparkSession spark = builder.config("spark.executor.cores", Integer.toString(cores))
                        .config("spark.cores.max", Integer.toString(executors * cores)).config("spark.executor.memory", "768m")
                        .getOrCreate();
                try {
                    while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) Thread.sleep(100);
                    JobEnds jobs = new JobEnds();
                    spark.sparkContext().addSparkListener(jobs);
                    List<SparkSinkhorn.WeightedPoint> pts = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) pts.add(new SparkSinkhorn.WeightedPoint(x[i], a[i]));
                    JavaRDD<SparkSinkhorn.WeightedPoint> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                            .parallelize(pts, partitions).cache();
                    rdd.count();
                    SparkSinkhorn.withEpsilon(eps).withTolerance(0).withMaxIterations(2).solve(rdd, y, b); // JIT, executors warm
                    int before = jobs.snapshot().size();
                    double u = cpu();
                    long t0 = System.nanoTime();
                    SparkSinkhorn.Result r = SparkSinkhorn.withEpsilon(eps).withTolerance(0).withMaxIterations(k).solve(rdd, y, b);
                    double total = (System.nanoTime() - t0) * 1e-9;
                    Thread.sleep(500); // the listener bus delivers the last job ends asynchronously
                    List<Long> ends = jobs.snapshot().subList(before, jobs.snapshot().size());
                    // jobs: the mass check, passes 0..K, the collect of f; gaps between passes' ends = iterations 1..K
                    double[] gaps = new double[k];
                    for (int i = 0; i < k; i++) gaps[i] = (ends.get(i + 2) - ends.get(i + 1)) * 1e-3;
                    double[] sorted = gaps.clone();
                    Arrays.sort(sorted);
                    double med = sorted[k / 2];
                    StringBuilder all = new StringBuilder();
                    for (double g : gaps) all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", g));
                    System.out.printf(Locale.ROOT, "RESULT spark-%s %.4f %d total %.3f jobs %d%n", config, med, r.iterations(), total,
                            ends.size());
                    System.out.printf(Locale.ROOT, "| %d executor(s) × %d core(s) | %.3f s | %s | %.3g | %.1f s |%n", executors, cores, med,
                            all, 2.0 * n * m / med / (executors * cores), cpu() - u);
                } finally {
                    spark.stop();
                }
            }
        } finally {
            if (cluster != null) cluster.close();
        }
    }
}
