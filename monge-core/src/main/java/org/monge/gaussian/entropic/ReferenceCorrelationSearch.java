package org.monge.gaussian.entropic;

import org.monge.gaussian.Gaussian;

import java.util.function.DoubleUnaryOperator;

/**
 * The reference correlation ρ (reference R = ρ I with the input marginals) that minimises the
 * entropic bias |OT_{ε,ρ} − W2²| at a given ε, over an interval [lo, hi] ⊂ (−1, 1).
 *
 * <p>Method: a scan of the interval on an even grid, then golden-section refinement of the best
 * grid bracket (robust when |bias| is not unimodal; exact to the tolerance in ρ when it is). Cost:
 * (grid + ~45) closed-form evaluations, O(1) each in 1-D, O(d³) each in d dimensions.
 *
 * <p>What the search finds, observed numerically: the bias is never negative (both terms of the
 * objective exceed their minimum) and, for the reference with the input marginals, decreases
 * towards 0 as ρ → 1, where the reference concentrates on the graph of the monotone map. So the
 * minimiser over [lo, hi] is typically hi: the search is the tool that says how much bias a
 * chosen correlation cap leaves, and {@link #correlationForBias} inverts it.
 */
public final class ReferenceCorrelationSearch {
    private final double lo;
    private final double hi;
    private final int grid;
    private final double tolerance;

    private ReferenceCorrelationSearch(double lo, double hi, int grid, double tolerance) {
        this.lo = lo;
        this.hi = hi;
        this.grid = grid;
        this.tolerance = tolerance;
    }

    /** ρ ∈ [−0.99, 0.99], 200 grid cells, tolerance 1e-10 in ρ. */
    public static ReferenceCorrelationSearch defaults() {
        return new ReferenceCorrelationSearch(-0.99, 0.99, 200, 1e-10);
    }

    public ReferenceCorrelationSearch withInterval(double lo, double hi) {
        if (!(lo > -1) || !(hi < 1) || !(lo < hi)) {
            throw new IllegalArgumentException("interval must satisfy -1 < lo < hi < 1, got [" + lo + ", " + hi + "]");
        }
        return new ReferenceCorrelationSearch(lo, hi, grid, tolerance);
    }

    public ReferenceCorrelationSearch withGrid(int cells) {
        if (cells < 2) throw new IllegalArgumentException("grid must have at least 2 cells, got " + cells);
        return new ReferenceCorrelationSearch(lo, hi, cells, tolerance);
    }

    public ReferenceCorrelationSearch withTolerance(double tol) {
        if (!(tol > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tol);
        return new ReferenceCorrelationSearch(lo, hi, grid, tol);
    }

    /** The minimiser, its bias, and how many closed-form evaluations it took. */
    public record Result(double rho, double bias, int evaluations) {}

    /** On the line, between N(·, a²) and N(·, b²). */
    public Result minimise(double a, double b, double epsilon) {
        return minimise(rho -> EntropicGaussian1D.bias(a, b, rho, epsilon));
    }

    /** In d dimensions with R = ρ I. */
    public Result minimise(Gaussian p, Gaussian q, double epsilon) {
        EntropicGaussian solver = EntropicGaussian.withEpsilon(epsilon);
        return minimise(rho -> solver.withReference(ReferenceCoupling.correlated(rho, p.dimension())).solve(p, q).bias());
    }

    /** Minimises |bias(ρ)| over [lo, hi]. */
    Result minimise(DoubleUnaryOperator bias) {
        int evals = 0;
        double h = (hi - lo) / grid;
        int best = 0;
        double bestVal = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= grid; i++) {
            double v = Math.abs(bias.applyAsDouble(lo + i * h));
            evals++;
            if (v < bestVal) {
                bestVal = v;
                best = i;
            }
        }
        double x0 = lo + Math.max(best - 1, 0) * h, x1 = lo + Math.min(best + 1, grid) * h;
        double bestRho = lo + best * h;
        double phi = (Math.sqrt(5) - 1) / 2;
        double c = x1 - phi * (x1 - x0), d = x0 + phi * (x1 - x0);
        double fc = Math.abs(bias.applyAsDouble(c)), fd = Math.abs(bias.applyAsDouble(d));
        evals += 2;
        while (x1 - x0 > tolerance) {
            if (fc <= fd) {
                x1 = d;
                d = c;
                fd = fc;
                c = x1 - phi * (x1 - x0);
                fc = Math.abs(bias.applyAsDouble(c));
            } else {
                x0 = c;
                c = d;
                fc = fd;
                d = x0 + phi * (x1 - x0);
                fd = Math.abs(bias.applyAsDouble(d));
            }
            evals++;
        }
        // the bracket ends (grid points, possibly the interval ends) compete with the interior
        for (double x : new double[] {c, d, x0, x1}) {
            double v = x == c ? fc : x == d ? fd : Math.abs(bias.applyAsDouble(x));
            if (x != c && x != d) evals++;
            if (v < bestVal) {
                bestVal = v;
                bestRho = x;
            }
        }
        return new Result(bestRho, bias.applyAsDouble(bestRho), evals + 1);
    }

    /**
     * The smallest ρ in [lo, hi] at which the 1-D bias is at most {@code target}, by bisection
     * (the bias decreases in ρ, see the class comment); the result reports that ρ and its bias,
     * or hi and its bias when even hi does not reach the target.
     */
    public Result correlationForBias(double a, double b, double epsilon, double target) {
        if (!(target > 0)) throw new IllegalArgumentException("target bias must be positive, got " + target);
        DoubleUnaryOperator f = rho -> EntropicGaussian1D.bias(a, b, rho, epsilon);
        if (f.applyAsDouble(hi) > target) return new Result(hi, f.applyAsDouble(hi), 2);
        if (f.applyAsDouble(lo) <= target) return new Result(lo, f.applyAsDouble(lo), 3);
        double x0 = lo, x1 = hi;
        int evals = 2;
        while (x1 - x0 > tolerance) {
            double m = 0.5 * (x0 + x1);
            if (f.applyAsDouble(m) <= target) x1 = m; else x0 = m;
            evals++;
        }
        return new Result(x1, f.applyAsDouble(x1), evals + 1);
    }
}
