package org.monge.cli;

import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.io.IOException;
import java.nio.file.Path;

/** The .npy inputs of the Gromov–Wasserstein command tests: row matrices and each cloud's own costs scaled to [0, 1]. */
final class GromovInputs {
    private GromovInputs() {}

    /** The rows of p as an n × d .npy file in dir. */
    static String matrix(Path dir, String name, double[][] p) throws IOException {
        int n = p.length, d = p[0].length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(p[i], 0, v, i * d, d);
        Path f = dir.resolve(name);
        Npy.write(f, new NdArray(new int[] {n, d}, v));
        return f.toString();
    }

    /** Squared Euclidean distances between the 2-D rows of x, divided by the largest. */
    static String squaredCost(Path dir, String name, double[][] x) throws IOException {
        return scaledCost(dir, name, x, true);
    }

    /** Euclidean distances between the 2-D rows of x, divided by the largest. */
    static String distanceCost(Path dir, String name, double[][] x) throws IOException {
        return scaledCost(dir, name, x, false);
    }

    private static String scaledCost(Path dir, String name, double[][] x, boolean squared) throws IOException {
        int n = x.length;
        double[][] c = new double[n][n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double dx = x[i][0] - x[k][0], dy = x[i][1] - x[k][1];
                c[i][k] = squared ? dx * dx + dy * dy : Math.hypot(dx, dy);
                max = Math.max(max, c[i][k]);
            }
        }
        for (double[] row : c) for (int k = 0; k < n; k++) row[k] /= max;
        return matrix(dir, name, c);
    }
}
