package org.monge.spark;

import org.apache.spark.sql.SparkSession;

/** The shared test session, for tests in other packages. */
public final class TestSparkAccess {
    private TestSparkAccess() {}

    public static SparkSession session() { return TestSpark.session(); }
}
