package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** One local[2] session shared by all of the module's tests (starting one costs seconds), and partition layouts. */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().appName("monge-spark-tests").master("local[2]")
                    .config("spark.ui.enabled", false)
                    .config("spark.sql.shuffle.partitions", 4)
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
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
