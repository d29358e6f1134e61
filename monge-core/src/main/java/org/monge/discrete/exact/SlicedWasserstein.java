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
    /** Directions of the gradient are summed in this many blocks (at most), whatever the number of threads. */
    private static final int BLOCKS = 8;

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
        Weights w = Weights.of(mu, nu);
        double[] xw = w.x(), yw = w.y();
        double[][] theta = directions(d).toArray();
        double[] costs = new double[projections];
        IntStream.range(0, projections).parallel().forEach(l -> {
            double[] px = project(xf, d, theta[l]), py = project(yf, d, theta[l]);
            costs[l] = w.mass() * OneDimensional.wassersteinCost(px, xw, py, yw, p);
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
        Weights w = Weights.of(mu, nu);
        double[] xf = Scaling.scalb(x.toRowMajor(), -e), yf = Scaling.scalb(y.toRowMajor(), -e), xw = w.x(), yw = w.y();
        double[][] theta = directions(d).toArray();
        // max-sliced: the largest 1-D cost by the value's own pass, then the gradient of that direction only
        int from = 0, to = projections;
        if (max) {
            double[] costs = new double[projections];
            IntStream.range(0, projections).parallel().forEach(l ->
                    costs[l] = OneDimensional.wassersteinCost(project(xf, d, theta[l]), xw, project(yf, d, theta[l]), yw, p));
            int best = 0;
            for (int l = 1; l < projections; l++) if (costs[l] > costs[best]) best = l;
            from = best;
            to = best + 1;
        }
        double weight = max ? 1 : 1.0 / projections;
        // the directions in a fixed number of blocks (sums independent of the thread count), each accumulating its
        // directions' terms into its own arrays as it goes: no per-direction results are kept
        int lo = from, count = to - from, blocks = Math.min(count, BLOCKS);
        Accumulator[] acc = new Accumulator[blocks];
        IntStream.range(0, blocks).parallel().forEach(bk -> {
            Accumulator a = new Accumulator(n, m, d);
            for (int l = lo + count * bk / blocks, end = lo + count * (bk + 1) / blocks; l < end; l++) {
                a.theta = theta[l];
                a.cost += OneDimensionalGradient.walk(project(xf, d, theta[l]), xw, project(yf, d, theta[l]), yw, p, a);
            }
            acc[bk] = a;
        });
        Accumulator total = acc[0];
        for (int bk = 1; bk < blocks; bk++) total.add(acc[bk]);
        double value = weight * w.mass() * total.cost;
        // computed on the points times 2^−e: the cost and potentials scale back by 2^(e·p), the point gradients by 2^(e·(p−1))
        double costScale = Math.pow(2, e * p), slopeScale = Math.pow(2, e * (p - 1)), valueScaled = value * costScale;
        if (!Double.isFinite(valueScaled) || (valueScaled == 0 && value > 0)) {
            throw new IllegalArgumentException("the sliced cost SW_p^p of these points is outside the double range; rescale them");
        }
        double[] gx = total.gx, gy = total.gy, ga = total.f, gb = total.g;
        scale(gx, weight * w.mass() * slopeScale);
        scale(gy, weight * w.mass() * slopeScale);
        scale(ga, weight * costScale);
        scale(gb, weight * costScale);
        return new ValueAndGradient(valueScaled, Matrix.fromRowMajor(n, d, gx), ValueAndGradient.tangent(ga),
                Matrix.fromRowMajor(m, d, gy), ValueAndGradient.tangent(gb));
    }

    /** One block's sums over its directions: the 1-D costs, θ-weighted slopes of both clouds and the potentials. */
    private static final class Accumulator implements OneDimensionalGradient.Sink {
        final double[] gx, gy, f, g;
        final int d;
        double[] theta;
        double cost;

        Accumulator(int n, int m, int d) {
            this.d = d;
            gx = new double[n * d];
            gy = new double[m * d];
            f = new double[n];
            g = new double[m];
        }

        @Override
        public void source(int i, double fi, double du) {
            f[i] += fi;
            for (int k = 0, t = i * d; k < d; k++, t++) gx[t] += du * theta[k];
        }

        @Override
        public void target(int j, double gj, double dv) {
            g[j] += gj;
            for (int k = 0, t = j * d; k < d; k++, t++) gy[t] += dv * theta[k];
        }

        void add(Accumulator o) {
            cost += o.cost;
            for (int t = 0; t < gx.length; t++) gx[t] += o.gx[t];
            for (int t = 0; t < gy.length; t++) gy[t] += o.gy[t];
            for (int i = 0; i < f.length; i++) f[i] += o.f[i];
            for (int j = 0; j < g.length; j++) g[j] += o.g[j];
        }
    }

    /**
     * The weights the 1-D solvers get: none (their sorted pairing, no merge of cumulative weights) when both clouds
     * have n points of one and the same weight, with that mass; else the measures' weights and mass 1.
     */
    private record Weights(double[] x, double[] y, double mass) {
        static Weights of(DiscreteMeasure mu, DiscreteMeasure nu) {
            double[] a = mu.weights(), b = nu.weights();
            if (a.length == b.length && a.length > 0 && a[0] > 0 && a[0] == b[0] && constant(a) && constant(b)) {
                return new Weights(null, null, a[0] * a.length);
            }
            return new Weights(a, b, 1);
        }

        private static boolean constant(double[] w) {
            for (double v : w) if (v != w[0]) return false;
            return true;
        }
    }

    private static void scale(double[] v, double c) {
        if (c != 1) for (int i = 0; i < v.length; i++) v[i] *= c;
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
