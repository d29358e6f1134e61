package org.monge.gmm;

import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The Wasserstein gradient flow of an energy on the weights of a 1-D mixture with fixed means and
 * widths: θ' = −G_W(θ)^−1 ∇_θ E(θ), θ the upper-tail sums (docs/mathematics.md §4; Li &amp; Zhao 2019,
 * Chen &amp; Li 2020). Energies: potential ∫ V ρ, entropy ∫ ρ log ρ, and their sum, the KL divergence
 * to e^{−V}/Z up to a constant (the Fokker–Planck equation ρ_t = ∂x(ρ ∂x V) + ∂xx ρ).
 *
 * <p>Numerics. Means and widths are fixed, so ∂_θ F and the component densities at the quadrature
 * nodes do not change along the flow: the nodes are those of the adaptive
 * {@link WassersteinInformation} subdivision at the initial weights (composite Gauss–Kronrod 15),
 * computed once; each right-hand side then costs O(nodes · N²) for G, its Cholesky solve O(N³),
 * and O(nodes · N) for ρ, E and ∇E. Time stepping: {@link AdaptiveRungeKutta} (Dormand–Prince
 * 5(4)) with steps rejected when a weight would leave the simplex or the energy would increase, so
 * the recorded energy is non-increasing by construction. When a weight reaches zero in finite
 * time (potential energies: the lattice flow p' ~ −√p empties components) the step size collapses;
 * the flow then continues on that face of the simplex without the component (an active set).
 * Near equilibrium the explicit steps stay bounded by the fastest mode while the state no longer
 * moves, so once the velocity could move θ by less than the absolute tolerance over the remaining
 * time, the run ends at the end time with that state (a steady state to tolerance).
 */
public final class MixtureGradientFlow {
    /** How a run ended. */
    public enum Status {
        /** The end time was reached. */
        REACHED_END,
        /**
         * Weights kept reaching zero until two components were left. (A single vanishing weight
         * is handled: the flow goes on on that face of the simplex, the component removed.) Typical of
         * potential energies, whose lattice flow p' ~ −√p empties components in finite time, and of
         * weights that start very small.
         */
        WEIGHT_VANISHED,
        /** The step limit was reached first. */
        MAX_STEPS
    }

    /** Which energy drives the flow. */
    public enum Energy { POTENTIAL, ENTROPY, FOKKER_PLANCK }

    private final Energy energy;
    private final DoubleUnaryOperator potential;
    private final double relTol;
    private final int maxSteps;
    private final Progress progress;

    /** Called after each accepted step with the time reached; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void reached(double time);
    }

    private MixtureGradientFlow(Energy energy, DoubleUnaryOperator potential, double relTol, int maxSteps, Progress progress) {
        this.energy = energy;
        this.potential = potential;
        this.relTol = relTol;
        this.maxSteps = maxSteps;
        this.progress = progress;
    }

    /** The flow of {@code energy} (V ignored for ENTROPY), tolerance 1e-6, at most 100 000 steps. */
    public static MixtureGradientFlow of(Energy energy, DoubleUnaryOperator potential) {
        if (energy == null) throw new IllegalArgumentException("energy must not be null");
        if (energy != Energy.ENTROPY && potential == null) throw new IllegalArgumentException("potential must not be null for " + energy);
        return new MixtureGradientFlow(energy, potential == null ? x -> 0 : potential, 1e-6, 100_000, null);
    }

    /** The potential V of the energy, as a PDE of the same flow needs it: zero for ENTROPY, whatever was given. */
    public DoubleUnaryOperator potential() {
        return energy == Energy.ENTROPY ? x -> 0 : potential;
    }

    public MixtureGradientFlow withTolerance(double tol) {
        if (!(tol > 0) || tol >= 1) throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tol);
        return new MixtureGradientFlow(energy, potential, tol, maxSteps, progress);
    }

    public MixtureGradientFlow withMaxSteps(int n) {
        if (n < 1) throw new IllegalArgumentException("maxSteps must be positive, got " + n);
        return new MixtureGradientFlow(energy, potential, relTol, n, progress);
    }

    /** Reports the time reached after each accepted step to {@code p} (null for none). */
    public MixtureGradientFlow withProgress(Progress p) {
        return new MixtureGradientFlow(energy, potential, relTol, maxSteps, p);
    }

    /**
     * The trajectory: times, weights (one row per recorded time), energies, accepted and rejected
     * steps, and how the run ended.
     */
    public record Result(double[] times, double[][] weights, double[] energies, int steps, int rejected, Status status) {
        public boolean reachedEnd() { return status == Status.REACHED_END; }

        public double[] finalWeights() { return weights[weights.length - 1].clone(); }
    }

    /** Runs the flow from weights p0 to time tEnd, recording every accepted step. */
    public Result run(double[] p0, double[] means, double[] sigmas, double tEnd) {
        return run(p0, means, sigmas, tEnd, 0);
    }

    /** The run, its times counted from 0 but reported to the progress callback from {@code offset}. */
    private Result run(double[] p0, double[] means, double[] sigmas, double tEnd, double offset) {
        WassersteinInformation.validate(p0, means, sigmas);
        if (!(tEnd >= 0) || !Double.isFinite(tEnd)) {
            throw new IllegalArgumentException("end time must be finite and non-negative, got " + tEnd);
        }
        Model m = new Model(p0, means, sigmas);
        int n = p0.length;
        double[] theta = Model.toTheta(p0);
        List<Double> times = new ArrayList<>();
        List<double[]> ws = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        double t = 0;
        double e = m.energy(p0);
        times.add(t);
        ws.add(p0.clone());
        es.add(e);
        double absTol = relTol * 1e-3;
        AdaptiveRungeKutta rk = new AdaptiveRungeKutta(relTol, absTol);
        double[] f0 = m.velocity(theta);
        double h = initialStep(f0, tEnd);
        int steps = 0, rejected = 0;
        Status status = Status.MAX_STEPS;
        double[] lastE = {e};
        while (t < tEnd && steps + rejected < maxSteps) {
            if (maxAbs(f0) * (tEnd - t) <= absTol) { // steady to tolerance: nothing left to integrate
                t = tEnd;
                times.add(t);
                ws.add(Model.fromTheta(theta));
                es.add(lastE[0]);
                if (progress != null) progress.reached(offset + t);
                break;
            }
            double hh = Math.min(h, tEnd - t);
            AdaptiveRungeKutta.Step s = rk.step((tt, y) -> m.velocity(y), t, theta, f0, hh, y -> {
                double[] p = Model.fromTheta(y);
                for (double v : p) if (!(v > 0)) return false;
                double en = m.energy(p);
                if (en > lastE[0] + 1e-13 * Math.abs(lastE[0])) return false;
                lastE[0] = en;
                return true;
            });
            if (!s.accepted()) {
                rejected++;
                h = s.nextH();
                if (h < 1e-12 * Math.max(1, tEnd)) { status = Status.WEIGHT_VANISHED; break; }
                continue;
            }
            steps++;
            theta = s.y();
            t = s.t();
            f0 = s.fLast();
            h = s.nextH();
            times.add(t);
            ws.add(Model.fromTheta(theta));
            es.add(lastE[0]);
            if (progress != null) progress.reached(offset + t);
        }
        if (status == Status.WEIGHT_VANISHED && n > 2) {
            return continueWithout(ws, times, es, steps, rejected, means, sigmas, t, tEnd, offset);
        }
        double[][] w = ws.toArray(new double[0][]);
        Status ended = t >= tEnd * (1 - 1e-12) ? Status.REACHED_END : status;
        return new Result(times.stream().mapToDouble(Double::doubleValue).toArray(), w,
                es.stream().mapToDouble(Double::doubleValue).toArray(), steps, rejected, ended);
    }

    /**
     * Active set: the smallest weight has reached the boundary of the simplex, so the flow goes on
     * on that face (the component removed, its weight zero), as the constrained gradient flow does.
     */
    private Result continueWithout(List<double[]> ws, List<Double> times, List<Double> es, int steps, int rejected,
                                   double[] means, double[] sigmas, double t, double tEnd, double offset) {
        double[] last = ws.get(ws.size() - 1);
        int n = last.length, drop = 0;
        for (int k = 1; k < n; k++) if (last[k] < last[drop]) drop = k;
        double[] p = new double[n - 1], mu = new double[n - 1], sg = new double[n - 1];
        double tot = 0;
        for (int k = 0, j = 0; k < n; k++) {
            if (k == drop) continue;
            p[j] = Math.max(last[k], 0); mu[j] = means[k]; sg[j] = sigmas[k]; tot += p[j]; j++;
        }
        for (int j = 0; j < n - 1; j++) p[j] /= tot;
        Result rest = run(p, mu, sg, tEnd - t, offset + t);
        double[] tt = new double[times.size() + rest.times().length - 1];
        double[][] ww = new double[tt.length][];
        double[] ee = new double[tt.length];
        for (int i = 0; i < times.size(); i++) { tt[i] = times.get(i); ww[i] = ws.get(i); ee[i] = es.get(i); }
        for (int i = 1; i < rest.times().length; i++) {
            int o = times.size() + i - 1;
            tt[o] = t + rest.times()[i];
            double[] full = new double[n];
            for (int k = 0, j = 0; k < n; k++) full[k] = k == drop ? 0 : rest.weights()[i][j++];
            ww[o] = full;
            ee[o] = rest.energies()[i];
        }
        return new Result(tt, ww, ee, steps + rest.steps(), rejected + rest.rejected(), rest.status());
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double initialStep(double[] f0, double tEnd) {
        double norm = 0;
        for (double v : f0) norm = Math.max(norm, Math.abs(v));
        double h = norm > 0 ? 1e-3 / norm : tEnd;
        return Math.max(Math.min(h, tEnd), 1e-12);
    }

    /** Fixed quadrature nodes and the quantities that do not change along the flow. */
    final class Model {
        final int n, nodes;
        final double[] w, v;             // quadrature weights, V at nodes
        final double[][] phi;            // component densities [node][k]
        final double[][] dF;             // ∂_θi F [node][i]

        Model(double[] p0, double[] mu, double[] sigma) {
            n = p0.length;
            WassersteinInformation.Result r = WassersteinInformation.defaults().withTolerance(Math.max(relTol * 1e-2, 1e-10))
                    .compute(p0, mu, sigma, MixtureParameters.WEIGHTS);
            double[] bp = r.breakpoints();
            double[][] rule = WassersteinInformation.compositeRule(bp);
            nodes = rule[0].length;
            w = rule[1];
            v = new double[nodes];
            phi = new double[nodes][n];
            dF = new double[nodes][n - 1];
            double[] cdf = new double[n];
            for (int m = 0; m < nodes; m++) {
                double x = rule[0][m];
                v[m] = potential.applyAsDouble(x);
                if (!Double.isFinite(v[m])) throw new IllegalArgumentException("potential is not finite at x = " + x);
                for (int k = 0; k < n; k++) {
                    double z = (x - mu[k]) / sigma[k];
                    phi[m][k] = StandardNormal.pdf(z) / sigma[k];
                    cdf[k] = z;
                }
                for (int i = 0; i < n - 1; i++) {
                    double a = cdf[i + 1], b = cdf[i];
                    double sign = -1;
                    if (a > b) { double tt = a; a = b; b = tt; sign = 1; }
                    dF[m][i] = a == b ? 0 : sign * Math.exp(StandardNormal.logCdfDifference(a, b));
                }
            }
        }

        double energy(double[] p) {
            double e = 0;
            for (int m = 0; m < nodes; m++) {
                double rho = 0;
                for (int k = 0; k < n; k++) rho += p[k] * phi[m][k];
                if (rho <= 0) continue;
                double dens = energy == Energy.ENTROPY ? Math.log(rho) : energy == Energy.POTENTIAL ? v[m] : v[m] + Math.log(rho);
                e += w[m] * rho * dens;
            }
            return e;
        }

        /** θ' = −G^−1 ∇E. */
        double[] velocity(double[] theta) {
            double[] p = fromTheta(theta);
            int d = n - 1;
            double[] g = new double[d * d];
            double[] grad = new double[d];
            for (int m = 0; m < nodes; m++) {
                double rho = 0;
                for (int k = 0; k < n; k++) rho += Math.max(p[k], 0) * phi[m][k];
                if (!(rho > 1e-300)) continue;
                double dens = energy == Energy.ENTROPY ? Math.log(rho) : energy == Energy.POTENTIAL ? v[m] : v[m] + Math.log(rho);
                double[] b = dF[m];
                double wr = w[m] / rho;
                for (int i = 0; i < d; i++) {
                    grad[i] += w[m] * dens * (phi[m][i + 1] - phi[m][i]);
                    double bi = b[i] * wr;
                    if (bi == 0) continue;
                    for (int j = i; j < d; j++) g[i * d + j] += bi * b[j];
                }
            }
            for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) g[i * d + j] = g[j * d + i];
            Matrix l = Cholesky.lowerOrThrow(Matrix.fromRowMajor(d, d, g), "information matrix");
            double[] y = solveLower(l, grad);
            double[] x = solveUpper(l, y);
            for (int i = 0; i < d; i++) x[i] = -x[i];
            return x;
        }

        static double[] toTheta(double[] p) {
            double[] th = new double[p.length - 1];
            double s = 0;
            for (int i = p.length - 1; i >= 1; i--) { s += p[i]; th[i - 1] = s; }
            return th;
        }

        static double[] fromTheta(double[] th) {
            int n = th.length + 1;
            double[] p = new double[n];
            for (int k = 0; k < n; k++) p[k] = (k == 0 ? 1 : th[k - 1]) - (k == n - 1 ? 0 : th[k]);
            return p;
        }
    }

    static double[] solveLower(Matrix l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l.get(i, k) * y[k];
            y[i] = s / l.get(i, i);
        }
        return y;
    }

    static double[] solveUpper(Matrix l, double[] y) {
        int n = y.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l.get(k, i) * x[k];
            x[i] = s / l.get(i, i);
        }
        return x;
    }

    /**
     * The mixture density Σ p_k N(μ_k, σ_k²) as cell masses on [edges_j, edges_{j+1}] (exact CDF
     * differences; outer tails lumped into the end cells).
     */
    public static double[] cellMasses(double[] p, double[] mu, double[] sigma, double[] edges) {
        double[] mass = new double[edges.length - 1];
        for (int k = 0; k < p.length; k++) {
            for (int j = 0; j < mass.length; j++) {
                double a = j == 0 ? Double.NEGATIVE_INFINITY : (edges[j] - mu[k]) / sigma[k];
                double b = j == mass.length - 1 ? Double.POSITIVE_INFINITY : (edges[j + 1] - mu[k]) / sigma[k];
                double diff = a == Double.NEGATIVE_INFINITY ? StandardNormal.cdf(b)
                        : b == Double.POSITIVE_INFINITY ? Math.exp(StandardNormal.logSurvival(a))
                        : Math.exp(StandardNormal.logCdfDifference(a, b));
                mass[j] += p[k] * diff;
            }
        }
        return mass;
    }
}
