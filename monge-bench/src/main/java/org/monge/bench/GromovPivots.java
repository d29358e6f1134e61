package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Path;

/**
 * The network-simplex work of exact GW (square loss, uniform weights, start a⊗b) step by step, each linear step solved
 * twice on the same gradient: warm-started from the previous step's basis ({@link NetworkSimplex.WarmStarted}, as
 * {@code GromovWasserstein} does) and from scratch ({@link NetworkSimplex#solve}, as before). The Frank–Wolfe loop is
 * written here from public API only, with the dense squared-distance matrices (gradient 2 (c − 2 C1 T C2), exact line
 * search, POT's stopping rule), so it also re-derives the cost and step count that {@code monge gromov} reports.
 * <pre>  GromovPivots X.npy Y.npy     (the clouds of side-by-side/gromov.sh)</pre>
 * Prints each step's pivots (warm, cold) and the totals with the seconds spent in each kind of solve (one JVM; the
 * cold solves run second, on a warmer JIT, so the time ratio understates the gain).
 */
public final class GromovPivots {
    private GromovPivots() {}

    public static void main(String[] args) throws Exception {
        Matrix x = Npy.read(Path.of(args[0])).toPoints("x"), y = Npy.read(Path.of(args[1])).toPoints("y");
        int n = x.rows(), m = y.rows();
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        Matrix c1 = squaredDistances(x), c2 = squaredDistances(y);
        double[] u = squaresTimes(c1, a.weights()), v = squaresTimes(c2, b.weights());
        double[] cst = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) cst[i * m + j] = u[i] + v[j];
        Matrix constant = Matrix.fromRowMajor(n, m, cst), t = Matrix.outer(a.weights(), b.weights());
        NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(a, b);
        Matrix cross = c1.times(t).times(c2).scale(2); // h1 T h2ᵀ with h2 = 2 C2
        double value = constant.dot(t) - cross.dot(t), warmSeconds = 0, coldSeconds = 0;
        long warmPivots = 0, coldPivots = 0;
        int it = 0;
        while (it < 200) {
            it++;
            double[] g = constant.combine(2, cross, -2).toRowMajor();
            double min = Double.POSITIVE_INFINITY;
            for (double e : g) min = Math.min(min, e);
            for (int k = 0; k < g.length; k++) g[k] -= min;
            CostMatrix cost = CostMatrix.dense(n, m, g);
            long s0 = System.nanoTime();
            NetworkSimplex.Result w = warm.solve(cost);
            long s1 = System.nanoTime();
            NetworkSimplex.Result c = NetworkSimplex.defaults().solve(a, b, cost);
            long s2 = System.nanoTime();
            warmSeconds += (s1 - s0) * 1e-9;
            coldSeconds += (s2 - s1) * 1e-9;
            warmPivots += w.iterations();
            coldPivots += c.iterations();
            System.out.printf("step %d: pivots warm %d, cold %d; optimal costs differ by %.1e%n", it, w.iterations(), c.iterations(),
                    w.cost() - c.cost());
            Matrix delta = Matrix.fromRowMajor(n, m, w.plan().toDense()).minus(t), crossDelta = c1.times(delta).times(c2).scale(2);
            double beta = constant.dot(delta) - crossDelta.dot(t) - cross.dot(delta), gamma = -crossDelta.dot(delta);
            double step = gamma > 0 ? Math.min(1, Math.max(0, -beta / (2 * gamma))) : beta + gamma < 0 ? 1 : 0;
            if (step != 0) {
                t = t.combine(1, delta, step);
                cross = c1.times(t).times(c2).scale(2);
            }
            double old = value;
            value = constant.dot(t) - cross.dot(t);
            double change = Math.abs(value - old);
            if (change / Math.abs(value) < 1e-9 || change < 1e-9) break;
        }
        System.out.printf("n = %d, m = %d: %d steps, cost %s; pivots warm %d, cold %d (%.2fx); network simplex %.3f s warm, "
                + "%.3f s cold%n", n, m, it, value, warmPivots, coldPivots, (double) coldPivots / warmPivots, warmSeconds, coldSeconds);
    }

    /** (C∘C) w. */
    private static double[] squaresTimes(Matrix c, double[] w) {
        double[] out = new double[c.rows()];
        for (int i = 0; i < c.rows(); i++) for (int k = 0; k < c.cols(); k++) out[i] += c.get(i, k) * c.get(i, k) * w[k];
        return out;
    }

    private static Matrix squaredDistances(Matrix p) {
        int n = p.rows(), d = p.cols();
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int q = 0; q < d; q++) s += (p.get(i, q) - p.get(k, q)) * (p.get(i, q) - p.get(k, q));
                c[i * n + k] = s;
            }
        }
        return Matrix.fromRowMajor(n, n, c);
    }
}
