package org.monge.spark.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.Fid;
import org.monge.io.Npy;
import org.monge.spark.TestSparkAccess;
import org.monge.spark.cluster.SparkCluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code spark-submit} of the module's packaged jar to the test cluster, as the README's "On a
 * standalone cluster" section does it. The spark-submit script only runs
 * {@code java -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit ARGS} (SparkSubmit ships
 * in spark-core), so that is the command here, with the cluster's Spark home; {@code --jars} is the
 * README's filter of {@code target/launcher-classpath.txt}. The job's answer equals monge-core's, and
 * the jar holds no Spark (nor Scala) classes. Runs in the {@code integration-test} phase, after the
 * jar is packaged (the pom's {@code spark-submit} execution sets {@link #JAR_PROPERTY}).
 */
class SparkSubmitTest {
    /** The packaged module jar, set by the pom's integration-test execution. */
    static final String JAR_PROPERTY = "monge.spark.jar";
    /** The README's {@code grep -E} of the launcher class path: Monge's other jars and the libraries they call. */
    static final Pattern README_JARS = Pattern.compile("/monge-|/org/ejml/|/dev/ludovic/netlib/|/info/picocli/");

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void packaged() {
        String j = System.getProperty(JAR_PROPERTY);
        Assumptions.assumeTrue(j != null, "runs in the integration-test phase, after the jar is packaged (mvn verify)");
        jar = Path.of(j);
        assertThat(jar).as("the module's jar").isRegularFile();
    }

    @Test
    void theModulesJarHoldsMongeSparkAndNoSpark() throws Exception {
        List<String> entries = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) f.stream()::iterator) entries.add(e.getName());
        }
        assertThat(entries).contains("org/monge/spark/cli/SparkMain.class", "org/monge/spark/SparkDrift.class");
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/spark/") || e.startsWith("scala/") || e.endsWith(".jar"));
        assertThat(entries).allMatch(e -> e.startsWith("org/monge/spark/") || e.startsWith("META-INF/") || e.equals("org/")
                || e.equals("org/monge/"));
    }

    @Test
    void sparkSubmitOfTheJarToTheClusterEqualsMongeCore() throws Exception {
        SparkCluster cluster = TestSparkAccess.cluster();
        Assumptions.assumeTrue(cluster != null, "the tests run in local mode");
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Npy.write(a, SparkCliTest.features(300, 4, 3));
        Npy.write(b, SparkCliTest.features(200, 4, 4));
        double expected = Fid.between(SparkCliTest.streamed(a), SparkCliTest.streamed(b));

        Path classPathFile = jar.resolveSibling("launcher-classpath.txt");
        List<String> jars = Arrays.stream(Files.readString(classPathFile, StandardCharsets.UTF_8).strip().split(":"))
                .filter(e -> README_JARS.matcher(e).find()).toList();
        assertThat(jars).as("--jars").isNotEmpty().allMatch(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)));
        assertThat(jars).anyMatch(e -> e.contains("monge-core")).anyMatch(e -> e.contains("picocli"));

        Set<String> before = cluster.applications();
        Path sparkHome = cluster.sparkHome();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", sparkHome.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", cluster.masterUrl(), "--class", SparkMain.class.getName(), "--jars", String.join(",", jars),
                "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2",
                jar.toString(), "fid", "--input", a.toString(), "--input", b.toString(), "--json");
        LauncherJvm.Result r = LauncherJvm.run(cmd, dir, "spark-submit", "SPARK_HOME", sparkHome.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SparkCliTest.number(r.out(), "fid")).isCloseTo(expected, within(1e-10 * expected));
        assertThat(SparkCliTest.number(r.out(), "count_a")).isEqualTo(300);
        assertThat(SparkCliTest.number(r.out(), "count_b")).isEqualTo(200);
        assertThat(cluster.applications()).as("the workers ran a new application's executors").hasSizeGreaterThan(before.size());
    }
}
