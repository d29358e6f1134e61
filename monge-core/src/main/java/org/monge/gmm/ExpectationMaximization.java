package org.monge.gmm;

import org.monge.discrete.exact.KMeans;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Maximum-likelihood fit of a K-component Gaussian mixture by expectation–maximisation
 * (Dempster, Laird &amp; Rubin 1977; Bishop, PRML §9.2), with several restarts and the best
 * log-likelihood kept. Responsibilities are formed in log-space (log-sum-exp), covariances are
 * regularised by adding λ·I (λ relative to the mean data variance) so they stay positive
 * definite, and a restart whose component loses all its mass is reported, not hidden.
 *
 * <p>Starts: k-means++ seeds ({@link KMeans#plusPlusSeeds}, a fresh seed per restart) as means,
 * the data covariance for every component, equal weights.
 * Cost: O(iterations · n · K · d²) per restart.
 */
public final class ExpectationMaximization {
    /** The most restarts a fit may take. */
    public static final int MAX_RESTARTS = 10_000;
    private final int components, maxIterations, restarts;
    private final double tolerance, regularization;
    private final long seed;
    private final Progress progress;

    /** Called after each restart with the number done and the total; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void restartsDone(int done, int total);
    }

    private ExpectationMaximization(int components, int maxIterations, int restarts, double tolerance, double regularization, long seed,
                                    Progress progress) {
        this.components = components;
        this.maxIterations = maxIterations;
        this.restarts = restarts;
        this.tolerance = tolerance;
        this.regularization = regularization;
        this.seed = seed;
        this.progress = progress;
    }

    /** K components, 500 iterations, 5 restarts, tolerance 1e-8 on the mean log-likelihood, λ = 1e-6, seed 0. */
    public static ExpectationMaximization withComponents(int k) {
        if (k < 1) throw new IllegalArgumentException("components must be at least 1, got " + k);
        return new ExpectationMaximization(k, 500, 5, 1e-8, 1e-6, 0, null);
    }

    public ExpectationMaximization withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("maxIterations must be positive, got " + n);
        return new ExpectationMaximization(components, n, restarts, tolerance, regularization, seed, progress);
    }

    public ExpectationMaximization withRestarts(int n) {
        if (n < 1 || n > MAX_RESTARTS) throw new IllegalArgumentException("restarts must be between 1 and " + MAX_RESTARTS + ", got " + n);
        return new ExpectationMaximization(components, maxIterations, n, tolerance, regularization, seed, progress);
    }

    public ExpectationMaximization withTolerance(double t) {
        if (!(t > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + t);
        return new ExpectationMaximization(components, maxIterations, restarts, t, regularization, seed, progress);
    }

    public ExpectationMaximization withRegularization(double r) {
        if (!(r >= 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("regularization must be finite and non-negative, got " + r);
        }
        return new ExpectationMaximization(components, maxIterations, restarts, tolerance, r, seed, progress);
    }

    /** Reports each finished restart to {@code p} (null for none). */
    public ExpectationMaximization withProgress(Progress p) {
        return new ExpectationMaximization(components, maxIterations, restarts, tolerance, regularization, seed, p);
    }

    public ExpectationMaximization withSeed(long s) {
        return new ExpectationMaximization(components, maxIterations, restarts, tolerance, regularization, s, progress);
    }

    /**
     * The best fit over the restarts. {@code converged} is false when the best restart hit the
     * iteration limit; {@code failedRestarts} counts restarts abandoned because a component emptied.
     */
    public record Result(GaussianMixture mixture, double logLikelihood, double bic, int iterations, boolean converged,
            int failedRestarts) {}

    public Result fit(Matrix x) {
        int n = x.rows(), d = x.cols();
        if (n < components) throw new IllegalArgumentException("x has " + n + " rows, fewer than the " + components + " components");
        if (d < 1) throw new IllegalArgumentException("x must have at least one column");
        if (!x.allFinite()) throw new IllegalArgumentException("x has a non-finite entry");
        double[][] pts = x.toArray();
        double[] mean = new double[d];
        for (double[] p : pts) for (int j = 0; j < d; j++) mean[j] += p[j] / n;
        double[][] cov = new double[d][d];
        for (double[] p : pts) for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
        double scale = 0;
        for (int a = 0; a < d; a++) scale += cov[a][a] / d;
        double lambda = regularization * Math.max(scale, Double.MIN_NORMAL);
        for (int a = 0; a < d; a++) cov[a][a] += lambda;
        SplittableRandom rng = new SplittableRandom(seed);
        Result best = null;
        int failed = 0;
        for (int r = 0; r < restarts; r++) {
            Result res = run(pts, KMeans.plusPlusSeeds(x, components, rng.nextLong()).toArray(), cov, lambda);
            if (progress != null) progress.restartsDone(r + 1, restarts);
            if (res == null) { failed++; continue; }
            if (best == null || res.logLikelihood() > best.logLikelihood()) best = res;
        }
        if (best == null) {
            throw new IllegalStateException("EM failed in all " + restarts
                    + " restarts: a component lost all its mass each time (try fewer components or more regularization)");
        }
        return new Result(best.mixture(), best.logLikelihood(), best.bic(), best.iterations(), best.converged(), failed);
    }

    private Result run(double[][] pts, double[][] seeds, double[][] dataCov, double lambda) {
        int n = pts.length, d = pts[0].length, k = components;
        double[] w = new double[k];
        List<Gaussian> comps = new ArrayList<>();
        for (int c = 0; c < k; c++) { w[c] = 1.0 / k; comps.add(Gaussian.of(seeds[c], Matrix.of(dataCov))); }
        double[][] resp = new double[n][k];
        double ll = Double.NEGATIVE_INFINITY;
        int it = 0;
        boolean converged = false;
        GaussianMixture g = GaussianMixture.of(w, comps);
        while (it < maxIterations) {
            it++;
            double newLl = 0;
            double[] l = new double[k];
            for (int i = 0; i < n; i++) {
                g.componentLogDensities(pts[i], l);
                double lse = GaussianMixture.logSumExp(l);
                newLl += lse;
                for (int c = 0; c < k; c++) resp[i][c] = Math.exp(l[c] - lse);
            }
            if (Math.abs(newLl - ll) <= tolerance * Math.abs(newLl)) { ll = newLl; converged = true; break; }
            ll = newLl;
            comps = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                double nk = 0;
                double[] m = new double[d];
                for (int i = 0; i < n; i++) { nk += resp[i][c]; for (int j = 0; j < d; j++) m[j] += resp[i][c] * pts[i][j]; }
                if (!(nk > 1e-10 * n)) return null;
                for (int j = 0; j < d; j++) m[j] /= nk;
                double[][] s = new double[d][d];
                for (int i = 0; i < n; i++) {
                    double ri = resp[i][c];
                    for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) s[a][b] += ri * (pts[i][a] - m[a]) * (pts[i][b] - m[b]);
                }
                for (int a = 0; a < d; a++) { for (int b = 0; b <= a; b++) { s[a][b] /= nk; s[b][a] = s[a][b]; } s[a][a] += lambda; }
                w[c] = nk / n;
                comps.add(Gaussian.of(m, Matrix.of(s)));
            }
            double tot = 0;
            for (double v : w) tot += v;
            for (int c = 0; c < k; c++) w[c] /= tot;
            g = GaussianMixture.of(w, comps);
        }
        double params = (k - 1) + k * d + k * d * (d + 1) / 2.0;
        return new Result(g, ll, -2 * ll + params * Math.log(n), it, converged, 0);
    }
}
