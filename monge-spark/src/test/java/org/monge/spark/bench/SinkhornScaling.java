package org.monge.spark.bench;

import com.sun.management.OperatingSystemMXBean;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;
import org.monge.spark.SparkSinkhorn;
import org.monge.spark.cluster.SparkCluster;
import scala.jdk.javaapi.CollectionConverters;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * and its broadcast between two jobs); core's is its whole solve over K iterations. Beside the wall times, which
 * on a shared machine mostly measure the load, the executors' CPU per iteration (Spark's task metrics, summed
 * over a pass's tasks) and this driver JVM's CPU per pass, the constants of the cost model.
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

    /** Per job of a session, in order: its end (ms) and its tasks' executor CPU time (s, summed over the tasks). */
    static final class JobEnds extends SparkListener {
        final List<Long> ends = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        private final Map<Integer, Integer> jobOfStage = new HashMap<>();
        private final Map<Integer, Double> cpuOfJob = new HashMap<>();

        @Override
        public synchronized void onJobStart(SparkListenerJobStart e) {
            for (Object s : CollectionConverters.asJava(e.stageIds())) jobOfStage.put((Integer) s, e.jobId());
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
            Integer job = jobOfStage.get(e.stageId());
            if (job != null && e.taskMetrics() != null) cpuOfJob.merge(job, e.taskMetrics().executorCpuTime() * 1e-9, Double::sum);
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd e) {
            ends.add(e.time());
            cpu.add(cpuOfJob.getOrDefault(e.jobId(), 0.0));
        }

        synchronized int size() { return ends.size(); }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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
        System.out.println("| config | wall per iteration (median) | all iterations (s) | executors' CPU per iteration (median) "
                + "| driver's CPU per pass | CPU per kernel entry (2nm a iteration) |");
        System.out.println("|---|---|---|---|---|---|");
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
                    double used = (cpu() - u) / k;
                    System.out.printf(Locale.ROOT,
                            "| monge-core, %d threads (%d iterations) | %.3f s | – | %.3f s (this JVM) | – | %.2f ns |%n",
                            (int) cores, r.iterations(), t, used, used / (2.0 * n * m) * 1e9);
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
                    // JIT and executors warmed on a small problem (2 iterations), so that a large one runs only the K asked for
                    int w = Math.min(n, 2000), wm = Math.min(m, 2000);
                    double[] bw = new double[wm];
                    Arrays.fill(bw, 1.0 / wm);
                    List<SparkSinkhorn.WeightedPoint> few = new ArrayList<>(w);
                    for (int i = 0; i < w; i++) few.add(new SparkSinkhorn.WeightedPoint(x[i], 1.0 / w));
                    SparkSinkhorn.withEpsilon(eps).withTolerance(0).withMaxIterations(2)
                            .solve(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(few, partitions),
                                    Arrays.copyOf(y, wm), bw);
                    Thread.sleep(500);
                    int before = jobs.size();
                    double u = cpu();
                    long t0 = System.nanoTime();
                    SparkSinkhorn.Result r = SparkSinkhorn.withEpsilon(eps).withTolerance(0).withMaxIterations(k).solve(rdd, y, b);
                    double total = (System.nanoTime() - t0) * 1e-9, driver = cpu() - u;
                    Thread.sleep(1000); // the listener bus delivers the last job ends asynchronously
                    // jobs: the mass check, passes 0..K, the collect of f; gaps between passes' ends = iterations 1..K
                    double[] gaps = new double[k], cpus = new double[k];
                    synchronized (jobs) {
                        for (int i = 0; i < k; i++) {
                            gaps[i] = (jobs.ends.get(before + i + 2) - jobs.ends.get(before + i + 1)) * 1e-3;
                            cpus[i] = jobs.cpu.get(before + i + 2);
                        }
                    }
                    double med = median(gaps), medCpu = median(cpus);
                    StringBuilder all = new StringBuilder();
                    for (double g : gaps) all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", g));
                    System.out.printf(Locale.ROOT, "RESULT spark-%s %.4f %d total %.3f executor-cpu %.4f driver-cpu %.3f%n", config, med,
                            r.iterations(), total, medCpu, driver / (k + 1));
                    System.out.printf(Locale.ROOT, "| %d executor(s) × %d core(s) | %.3f s | %s | %.3f s | %.3f s | %.2f ns |%n", executors,
                            cores, med, all, medCpu, driver / (k + 1), medCpu / (2.0 * n * m) * 1e9);
                } finally {
                    spark.stop();
                }
            }
        } finally {
            if (cluster != null) cluster.close();
        }
    }
}
