package org.monge.gmm;

import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Wasserstein gradient flow of an energy on an extended 1-D mixture Σ p_k N(μ_k, σ²), whose
 * weights and means both move (Li &amp; Zhao, scaling limits of the Wasserstein information matrix on
 * Gaussian mixtures; docs/mathematics.md §4, docs/gmm-information-matrix.md):
 * y' = −G(y)^{−1} ∇_y E(y), y = (θ, μ), θ_i = p_{i+1} + … + p_N the upper-tail sums, so that the
 * weights sum to one by construction. Metrics G:
 * <ul>
 * <li>{@link Metric#EXACT}: the Wasserstein information matrix at σ by quadrature
 *     ({@link WassersteinInformation}, weights and means);</li>
 * <li>{@link Metric#LIMIT}: its small-σ limit ({@link LatticeLimit}), θθ block Z_i/√(p_i p_{i+1}),
 *     θμ block (μ_{i+1} − μ_i)/2 in columns i, i+1, μμ block diag(p). Renormalised by Z this is
 *     {@link LatticeLimit#renormalisedExtendedLimit}; the cross block is kept, because in the weight
 *     velocity it enters at the same order, O(1/Z), as the weight gradient itself;</li>
 * <li>{@link Metric#SECOND_ORDER}: the limit with the θθ block corrected by
 *     1 + σ²/(2Δ_i²)(π² + log²(p_i/p_{i+1})).</li>
 * </ul>
 * The energy is always the exact one at σ ({@link ExtendedMixtureEnergy}).
 *
 * <p>Stiffness. Means relax in O(1) time, weights in O(Z(σ)) time, Z = π√(2π)σ³e^{Δ²/(8σ²)}/Δ (about
 * 2 100 at σ = 0.1, Δ = 1), so an explicit method would need O(Z) steps bounded by the fast mean
 * modes. The flow is integrated by the L-stable linearly implicit {@link LinearlyImplicitRosenbrock}
 * (ROS2) with a Jacobian refreshed every few steps and after every rejection (ROS2 keeps order two
 * with any matrix): finite differences of f on the limit metrics; on the exact metric −G⁻¹∇²E with G
 * frozen, which needs one information matrix instead of 2N − 1. Once the means have settled, steps grow to the weight
 * time scale. Steps are rejected when a weight would leave (0, 1), the means would lose their order,
 * or the energy would rise, so the recorded energy is non-increasing and weights stay positive.
 *
 * <p>Stopping. Two neighbouring means closer than {@code mergeGap}·σ make the components
 * indistinguishable (the weight derivatives of F vanish and the exact G becomes singular), so the run
 * stops there with {@link Status#COMPONENTS_MERGED}; a step size collapsing next to an emptying
 * weight gives {@link Status#WEIGHT_VANISHED}; every early stop carries a sentence saying why.
 * Cost per step: two evaluations of f (G, its Cholesky solve O(N³), ∇E) and an LU of order 2N − 1,
 * plus per Jacobian refresh 2N − 1 evaluations of f (limit metrics) or of ∇E and one G (exact). The
 * exact G is computed to a hundredth of the relative step tolerance (at most 1e-8).
 */
public final class ExtendedMixtureFlow {
    /** Which information matrix. */
    public enum Metric { EXACT, LIMIT, SECOND_ORDER }

    /** How a run ended. */
    public enum Status {
        REACHED_END, COMPONENTS_MERGED, WEIGHT_VANISHED, STEP_TOO_SMALL, MAX_STEPS;

        public boolean converged() { return this == REACHED_END; }
    }

    /** Called after each accepted step with the time reached; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void reached(double time);
    }

    /** Weights below this end the run (WEIGHT_VANISHED): the component has emptied and its mean no longer matters. */
    static final double MIN_WEIGHT = 1e-9;
    private final double minWeight = MIN_WEIGHT;
    private final ExtendedMixtureEnergy energy;
    private final Metric metric;
    private final double relTol, absTol, mergeGap;
    private final int maxSteps, jacobianEvery;
    private final Progress progress;

    private ExtendedMixtureFlow(ExtendedMixtureEnergy energy, Metric metric, double relTol, double absTol, double mergeGap,
                                int maxSteps, int jacobianEvery, Progress progress) {
        this.energy = energy;
        this.metric = metric;
        this.relTol = relTol;
        this.absTol = absTol;
        this.mergeGap = mergeGap;
        this.maxSteps = maxSteps;
        this.jacobianEvery = jacobianEvery;
        this.progress = progress;
    }

    /**
     * The flow of {@code energy} on {@code metric}: tolerances 1e-6 relative, 1e-9 absolute, merge gap
     * 0.01 σ, 100 000 steps, Jacobian every 20 steps.
     */
    public static ExtendedMixtureFlow of(ExtendedMixtureEnergy energy, Metric metric) {
        if (energy == null) throw new IllegalArgumentException("energy must not be null");
        if (metric == null) throw new IllegalArgumentException("metric must not be null");
        return new ExtendedMixtureFlow(energy, metric, 1e-6, 1e-9, 1e-2, 100_000, 20, null);
    }

    public ExtendedMixtureFlow withTolerance(double rel, double abs) {
        if (!(rel > 0) || rel >= 1) throw new IllegalArgumentException("relative tolerance must be in (0, 1), got " + rel);
        if (!(abs > 0) || !Double.isFinite(abs)) throw new IllegalArgumentException("absolute tolerance must be positive, got " + abs);
        return new ExtendedMixtureFlow(energy, metric, rel, abs, mergeGap, maxSteps, jacobianEvery, progress);
    }

    /** Neighbouring means closer than {@code fraction}·σ end the run (COMPONENTS_MERGED). */
    public ExtendedMixtureFlow withMergeGap(double fraction) {
        if (!(fraction > 0) || !Double.isFinite(fraction)) {
            throw new IllegalArgumentException("merge gap must be positive, got " + fraction);
        }
        return new ExtendedMixtureFlow(energy, metric, relTol, absTol, fraction, maxSteps, jacobianEvery, progress);
    }

    public ExtendedMixtureFlow withMaxSteps(int n) {
        if (n < 1) throw new IllegalArgumentException("maxSteps must be positive, got " + n);
        return new ExtendedMixtureFlow(energy, metric, relTol, absTol, mergeGap, n, jacobianEvery, progress);
    }

    /** Refresh the Jacobian every {@code n} accepted steps (and after every rejection). */
    public ExtendedMixtureFlow withJacobianEvery(int n) {
        if (n < 1) throw new IllegalArgumentException("jacobianEvery must be positive, got " + n);
        return new ExtendedMixtureFlow(energy, metric, relTol, absTol, mergeGap, maxSteps, n, progress);
    }

    public ExtendedMixtureFlow withProgress(Progress p) {
        return new ExtendedMixtureFlow(energy, metric, relTol, absTol, mergeGap, maxSteps, jacobianEvery, p);
    }

    public ExtendedMixtureEnergy energy() { return energy; }

    public Metric metric() { return metric; }

    /**
     * The trajectory, one row per accepted step (and the start): times, weights, means, energies;
     * accepted and rejected steps, Jacobian refreshes, how it ended and why.
     */
    public record Result(double[] times, double[][] weights, double[][] means, double[] energies, int steps, int rejected,
                         int jacobians, Status status, String reason) {
        public double[] finalWeights() { return weights[weights.length - 1].clone(); }

        public double[] finalMeans() { return means[means.length - 1].clone(); }

        public double finalEnergy() { return energies[energies.length - 1]; }

        public double finalTime() { return times[times.length - 1]; }
    }

    /** Runs from weights p0 (positive, summing to one) and strictly increasing means mu0 to time tEnd. */
    public Result run(double[] p0, double[] mu0, double tEnd) {
        validate(p0, mu0);
        if (!(tEnd >= 0) || !Double.isFinite(tEnd)) {
            throw new IllegalArgumentException("end time must be finite and non-negative, got " + tEnd);
        }
        int n = p0.length, dim = 2 * n - 1;
        double sigma = energy.sigma();
        double[] y = new double[dim];
        System.arraycopy(MixtureGradientFlow.Model.toTheta(p0), 0, y, 0, n - 1);
        System.arraycopy(mu0, 0, y, n - 1, n);
        if (metric != Metric.EXACT) { // the limit metrics need Z_i representable
            for (int i = 0; i + 1 < n; i++) {
                if (!(LatticeLimit.logZ(sigma, mu0[i + 1] - mu0[i]) < 700)) {
                    throw new IllegalArgumentException("sigma: Z(σ) = π√(2π)σ³exp(Δ²/(8σ²))/Δ overflows for the gap "
                            + (mu0[i + 1] - mu0[i]) + " at sigma " + sigma);
                }
            }
        } else {
            WassersteinInformation.requireInRange(p0, mu0, widths(n), true);
        }
        double minGap0 = minGap(mu0);
        if (minGap0 < mergeGap * sigma) {
            throw new IllegalArgumentException("means: neighbouring means " + minGap0 + " apart, below the merge gap " + mergeGap
                    + " σ; the components are indistinguishable");
        }
        Subdivision sub = new Subdivision();
        Function<double[], double[]> field = yy -> velocity(yy, sub);
        double[] f0 = velocity(y, sub);
        if (f0 == null) throw new IllegalArgumentException("weights/means: the " + metric.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " information matrix is not positive definite at the start" + (metric == Metric.EXACT ? ""
                : " (gaps of " + String.format(Locale.ROOT, "%.3g", minGap0) + " are too small against sigma " + sigma
                + " for the small-variance limit; the exact metric applies)"));
        List<Double> times = new ArrayList<>();
        List<double[]> ws = new ArrayList<>(), ms = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        double e = energy.value(p0, mu0);
        record(times, ws, ms, es, 0, y, n, e);
        double t = 0, h = initialStep(f0, y, tEnd);
        double[][] jac = jacobian(y, f0, sub);
        int jacobians = 1, steps = 0, rejected = 0, sinceJacobian = 0;
        boolean jacobianCurrent = true;
        Status status = Status.MAX_STEPS;
        String reason = null;
        double hMin = 1e-12 * Math.max(1, tEnd);
        while (t < tEnd && steps + rejected < maxSteps) {
            if (steady(f0, y, tEnd - t)) { // nothing left to integrate to tolerance
                t = tEnd;
                record(times, ws, ms, es, t, y, n, e);
                if (progress != null) progress.reached(t);
                break;
            }
            double hh = Math.min(h, tEnd - t);
            LinearlyImplicitRosenbrock.Step s = LinearlyImplicitRosenbrock.step(field, y, f0, jac, hh, relTol, absTol);
            boolean ok = s.valid();
            double en = Double.NaN;
            if (ok) {
                en = energy.value(weights(s.y(), n), means(s.y(), n));
                ok = en <= e + 1e-12 * Math.max(1, Math.abs(e));
            }
            if (!ok) {
                rejected++;
                boolean tooLarge = s.y() != null && s.error() > 1 && Double.isFinite(s.error());
                h = hh * (tooLarge ? LinearlyImplicitRosenbrock.factor(s.error()) : 0.5);
                if (!jacobianCurrent) { jac = jacobian(y, f0, sub); jacobians++; jacobianCurrent = true; sinceJacobian = 0; }
                if (h < hMin) {
                    double[] p = weights(y, n);
                    double pMin = Arrays.stream(p).min().orElse(1);
                    if (pMin < 1e-6) {
                        status = Status.WEIGHT_VANISHED;
                        reason = String.format(Locale.ROOT, "a weight reached %.3g at t = %s and the step size collapsed "
                                + "(the flow would empty that component)", pMin, fmt(t));
                    } else {
                        status = Status.STEP_TOO_SMALL;
                        reason = "the step size fell below " + fmt(hMin) + " at t = " + fmt(t)
                                + " (every step left the domain or raised the energy)";
                    }
                    break;
                }
                continue;
            }
            steps++;
            t += hh;
            y = s.y();
            f0 = s.f();
            e = en;
            h = hh * LinearlyImplicitRosenbrock.factor(s.error());
            record(times, ws, ms, es, t, y, n, e);
            if (progress != null) progress.reached(t);
            double pMin = Arrays.stream(weights(y, n)).min().orElse(1);
            if (pMin < minWeight) {
                status = Status.WEIGHT_VANISHED;
                reason = String.format(Locale.ROOT, "a weight fell to %.3g (below %.3g) at t = %s: that component has emptied",
                        pMin, minWeight, fmt(t));
                break;
            }
            double[] mu = means(y, n);
            double gap = minGap(mu);
            if (gap < mergeGap * sigma) {
                status = Status.COMPONENTS_MERGED;
                reason = String.format(Locale.ROOT, "neighbouring means came within %.3g (below %.3g σ) at t = %s: "
                        + "the components have merged and their weights are no longer identifiable", gap, mergeGap, fmt(t));
                break;
            }
            if (++sinceJacobian >= jacobianEvery) {
                jac = jacobian(y, f0, sub);
                jacobians++;
                sinceJacobian = 0;
                jacobianCurrent = true;
            } else {
                jacobianCurrent = false;
            }
        }
        if (t >= tEnd) { status = Status.REACHED_END; reason = "reached the end time"; }
        if (reason == null) reason = "the step limit " + maxSteps + " was reached at t = " + fmt(t);
        return new Result(times.stream().mapToDouble(Double::doubleValue).toArray(), ws.toArray(new double[0][]),
                ms.toArray(new double[0][]), es.stream().mapToDouble(Double::doubleValue).toArray(), steps, rejected, jacobians,
                status, reason);
    }

    /** y' = −G^{−1} ∇E at y, or null when y is outside the domain (a weight ≤ 0, means out of order, G not positive definite). */
    double[] velocity(double[] y) {
        return velocity(y, null);
    }

    /**
     * The exact metric's last fresh quadrature (computed at each Jacobian refresh), whose subdivision
     * starts the quadratures of the steps' stages until the next refresh (one per run; not shared).
     */
    private static final class Subdivision {
        WassersteinInformation.Result fresh;
    }

    private double[] velocity(double[] y, Subdivision sub) {
        MetricSolver g = metricSolver(y, sub, false);
        if (g == null) return null;
        double[] grad = gradient(y);
        for (int a = 0; a < grad.length; a++) grad[a] = -grad[a];
        return g.solve(grad);
    }

    /** ∇_y E at y = (θ, μ) with valid weights: ∂E/∂θ_i = ∂E/∂p_{i+1} − ∂E/∂p_i, then ∂E/∂μ. */
    private double[] gradient(double[] y) {
        int n = (y.length + 1) / 2, dim = y.length;
        double[] gp = new double[2 * n];
        energy.valueAndGradient(weights(y, n), means(y, n), gp);
        double[] grad = new double[dim];
        for (int i = 0; i < n - 1; i++) grad[i] = gp[i + 1] - gp[i];
        System.arraycopy(gp, n, grad, n - 1, n);
        return grad;
    }

    /** G(y) factorised (diagonally scaled Cholesky), or null outside the domain or where G is not positive definite. */
    private MetricSolver metricSolver(double[] y, Subdivision sub, boolean refresh) {
        if (!inDomain(y)) return null;
        int n = (y.length + 1) / 2, dim = y.length;
        double[][] g;
        try {
            g = metricMatrix(weights(y, n), means(y, n), sub, refresh);
        } catch (IllegalArgumentException ex) {
            return null;
        }
        double[] d = new double[dim];
        for (int a = 0; a < dim; a++) {
            if (!(g[a][a] > 0) || !Double.isFinite(g[a][a])) return null;
            d[a] = 1 / Math.sqrt(g[a][a]);
        }
        double[] scaled = new double[dim * dim];
        for (int a = 0; a < dim; a++) for (int b = 0; b < dim; b++) scaled[a * dim + b] = g[a][b] * d[a] * d[b];
        try {
            return new MetricSolver(Cholesky.lowerOrThrow(Matrix.fromRowMajor(dim, dim, scaled), "information matrix"), d);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** G = D⁻¹ L Lᵀ D⁻¹: x = G⁻¹ b = D L⁻ᵀ L⁻¹ D b. */
    private record MetricSolver(Matrix l, double[] d) {
        double[] solve(double[] b) {
            double[] rhs = new double[b.length];
            for (int a = 0; a < b.length; a++) rhs[a] = b[a] * d[a];
            double[] z = MixtureGradientFlow.solveUpper(l, MixtureGradientFlow.solveLower(l, rhs));
            for (int a = 0; a < z.length; a++) z[a] *= d[a];
            return z;
        }
    }
    /** G(p, μ) in (θ, μ) coordinates for the chosen metric. */
    double[][] metricMatrix(double[] p, double[] mu) {
        return metricMatrix(p, mu, null, false);
    }

    /** With a subdivision holder, the exact metric starts from its fresh subdivision, or (refresh) renews it. */
    private double[][] metricMatrix(double[] p, double[] mu, Subdivision sub, boolean refresh) {
        int n = p.length;
        double sigma = energy.sigma();
        if (metric == Metric.EXACT) {
            // a hundredth of the step tolerance: the matrix error then stays below the local error the steps allow
            double quadratureTolerance = Math.max(1e-13, Math.min(1e-8, 1e-2 * relTol));
            WassersteinInformation w = WassersteinInformation.defaults().withTolerance(quadratureTolerance);
            WassersteinInformation.Result r = sub == null || refresh || sub.fresh == null
                    ? w.compute(p, mu, widths(n), MixtureParameters.WEIGHTS_AND_MEANS)
                    : w.compute(sub.fresh, p, mu, widths(n), MixtureParameters.WEIGHTS_AND_MEANS);
            if (sub != null && (refresh || sub.fresh == null)) sub.fresh = r;
            return r.matrix().toArray();
        }
        double[][] g = new double[2 * n - 1][2 * n - 1];
        for (int i = 0; i + 1 < n; i++) {
            double gap = mu[i + 1] - mu[i];
            double z = Math.exp(LatticeLimit.logZ(sigma, gap)) / Math.sqrt(p[i] * p[i + 1]);
            if (metric == Metric.SECOND_ORDER) {
                double l = Math.log(p[i] / p[i + 1]);
                z *= 1 + sigma * sigma / (2 * gap * gap) * (Math.PI * Math.PI + l * l);
            }
            g[i][i] = z;
            g[i][n - 1 + i] = g[n - 1 + i][i] = 0.5 * gap;
            g[i][n + i] = g[n + i][i] = 0.5 * gap;
        }
        for (int k = 0; k < n; k++) g[n - 1 + k][n - 1 + k] = p[k];
        return g;
    }

    /**
     * The W-method matrix. Limit metrics: forward differences of f, column by column. Exact metric:
     * J = −G(y)⁻¹ ∇²E(y), the metric frozen at y (the term with the derivatives of G, which is
     * proportional to f, is dropped), with ∇²E by forward differences of ∇E; ROS2 keeps order two
     * with it, and it costs one information matrix instead of 2N − 1.
     */
    private double[][] jacobian(double[] y, double[] f0, Subdivision sub) {
        int dim = y.length, n = (dim + 1) / 2;
        MetricSolver frozen = metric == Metric.EXACT ? metricSolver(y, sub, true) : null;
        double[] g0 = frozen == null ? null : gradient(y);
        double[][] j = new double[dim][dim];
        double[] p = weights(y, n);
        for (int c = 0; c < dim; c++) {
            double[] yy = y.clone();
            double delta;
            if (c < n - 1) { // θ_c up moves mass from p_c to p_{c+1}
                delta = 1e-7 * Math.min(p[c], p[c + 1]);
                if (p[c] < p[c + 1]) delta = -delta;
            } else {
                delta = 1e-7 * Math.max(1, Math.abs(y[c]));
            }
            yy[c] += delta;
            double[] col = differenced(yy, frozen == null);
            if (col == null) { yy[c] = y[c] - delta; delta = -delta; col = differenced(yy, frozen == null); }
            if (col == null) continue; // no valid neighbour: that column stays zero (still a valid W-method matrix)
            double[] ref = frozen == null ? f0 : g0;
            for (int r = 0; r < dim; r++) col[r] = (col[r] - ref[r]) / delta;
            if (frozen != null) {
                col = frozen.solve(col);
                for (int r = 0; r < dim; r++) col[r] = -col[r];
            }
            for (int r = 0; r < dim; r++) j[r][c] = col[r];
        }
        return j;
    }

    /** f(y) or ∇E(y), null outside the domain. */
    private double[] differenced(double[] y, boolean wholeField) {
        return wholeField ? velocity(y, null) : inDomain(y) ? gradient(y) : null;
    }

    /** Weights positive, means finite and increasing. */
    private static boolean inDomain(double[] y) {
        int n = (y.length + 1) / 2;
        for (double v : weights(y, n)) if (!(v > 0)) return false;
        double[] mu = means(y, n);
        for (double v : mu) if (!Double.isFinite(v)) return false;
        for (int k = 0; k + 1 < n; k++) if (!(mu[k + 1] > mu[k])) return false;
        return true;
    }

    private boolean steady(double[] f, double[] y, double remaining) {
        for (int i = 0; i < f.length; i++) {
            if (Math.abs(f[i]) * remaining > absTol + relTol * Math.abs(y[i])) return false;
        }
        return true;
    }

    private double initialStep(double[] f0, double[] y, double tEnd) {
        double r = 0;
        for (int i = 0; i < f0.length; i++) r = Math.max(r, Math.abs(f0[i]) / (absTol + relTol * Math.abs(y[i])));
        double h = r > 0 ? 1e-2 / Math.sqrt(r) : tEnd;
        return Math.max(Math.min(h, tEnd), 1e-12);
    }

    private double[] widths(int n) {
        double[] s = new double[n];
        Arrays.fill(s, energy.sigma());
        return s;
    }

    private static void record(List<Double> times, List<double[]> ws, List<double[]> ms, List<Double> es, double t, double[] y,
                               int n, double e) {
        times.add(t);
        ws.add(weights(y, n));
        ms.add(means(y, n));
        es.add(e);
    }

    static double[] weights(double[] y, int n) {
        return MixtureGradientFlow.Model.fromTheta(Arrays.copyOf(y, n - 1));
    }

    static double[] means(double[] y, int n) {
        return Arrays.copyOfRange(y, n - 1, 2 * n - 1);
    }

    private static double minGap(double[] mu) {
        double g = Double.POSITIVE_INFINITY;
        for (int k = 0; k + 1 < mu.length; k++) g = Math.min(g, mu[k + 1] - mu[k]);
        return g;
    }

    /** Weights positive and finite summing to one (within 1e-9), means finite and strictly increasing. */
    public static void validate(double[] p, double[] mu) {
        if (p == null || p.length < 2) throw new IllegalArgumentException("weights must have at least 2 entries");
        if (mu == null || mu.length != p.length) {
            throw new IllegalArgumentException("means must have one entry per weight (" + (p.length) + "), got "
                    + (mu == null ? "none" : String.valueOf(mu.length)));
        }
        double total = 0;
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] > 0) || !Double.isFinite(p[k])) {
                throw new IllegalArgumentException("weights[" + k + "] must be positive, got " + p[k]);
            }
            if (!Double.isFinite(mu[k])) throw new IllegalArgumentException("means[" + k + "] must be finite, got " + mu[k]);
            if (k > 0 && !(mu[k] > mu[k - 1])) {
                throw new IllegalArgumentException("means must be strictly increasing, means[" + k + "] = " + mu[k]
                        + " after " + mu[k - 1]);
            }
            total += p[k];
        }
        if (Math.abs(total - 1) > 1e-9) throw new IllegalArgumentException("weights must sum to 1, they sum to " + total);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
