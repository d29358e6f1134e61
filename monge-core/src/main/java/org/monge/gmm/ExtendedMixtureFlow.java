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
 * <p>Emptying components. A weight that falls below 1e-9 (or below 1e-6 while the step size collapses
 * beside it) has reached the boundary of the simplex: the component is removed, its weight given to
 * the neighbour for which the energy is lower, and the flow goes on on that face with one component
 * fewer (an active set, as {@link MixtureGradientFlow} does for weights alone); the mixture changes by
 * at most that mass, and each removal is reported ({@link Removal}). The exact flow under V = sin x
 * needs this: near −π/2 the overlapping components trade weight fast and the outer ones empty.
 * With one component left, G = 1 (translation) and the mean flows alone.
 *
 * <p>Stopping. Two neighbouring means closer than {@code mergeGap}·σ make the components
 * indistinguishable (the weight derivatives of F vanish and the exact G becomes singular), so the run
 * stops there with {@link Status#COMPONENTS_MERGED}; every early stop carries a sentence saying why.
 * Cost per step: two evaluations of f (G, its Cholesky solve O(N³), ∇E) and an LU of order 2N − 1,
 * plus per Jacobian refresh 2N − 1 evaluations of f (limit metrics) or of ∇E and one G (exact). The
 * exact G is computed to a hundredth of the relative step tolerance (at most 1e-8).
 */
public final class ExtendedMixtureFlow {
    /** Which information matrix. */
    public enum Metric { EXACT, LIMIT, SECOND_ORDER }

    /** How a run ended. */
    public enum Status {
        REACHED_END, COMPONENTS_MERGED, STEP_TOO_SMALL, MAX_STEPS;

        public boolean converged() { return this == REACHED_END; }
    }

    /** Called after each accepted step with the time reached; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void reached(double time);
    }

    /** A weight below this has emptied: the component is removed and the flow goes on without it. */
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
     * The trajectory, one row per accepted step (and the start, and one after each removal): times,
     * weights, means, energies, with a column for every component of the initial mixture (a removed
     * one has weight 0 and mean NaN from its removal on); accepted and rejected steps, Jacobian
     * refreshes, how it ended and why, and the components removed on the way.
     */
    public record Result(double[] times, double[][] weights, double[][] means, double[] energies, int steps, int rejected,
                         int jacobians, Status status, String reason, List<Removal> removals) {
        public double[] finalWeights() { return weights[weights.length - 1].clone(); }

        public double[] finalMeans() { return means[means.length - 1].clone(); }

        public double finalEnergy() { return energies[energies.length - 1]; }

        public double finalTime() { return times[times.length - 1]; }
    }

    /**
     * A component whose weight reached zero and was taken out of the flow: when, which (index in the
     * initial mixture), the weight it still had, the neighbour that received it, and the energy change
     * that caused (at most of the order of the weight).
     */
    public record Removal(double time, int component, double weight, int receiver, double energyChange) {}

    /** Runs from weights p0 (positive, summing to one) and strictly increasing means mu0 to time tEnd. */
    public Result run(double[] p0, double[] mu0, double tEnd) {
        validate(p0, mu0);
        if (!(tEnd >= 0) || !Double.isFinite(tEnd)) {
            throw new IllegalArgumentException("end time must be finite and non-negative, got " + tEnd);
        }
        int n = p0.length;
        double sigma = energy.sigma();
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
        if (velocity(joined(p0, mu0), new Subdivision()) == null) {
            throw new IllegalArgumentException("weights/means: the " + metric.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " information matrix is not positive definite at the start" + (metric == Metric.EXACT ? ""
                    : " (gaps of " + String.format(Locale.ROOT, "%.3g", minGap0) + " are too small against sigma " + sigma
                    + " for the small-variance limit; the exact metric applies)"));
        }
        Trajectory tr = new Trajectory(n);
        int[] active = new int[n];
        for (int k = 0; k < n; k++) active[k] = k;
        double[] p = p0.clone(), mu = mu0.clone();
        double e = energy.value(p, mu);
        tr.record(0, active, p, mu, e);
        List<Removal> removals = new ArrayList<>();
        double t = 0;
        Segment s;
        while (true) {
            s = segment(p, mu, e, t, tEnd, active, tr);
            t = s.t();
            if (s.emptied() < 0) break;
            // Active set: the weight is zero to 1e-9 (1e-6 where the step size collapsed beside it), so the
            // mixture is unchanged to that mass and the flow goes on on this face of the simplex without the
            // component (docs/gmm-information-matrix.md). Its weight goes to the neighbour that lowers the energy more.
            int k = s.emptied(), m = active.length;
            double[] bestP = null;
            int bestTo = -1;
            double bestE = Double.POSITIVE_INFINITY;
            double[] restMu = without(s.mu(), k);
            for (int to : new int[] {k - 1, k + 1}) {
                if (to < 0 || to >= m) continue;
                double[] q = s.p().clone();
                q[to] += q[k];
                q = without(q, k);
                double eq = energy.value(q, restMu);
                if (eq < bestE) { bestE = eq; bestP = q; bestTo = to; }
            }
            removals.add(new Removal(t, active[k], s.p()[k], active[bestTo], bestE - s.e()));
            int[] rest = new int[m - 1];
            for (int j = 0, r = 0; j < m; j++) if (j != k) rest[r++] = active[j];
            active = rest;
            p = bestP;
            mu = restMu;
            e = bestE;
            tr.record(t, active, p, mu, e);
        }
        Status status = s.status();
        String reason = s.reason();
        if (!removals.isEmpty()) {
            StringBuilder b = new StringBuilder(reason).append("; components removed (0-based) as their weights reached zero:");
            for (int i = 0; i < removals.size(); i++) {
                Removal r = removals.get(i);
                b.append(String.format(Locale.ROOT, "%s %d at t = %s (weight %.2g to component %d)", i == 0 ? "" : ",", r.component(),
                        fmt(r.time()), r.weight(), r.receiver()));
            }
            reason = b.toString();
        }
        return new Result(tr.times.stream().mapToDouble(Double::doubleValue).toArray(), tr.ws.toArray(new double[0][]),
                tr.ms.toArray(new double[0][]), tr.es.stream().mapToDouble(Double::doubleValue).toArray(), tr.steps, tr.rejected,
                tr.jacobians, status, reason, List.copyOf(removals));
    }

    /** The recorded rows over all components of the initial mixture (a removed one: weight 0, mean NaN) and the counters. */
    private static final class Trajectory {
        final int n;
        final List<Double> times = new ArrayList<>(), es = new ArrayList<>();
        final List<double[]> ws = new ArrayList<>(), ms = new ArrayList<>();
        int steps, rejected, jacobians;

        Trajectory(int n) { this.n = n; }

        void record(double t, int[] active, double[] p, double[] mu, double e) {
            double[] w = new double[n], m = new double[n];
            Arrays.fill(m, Double.NaN);
            for (int j = 0; j < active.length; j++) { w[active[j]] = p[j]; m[active[j]] = mu[j]; }
            times.add(t);
            ws.add(w);
            ms.add(m);
            es.add(e);
        }
    }

    /**
     * How a run on one set of components ended: its last state, and either a final status (emptied −1)
     * or the index (among those components) of a weight that reached zero.
     */
    private record Segment(double t, double[] p, double[] mu, double e, int emptied, Status status, String reason) {}

    /** The flow of the components {@code active} from (p, μ) at t0 until tEnd, a stop, or a weight reaching zero. */
    private Segment segment(double[] p0, double[] mu0, double e0, double t0, double tEnd, int[] active, Trajectory tr) {
        int n = p0.length;
        double sigma = energy.sigma();
        double[] y = joined(p0, mu0);
        Subdivision sub = new Subdivision();
        Function<double[], double[]> field = yy -> velocity(yy, sub);
        double[] f0 = velocity(y, sub);
        if (f0 == null) { // checked at the start: only after a removal
            return new Segment(t0, p0, mu0, e0, -1, Status.STEP_TOO_SMALL, "the information matrix of the remaining "
                    + n + " components is not positive definite at t = " + fmt(t0));
        }
        double e = e0, t = t0, h = initialStep(f0, y, tEnd - t0);
        double[][] jac = jacobian(y, f0, sub);
        tr.jacobians++;
        int sinceJacobian = 0;
        boolean jacobianCurrent = true;
        double hMin = 1e-12 * Math.max(1, tEnd);
        while (t < tEnd && tr.steps + tr.rejected < maxSteps) {
            if (steady(f0, y, tEnd - t)) { // nothing left to integrate to tolerance
                t = tEnd;
                tr.record(t, active, weights(y, n), means(y, n), e);
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
                tr.rejected++;
                boolean tooLarge = s.y() != null && s.error() > 1 && Double.isFinite(s.error());
                h = hh * (tooLarge ? LinearlyImplicitRosenbrock.factor(s.error()) : 0.5);
                if (!jacobianCurrent) { jac = jacobian(y, f0, sub); tr.jacobians++; jacobianCurrent = true; sinceJacobian = 0; }
                if (h < hMin) {
                    double[] p = weights(y, n);
                    int k = argMin(p);
                    if (p[k] < 1e-6) return new Segment(t, p, means(y, n), e, k, null, null); // the flow would empty it
                    return new Segment(t, p, means(y, n), e, -1, Status.STEP_TOO_SMALL, "the step size fell below " + fmt(hMin)
                            + " at t = " + fmt(t) + " (every step left the domain or raised the energy)");
                }
                continue;
            }
            tr.steps++;
            t += hh;
            y = s.y();
            f0 = s.f();
            e = en;
            h = hh * LinearlyImplicitRosenbrock.factor(s.error());
            double[] p = weights(y, n), mu = means(y, n);
            tr.record(t, active, p, mu, e);
            if (progress != null) progress.reached(t);
            int k = argMin(p);
            if (p[k] < minWeight) return new Segment(t, p, mu, e, k, null, null);
            double gap = minGap(mu);
            if (gap < mergeGap * sigma) {
                return new Segment(t, p, mu, e, -1, Status.COMPONENTS_MERGED, String.format(Locale.ROOT, "neighbouring means came "
                        + "within %.3g (below %.3g σ) at t = %s: the components have merged and their weights are no longer identifiable",
                        gap, mergeGap, fmt(t)));
            }
            if (++sinceJacobian >= jacobianEvery) {
                jac = jacobian(y, f0, sub);
                tr.jacobians++;
                sinceJacobian = 0;
                jacobianCurrent = true;
            } else {
                jacobianCurrent = false;
            }
        }
        double[] p = weights(y, n), mu = means(y, n);
        if (t >= tEnd) return new Segment(t, p, mu, e, -1, Status.REACHED_END, "reached the end time");
        return new Segment(t, p, mu, e, -1, Status.MAX_STEPS, "the step limit " + maxSteps + " was reached at t = " + fmt(t));
    }

    /** y = (θ, μ): the upper-tail sums of the weights, then the means. */
    private static double[] joined(double[] p, double[] mu) {
        int n = p.length;
        double[] y = new double[2 * n - 1];
        System.arraycopy(MixtureGradientFlow.Model.toTheta(p), 0, y, 0, n - 1);
        System.arraycopy(mu, 0, y, n - 1, n);
        return y;
    }

    private static double[] without(double[] v, int k) {
        double[] r = new double[v.length - 1];
        for (int j = 0, i = 0; j < v.length; j++) if (j != k) r[i++] = v[j];
        return r;
    }

    private static int argMin(double[] v) {
        int k = 0;
        for (int j = 1; j < v.length; j++) if (v[j] < v[k]) k = j;
        return k;
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
        // one component left: it only translates, ∂_μF = −ρ, so G_μμ = ∫ ρ = p = 1 exactly on every metric
        if (n == 1) return new double[][] {{p[0]}};
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
