package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Sliced Wasserstein distance SW_p(μ, ν) = (E_θ W_p^p(θ#μ, θ#ν))^{1/p}, the expectation over
 * directions θ uniform on the unit sphere estimated with L random directions drawn from a seed
 * (Rabin, Peyré, Delon &amp; Bernot 2011; Bonneel et al. 2015); the max-sliced variant takes the
 * largest W_p over the sampled directions instead (Deshpande et al. 2019, here without the inner
 * optimisation over θ). Each direction projects both clouds (O((n + m)·d)) and solves the 1-D
 * problem exactly by {@link OneDimensional} (radix sort, O(n + m)); directions run in parallel.
 * Directions depend only on the seed, never on the number of threads.
 * SW_p is homogeneous of degree 1: clouds beyond 1e±100 are projected after division by a power of two
 * (exact) and the distance is scaled back, so W_p^p of points near 1e200 does not overflow (nor vanish near 1e-200).
 */
public final class SlicedWasserstein {
    private final int projections;
    private final long seed;
    private final double p;
    private final boolean max;

    private SlicedWasserstein(int projections, long seed, double p, boolean max) {
        this.projections = projections;
        this.seed = seed;
        this.p = p;
        this.max = max;
    }

    /** 100 directions, seed 0, p = 2, averaged. */
    public static SlicedWasserstein defaults() { return new SlicedWasserstein(100, 0, 2, false); }

    public SlicedWasserstein withProjections(int n) {
        Checks.atLeast(n, 1, "projections");
        return new SlicedWasserstein(n, seed, p, max);
    }

    public SlicedWasserstein withSeed(long s) { return new SlicedWasserstein(projections, s, p, max); }

    public SlicedWasserstein withP(double exponent) {
        Checks.exponent(exponent, "p");
        return new SlicedWasserstein(projections, seed, exponent, max);
    }

    /** true: the largest W_p over the directions (max-sliced) instead of the mean of W_p^p. */
    public SlicedWasserstein withMaxSliced(boolean m) { return new SlicedWasserstein(projections, seed, p, m); }

    /**
     * Bytes {@link #distance} needs beyond the two clouds in dimension d: the L directions are held
     * three times (rows, a matrix, rows again), 8 bytes an entry each, plus 48 bytes per direction
     * for its cost and the array headers.
     */
    public long bytesNeeded(int dimension) {
        return (long) projections * (24L * dimension + 48);
    }

    /** L unit directions in R^d (rows), normalised standard Gaussians from the seed. */
    public Matrix directions(int d) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] t = new double[projections][d];
        for (double[] row : t) {
            double nrm;
            do {
                nrm = 0;
                for (int k = 0; k < d; k++) {
                    row[k] = gaussian(r);
                    nrm += row[k] * row[k];
                }
            } while (nrm == 0);
            nrm = Math.sqrt(nrm);
            for (int k = 0; k < d; k++) row[k] /= nrm;
        }
        return Matrix.of(t);
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * SW_p between the weights of a problem on the points its cost is computed from. The cost's metric
     * is not used: each slice solves the 1-D problem for |x − y|^p with this solver's p.
     */
    public double distance(TransportProblem problem) {
        return distance(problem.sourceOnPoints("sliced Wasserstein"), problem.targetOnPoints("sliced Wasserstein"));
    }

    /** SW_p between two weighted point clouds (the measures need support points of equal dimension). */
    public double distance(DiscreteMeasure mu, DiscreteMeasure nu) {
        Matrix x = mu.support(), y = nu.support();
        if (x.cols() != y.cols()) throw new IllegalArgumentException("point clouds differ in dimension: " + x.cols() + " and " + y.cols());
        DiscreteMeasure.requireBalanced(mu, nu);
        int d = x.cols();
        double mx = Math.max(x.maxAbs(), y.maxAbs());
        int e = Scaling.isModerate(mx) || !Double.isFinite(mx) ? 0 : Scaling.exponent(mx);
        double[] xf = Scaling.scalb(x.toRowMajor(), -e), yf = Scaling.scalb(y.toRowMajor(), -e);
        double[] xw = mu.weights(), yw = nu.weights();
        double[][] theta = directions(d).toArray();
        double[] costs = new double[projections];
        IntStream.range(0, projections).parallel().forEach(l -> {
            double[] px = project(xf, d, theta[l]), py = project(yf, d, theta[l]);
            costs[l] = OneDimensional.wassersteinCost(px, xw, py, yw, p);
        });
        double agg = 0;
        for (double c : costs) agg = max ? Math.max(agg, c) : agg + c / projections;
        double sw = p == 1 ? agg : Math.pow(agg, 1 / p);
        return e == 0 ? sw : Scaling.requireRepresentable(Math.scalb(sw, e), "the sliced distance");
    }

    /**
     * SW_p^p (the mean over the directions of W_p^p; for max-sliced, the largest W_p^p) with its gradient with
     * respect to the points and the weights of both clouds: for fixed directions SW_p^p is a mean of 1-D costs
     * of the projections, so ∂/∂x_i = (1/L) Σ_l θ_l ∂W_p^p(θ_l#μ, θ_l#ν)/∂(θ_l·x_i) and the weight gradients are
     * the means of the 1-D potentials ({@link OneDimensionalGradient}; centred on the simplex tangent). A gradient
     * where every 1-D problem is differentiable (distinct projections, no tied cumulative weights: generic
     * inputs), else a sub- or supergradient as explained there; for max-sliced, that of the maximising
     * direction (a gradient where it is the unique maximiser). Cost: that of {@link #distance} plus O((n + m)·d)
     * a direction. Points beyond 1e±100 are projected after division by a power of two, as in {@link #distance};
     * a cost SW_p^p outside the double range is an IllegalArgumentException.
     */
    public ValueAndGradient valueAndGradient(DiscreteMeasure mu, DiscreteMeasure nu) {
        Matrix x = mu.support(), y = nu.support();
        if (x.cols() != y.cols()) throw new IllegalArgumentException("point clouds differ in dimension: " + x.cols() + " and " + y.cols());
        DiscreteMeasure.requireBalanced(mu, nu);
        int d = x.cols(), n = x.rows(), m = y.rows();
        double mx = Math.max(x.maxAbs(), y.maxAbs());
        int e = Scaling.isModerate(mx) || !Double.isFinite(mx) ? 0 : Scaling.exponent(mx);
        double[] xf = Scaling.scalb(x.toRowMajor(), -e), yf = Scaling.scalb(y.toRowMajor(), -e), xw = mu.weights(), yw = nu.weights();
        double[][] theta = directions(d).toArray();
        OneDimensionalGradient.Raw[] raw = new OneDimensionalGradient.Raw[projections];
        IntStream.range(0, projections).parallel().forEach(l ->
                raw[l] = OneDimensionalGradient.raw(project(xf, d, theta[l]), xw, project(yf, d, theta[l]), yw, p));
        int best = 0;
        for (int l = 1; l < projections; l++) if (raw[l].cost() > raw[best].cost()) best = l;
        int from = max ? best : 0, to = max ? best + 1 : projections;
        double weight = max ? 1 : 1.0 / projections, value = 0;
        for (int l = from; l < to; l++) value += weight * raw[l].cost();
        // computed on the points times 2^−e: the cost and potentials scale back by 2^(e·p), the point gradients by 2^(e·(p−1))
        double costScale = Math.pow(2, e * p), slopeScale = Math.pow(2, e * (p - 1)), valueScaled = value * costScale;
        if (!Double.isFinite(valueScaled) || (valueScaled == 0 && value > 0)) {
            throw new IllegalArgumentException("the sliced cost SW_p^p of these points is outside the double range; rescale them");
        }
        double[] gx = new double[n * d], gy = new double[m * d], ga = new double[n], gb = new double[m];
        // each point sums its directions' terms: points in parallel, no shared accumulator
        IntStream.range(0, n + m).parallel().forEach(q -> {
            boolean source = q < n;
            int i = source ? q : q - n;
            double[] grad = source ? gx : gy, pot = source ? ga : gb;
            for (int l = from; l < to; l++) {
                OneDimensionalGradient.Raw r = raw[l];
                double s = weight * slopeScale * (source ? r.du()[i] : r.dv()[i]);
                pot[i] += weight * costScale * (source ? r.f()[i] : r.g()[i]);
                for (int k = 0; k < d; k++) grad[i * d + k] += s * theta[l][k];
            }
        });
        return new ValueAndGradient(valueScaled, Matrix.fromRowMajor(n, d, gx), ValueAndGradient.tangent(ga),
                Matrix.fromRowMajor(m, d, gy), ValueAndGradient.tangent(gb));
    }

    private static double[] project(double[] flat, int d, double[] theta) {
        int n = flat.length / d;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += flat[i * d + k] * theta[k];
            out[i] = s;
        }
        return out;
    }
}
