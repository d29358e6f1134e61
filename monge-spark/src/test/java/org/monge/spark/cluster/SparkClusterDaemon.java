package org.monge.spark.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of the cluster's master and worker JVMs: runs the Spark daemon named by the first
 * argument with the rest, and exits as soon as its standard input closes. The test JVM holds that
 * pipe open, so the daemons die with it even when it is killed without running its shutdown hooks.
 */
public final class SparkClusterDaemon {
    private SparkClusterDaemon() {}

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent; read until the parent closes the pipe
                }
            } catch (IOException ignored) {
                // a broken pipe means the same: the parent is gone
            }
            System.exit(0); // not halt: the worker's shutdown hook stops its executors
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
