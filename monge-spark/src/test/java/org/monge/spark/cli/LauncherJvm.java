package org.monge.spark.cli;

import org.monge.spark.cluster.SparkCluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A driver JVM of its own (a {@code bin/monge spark} or {@code spark-submit} launcher) run to its end
 * against the test cluster. Its time limit scales with the machine's load: {@link #BASE_LIMIT_S} on
 * an idle machine, times the load average per core when that is above one, at most
 * {@link #MAX_LIMIT_S}; one that runs past it is killed and reported with the limit, the load and
 * its standard error, not as a bare timeout.
 */
final class LauncherJvm {
    /** Seconds a launcher gets on an idle machine (it starts Spark and an application on the cluster: about 20 s there). */
    static final int BASE_LIMIT_S = 120;
    /** The most seconds a launcher gets at any load. */
    static final int MAX_LIMIT_S = 600;

    record Result(int code, String out, String err) {}

    private LauncherJvm() {}

    /** The limit for a launcher started now: {@link #BASE_LIMIT_S} scaled by the load per core, capped. */
    static int limitSeconds() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        double perCore = load < 0 ? 1 : load / cores;
        return (int) Math.min(MAX_LIMIT_S, Math.ceil(BASE_LIMIT_S * Math.max(1, perCore)));
    }

    /** Runs {@code cmd} (SPARK_LOCAL_IP set to the cluster's host, plus {@code env} pairs), its output kept under {@code dir}. */
    static Result run(List<String> cmd, Path dir, String name, String... env) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SPARK_LOCAL_IP", SparkCluster.host());
        for (int i = 0; i + 1 < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        int limit = limitSeconds();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(limit, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String tail = tail(Files.readString(err, StandardCharsets.UTF_8), 4000);
            throw new AssertionError(name + " did not finish within its limit of " + limit + " s (" + BASE_LIMIT_S
                    + " s scaled by the load average per core, " + String.format("%.1f", loadAtStart) + " at the start and "
                    + String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                    + " now, on " + Runtime.getRuntime().availableProcessors() + " cores; killed after "
                    + (System.nanoTime() - start) / 1_000_000_000L + " s); its stderr ends with:\n" + tail);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String tail(String s, int chars) {
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }
}
