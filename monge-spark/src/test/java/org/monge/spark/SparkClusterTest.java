package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monge.spark.cluster.SparkCluster;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The test cluster is a real one: executors are other JVMs than the driver and the daemons, a
 * static set on the driver is not seen there, a class left out of the shipped jars is missing there,
 * and a closure that captures a value that does not serialise fails. What passes in local mode only
 * because driver and executors share one JVM fails here.
 */
class SparkClusterTest {
    /** Set on the driver only; the executors see the class's initial value. */
    static int driverSetting = 0;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void onCluster() {
        Assumptions.assumeTrue(TestSpark.cluster() != null, "the tests run in local mode (" + TestSpark.MASTER_PROPERTY + ")");
        jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    }

    private static JavaRDD<Integer> numbers() {
        return jsc.parallelize(IntStream.range(0, 40).boxed().toList(), 8);
    }

    @Test
    void executorsAreSeparateJvmsOnBothWorkers() {
        long driver = ProcessHandle.current().pid();
        Set<Long> executors = new HashSet<>(numbers().map(i -> ProcessHandle.current().pid()).distinct().collect());
        Set<Long> daemons = new HashSet<>();
        for (ProcessHandle h : TestSpark.cluster().daemons()) daemons.add(h.pid());
        assertThat(executors).hasSize(2).doesNotContain(driver).doesNotContainAnyElementsOf(daemons);
        assertThat(TestSpark.session().sparkContext().master()).startsWith("spark://127.0.0.1:");
    }

    @Test
    void aStaticSetOnTheDriverIsNotSetInTheExecutors() {
        driverSetting = 7;
        List<Integer> seen = numbers().map(i -> driverSetting).distinct().collect();
        assertThat(seen).containsExactly(0);
    }

    /** Serialisable, but left out of the jars shipped to the executors (see {@link SparkCluster#NOT_SHIPPED_PREFIX}). */
    record DriverOnlyValue(int v) implements Serializable {}

    @Test
    void aClassThatIsNotShippedIsMissingInTheExecutors() {
        Throwable t = catchThrowable(() -> numbers().map(i -> new DriverOnlyValue(i).v()).count());
        assertThat(t).isNotNull();
        assertThat(t.toString() + causes(t)).containsAnyOf("NoClassDefFoundError", "ClassNotFoundException").contains("DriverOnlyValue");
    }

    /** Not serialisable: a closure that captures one cannot be sent to an executor. */
    static final class Unserialisable {
        final int offset = 3;
    }

    @Test
    void aClosureCapturingAValueThatDoesNotSerialiseFails() {
        Unserialisable u = new Unserialisable();
        Throwable t = catchThrowable(() -> numbers().map(i -> i + u.offset).count());
        assertThat(t).isNotNull();
        assertThat(t.toString() + causes(t)).contains("NotSerializableException").contains("Unserialisable");
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) b.append(" / ").append(c);
        return b.toString();
    }
}
