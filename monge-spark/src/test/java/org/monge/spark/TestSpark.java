package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.monge.spark.cluster.SparkCluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One session shared by all of the module's tests (starting one costs seconds), and partition
 * layouts. By default the session runs on a {@link SparkCluster} of two workers started here (a real
 * {@code spark://} master, executors in other JVMs); {@code -Dmonge.spark.test.master=local[2]} runs
 * the same tests in local mode instead. {@link TestSparkLifecycle} stops both when the test run ends,
 * whether or not the tests passed; a shutdown hook does too.
 */
final class TestSpark {
    /** The system property that picks local mode ("local[2]") instead of the test cluster ("cluster", the default). */
    static final String MASTER_PROPERTY = "monge.spark.test.master";
    private static SparkSession session;
    private static SparkCluster cluster;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            String master = System.getProperty(MASTER_PROPERTY, "cluster");
            if (master.equals("cluster")) {
                cluster = SparkCluster.start(2);
                session = cluster.session("monge-spark-tests");
            } else {
                session = SparkSession.builder().appName("monge-spark-tests").master(master)
                        .config("spark.ui.enabled", false)
                        .config("spark.sql.shuffle.partitions", 4)
                        .getOrCreate();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestSpark::stop));
        }
        return session;
    }

    /** The test cluster, or null in local mode (or before the first session). */
    static synchronized SparkCluster cluster() {
        session();
        return cluster;
    }

    /** Stops the session, then the cluster's daemons. */
    static synchronized void stop() {
        if (session != null) session.stop();
        session = null;
        if (cluster != null) cluster.close();
        cluster = null;
    }

    /** The partition layouts every distributed result is checked under: sizes per partition, for n rows. */
    static List<int[]> layouts(int n) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {n});                                   // 1 partition
        out.add(split(n, 3));                                     // 3 partitions
        out.add(split(n, 7));                                     // 7 partitions
        out.add(new int[] {0, 0, n - 1, 0, 1, 0});                // empty partitions
        out.add(new int[] {1, n - 4, 0, 2, 1});                   // skewed, one empty
        return out;
    }

    private static int[] split(int n, int k) {
        int[] s = new int[k];
        for (int i = 0; i < k; i++) s[i] = n / k + (i < n % k ? 1 : 0);
        return s;
    }

    /** A DataFrame whose partitions hold exactly the given numbers of consecutive rows. */
    static Dataset<Row> partitioned(List<Row> rows, StructType schema, int[] sizes) {
        List<List<Row>> chunks = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            chunks.add(new ArrayList<>(rows.subList(at, at + s)));
            at += s;
        }
        if (at != rows.size()) throw new IllegalStateException("layout covers " + at + " of " + rows.size() + " rows");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
        JavaRDD<Row> rdd = jsc.parallelize(chunks, chunks.size()).flatMap(List::iterator);
        return session().createDataFrame(rdd, schema);
    }
}
