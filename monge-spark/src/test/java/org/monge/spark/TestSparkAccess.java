package org.monge.spark;

import org.apache.spark.sql.SparkSession;
import org.monge.spark.cluster.SparkCluster;

/** The shared test session, for tests in other packages. */
public final class TestSparkAccess {
    private TestSparkAccess() {}

    public static SparkSession session() { return TestSpark.session(); }

    /** The test cluster, or null when the tests run in local mode. */
    public static SparkCluster cluster() { return TestSpark.cluster(); }
}
