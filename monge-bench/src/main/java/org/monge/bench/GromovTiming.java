package org.monge.bench;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.gromov.EntropicGromovWasserstein;
import org.monge.linalg.Matrix;

import java.util.Random;

/**
 * Entropic Gromov–Wasserstein between point clouds at growing sizes: x uniform in [0, 1]² and y uniform in [0, 1]³,
 * each divided by its cube's diagonal so that every squared distance is at most 1, uniform weights, seed 2026.
 * <pre>
 *   fly N EPS [STEPS]     the on-the-fly path (solveCloudsOnTheFly: linearised cost and plan never stored)
 *   dense N EPS [STEPS]   the dense-plan path (solveClouds: low-rank gradient, n×m gradient and plan each step)
 * </pre>
 * STEPS caps the mirror-descent steps (default 1000), to time a few steps of a size whose full run is too long.
 * One run (the sizes of interest take minutes); prints "RESULT name seconds cost" and the steps, status and
 * marginal error on stderr. Run it under {@code /usr/bin/time -v} for the peak memory.
 */
public final class GromovTiming {
    private GromovTiming() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        double eps = Double.parseDouble(args[2]);
        Random rnd = new Random(2026);
        Matrix x = cloud(n, 2, rnd), y = cloud(n, 3, rnd);
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(n);
        EntropicGromovWasserstein solver = EntropicGromovWasserstein.withEpsilon(eps)
                .withMaxIterations(args.length > 3 ? Integer.parseInt(args[3]) : 1000);
        long start = System.nanoTime();
        String line = switch (mode) {
            case "fly" -> {
                EntropicGromovWasserstein.CloudResult r = solver.solveCloudsOnTheFly(x, y, a, b);
                yield describe(r.cost(), r.iterations(), r.status(), r.marginalError()) + ", " + r.sinkhornIterations()
                        + " Sinkhorn iterations";
            }
            case "dense" -> {
                EntropicGromovWasserstein.Result r = solver.solveClouds(x, y, a, b);
                yield describe(r.cost(), r.iterations(), r.status(), r.marginalError());
            }
            default -> throw new IllegalArgumentException("mode must be fly or dense, got " + mode);
        };
        double seconds = (System.nanoTime() - start) * 1e-9;
        System.err.println("gw-" + mode + "-" + n + ": " + line.substring(line.indexOf(' ') + 1));
        Timer.report("gw-" + mode + "-" + n, seconds, Double.parseDouble(line.substring(0, line.indexOf(' '))));
    }

    private static String describe(double cost, int steps, EntropicGromovWasserstein.Status status, double marginalError) {
        return cost + " " + steps + " steps, status " + status + ", marginal error " + marginalError;
    }

    /** n points uniform in [0, 1]^d divided by √d. */
    private static Matrix cloud(int n, int d, Random rnd) {
        double[] v = new double[n * d];
        for (int k = 0; k < v.length; k++) v[k] = rnd.nextDouble() / Math.sqrt(d);
        return Matrix.fromRowMajor(n, d, v);
    }
}
