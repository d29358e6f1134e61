package org.monge.spark.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.Fid;
import org.monge.io.Npy;
import org.monge.spark.TestSparkAccess;
import org.monge.spark.cluster.SparkCluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code monge spark ... --master spark://HOST:PORT}: {@link SparkMain} in a JVM of its own (as
 * {@code bin/monge spark} starts it) submits to the test cluster and gets monge-core's answer, its
 * executors fed by the jars it finds on its own class path (within {@link LauncherJvm}'s load-scaled limit); a master
 * that does not answer is one line and exit 2.
 */
class SparkClusterCliTest {
    @TempDir
    static Path dir;
    static SparkCluster cluster;

    static Path a, b;

    @BeforeAll
    static void onCluster() throws Exception {
        cluster = TestSparkAccess.cluster();
        Assumptions.assumeTrue(cluster != null, "the tests run in local mode");
        a = dir.resolve("a.npy");
        b = dir.resolve("b.npy");
        Npy.write(a, SparkCliTest.features(300, 4, 1));
        Npy.write(b, SparkCliTest.features(200, 4, 2));
    }

    @Test
    void fidOnTheClusterFromALauncherJvmEqualsMongeCore() throws Exception {
        double expected = Fid.between(SparkCliTest.streamed(a), SparkCliTest.streamed(b));
        // the test class path, like bin/monge's: Monge's modules (as folders or jars) and the third-party jars, Spark included;
        // SparkMain itself must find and pack what the executors need
        String cp = String.join(File.pathSeparator, SparkCluster.testClassPath());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", cp, SparkMain.class.getName(), "fid", "--master", cluster.masterUrl(),
                "--input", a.toString(), "--input", b.toString(), "--json",
                // the executors get Spark from the cluster's Spark home (jars/); the test session holds 512 MB of each worker
                "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2");
        LauncherJvm.Result r = LauncherJvm.run(cmd, dir, "monge-spark-fid");
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(SparkCliTest.number(out, "fid")).isCloseTo(expected, within(1e-10 * expected));
        assertThat(SparkCliTest.number(out, "count_a")).isEqualTo(300);
    }

    @Test
    void aMasterThatDoesNotAnswerIsOneLineAndExitTwo() {
        String url = "spark://127.0.0.1:" + freePort();
        SparkCliTest.Run r = SparkCliTest.run("fid", "--master", url, "--input", a.toString(), "--input", b.toString());
        assertThat(r.code()).isEqualTo(SparkMain.USER_ERROR);
        assertThat(r.err()).startsWith("monge: error: --master: " + url + ": no Spark master answers").endsWith(System.lineSeparator());
        assertThat(r.err().strip()).doesNotContain("\n");
        SparkCliTest.Run bad = SparkCliTest.run("fid", "--master", "spark://nowhere", "--input", a.toString(), "--input", b.toString());
        assertThat(bad.code()).isEqualTo(SparkMain.USER_ERROR);
        assertThat(bad.err()).isEqualTo("monge: error: --master: spark://nowhere: expected spark://HOST:PORT" + System.lineSeparator());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
