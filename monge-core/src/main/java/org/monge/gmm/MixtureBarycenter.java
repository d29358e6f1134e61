package org.monge.gmm;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The barycenter of Gaussian mixtures for MW2 (Delon &amp; Desolneux, "A Wasserstein-type distance
 * in the space of Gaussian mixture models", SIAM J. Imaging Sci. 2020, §5; the fixed-point method
 * that POT offers as ot.gmm.gmm_barycenter_fixed_point): minimise Σ_j λ_j MW2²(B, M_j) over mixtures
 * B with K components and fixed weights a (the start's). Alternating steps: (1) the optimal MW2
 * couplings π_j between B and every M_j ({@link MixtureTransport}); (2) every component of B becomes
 * the Bures–Wasserstein barycenter ({@link GaussianBarycenter}) of the components N_{jl} with weights
 * λ_j π_j[k, l] / a_k. Step (1) is exact and step (2) minimises the objective for fixed couplings,
 * so the objective never increases; it stops when it falls by less than tolerance × objective (or
 * reaches zero). A local method: the result depends on the start, as in the paper. With K and the
 * weights fixed, the barycenter of two mixtures lies on their MW2 geodesic only when the optimal
 * coupling needs no more than K components (e.g. a permutation between equal weights).
 * Cost per iteration: Σ_j K·L_j Bures distances and network simplices, K Gaussian barycenters.
 */
public final class MixtureBarycenter {
    private final int maxIterations;
    private final double tolerance;

    private MixtureBarycenter(int maxIterations, double tolerance) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** At most 100 iterations, relative tolerance 1e-10 on the objective. */
    public static MixtureBarycenter defaults() { return new MixtureBarycenter(100, 1e-10); }

    public MixtureBarycenter withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("maxIterations must be positive, got " + n);
        return new MixtureBarycenter(n, tolerance);
    }

    public MixtureBarycenter withTolerance(double tol) {
        if (!(tol >= 0) || !Double.isFinite(tol)) throw new IllegalArgumentException("tolerance must be non-negative, got " + tol);
        return new MixtureBarycenter(maxIterations, tol);
    }

    /** The barycenter, its objective Σ λ_j MW2²(B, M_j) after each iteration, and whether the tolerance was met. */
    public record Result(GaussianMixture barycenter, double objective, double[] objectives, int iterations, boolean converged) {}

    /** Equal weights λ, started from the first mixture. */
    public Result solve(List<GaussianMixture> mixtures) {
        double[] l = new double[mixtures == null ? 0 : mixtures.size()];
        Arrays.fill(l, 1.0 / Math.max(1, l.length));
        return solve(mixtures, l, mixtures == null || mixtures.isEmpty() ? null : mixtures.get(0));
    }

    /** Weights λ (non-negative, positive sum; normalised), started from {@code start} (its weights stay fixed). */
    public Result solve(List<GaussianMixture> mixtures, double[] lambdas, GaussianMixture start) {
        if (mixtures == null || mixtures.isEmpty()) throw new IllegalArgumentException("mixtures: need at least one");
        if (start == null) throw new IllegalArgumentException("start must not be null");
        if (lambdas == null || lambdas.length != mixtures.size()) {
            throw new IllegalArgumentException("lambdas must have one entry per mixture (" + mixtures.size() + ")");
        }
        double total = 0;
        for (int j = 0; j < lambdas.length; j++) {
            if (!(lambdas[j] >= 0) || !Double.isFinite(lambdas[j])) {
                throw new IllegalArgumentException("lambdas[" + j + "] must be finite and non-negative, got " + lambdas[j]);
            }
            total += lambdas[j];
        }
        if (!(total > 0)) throw new IllegalArgumentException("lambdas must have a positive sum");
        double[] lam = new double[lambdas.length];
        for (int j = 0; j < lam.length; j++) lam[j] = lambdas[j] / total;
        for (int j = 0; j < mixtures.size(); j++) {
            if (mixtures.get(j).dimension() != start.dimension()) {
                throw new IllegalArgumentException("mixtures[" + j + "] has dimension " + mixtures.get(j).dimension() + ", the start "
                        + start.dimension());
            }
        }
        double[] a = start.weights();
        int k = a.length;
        GaussianMixture b = start;
        List<Double> history = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        boolean converged = false;
        int it = 0;
        while (it < maxIterations) {
            List<MixtureTransport.Result> plans = new ArrayList<>();
            double objective = 0;
            for (int j = 0; j < mixtures.size(); j++) {
                MixtureTransport.Result r = MixtureTransport.solve(b, mixtures.get(j));
                plans.add(r);
                objective += lam[j] * r.squaredDistance();
            }
            if (!history.isEmpty()) {
                history.set(history.size() - 1, objective); // the objective of the current barycenter
                if (previous - objective <= tolerance * objective || objective == 0) { converged = true; break; }
            }
            previous = objective;
            List<Gaussian> next = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                List<Gaussian> parts = new ArrayList<>();
                List<Double> w = new ArrayList<>();
                for (int j = 0; j < mixtures.size(); j++) {
                    Matrix pi = plans.get(j).coupling();
                    for (int l = 0; l < pi.cols(); l++) {
                        double v = lam[j] * pi.get(c, l) / a[c];
                        if (v > 0) { parts.add(mixtures.get(j).component(l)); w.add(v); }
                    }
                }
                next.add(GaussianBarycenter.defaults().solve(parts, w.stream().mapToDouble(Double::doubleValue).toArray()).barycenter());
            }
            b = GaussianMixture.of(a, next);
            history.add(Double.NaN);
            it++;
        }
        double objective = 0;
        for (int j = 0; j < mixtures.size(); j++) objective += lam[j] * MixtureTransport.solve(b, mixtures.get(j)).squaredDistance();
        if (!history.isEmpty()) history.set(history.size() - 1, objective);
        return new Result(b, objective, history.stream().mapToDouble(Double::doubleValue).toArray(), it, converged);
    }
}
