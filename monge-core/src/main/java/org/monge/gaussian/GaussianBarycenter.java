package org.monge.gaussian;

import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The W2 barycenter of weighted Gaussians: mean Σ w_i m_i, covariance the fixed point of
 * S ← S^−½ (Σ_i w_i (S^½ S_i S^½)^½)² S^−½ (Álvarez-Esteban, del Barrio, Cuesta-Albertos &amp;
 * Matrán 2016, Theorem 4.2), started from Σ w_i S_i. Converges from any positive-definite start
 * when the S_i are positive definite. Each iteration costs N + 1 eigendecompositions of size d;
 * the N terms run on all cores. The result reports iterations and the relative residual
 * ‖S_{k+1} − S_k‖_F / ‖S_k‖_F reached, and whether it met the tolerance.
 */
public final class GaussianBarycenter {
    private final int maxIterations;
    private final double tolerance;

    private GaussianBarycenter(int maxIterations, double tolerance) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    public static GaussianBarycenter defaults() { return new GaussianBarycenter(1000, 1e-12); }

    public GaussianBarycenter withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("maxIterations must be at least 1, got " + n);
        return new GaussianBarycenter(n, tolerance);
    }

    public GaussianBarycenter withTolerance(double tol) {
        if (!(tol > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tol);
        return new GaussianBarycenter(maxIterations, tol);
    }

    /** Result: the barycenter, the iterations used, the residual reached and whether it converged. */
    public record Result(Gaussian barycenter, int iterations, double residual, boolean converged) {}

    /** Equal weights. */
    public Result solve(List<Gaussian> gaussians) {
        double[] w = new double[gaussians.size()];
        Arrays.fill(w, 1.0 / Math.max(1, w.length));
        return solve(gaussians, w);
    }

    /** Weights must be finite and non-negative with a positive sum; they are normalised to sum 1. */
    public Result solve(List<Gaussian> gaussians, double[] weights) {
        int n = gaussians.size();
        if (n == 0) throw new IllegalArgumentException("barycenter needs at least one Gaussian");
        if (weights.length != n) {
            throw new IllegalArgumentException("weights has length " + weights.length + " but there are " + n + " Gaussians");
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights must be finite and non-negative; weights[" + i + "] = " + weights[i]);
            }
            total += weights[i];
        }
        if (!(total > 0)) throw new IllegalArgumentException("weights must have a positive sum");
        int d = gaussians.get(0).dimension();
        double[] w = new double[n];
        double[] mean = new double[d];
        Matrix s = Matrix.zeros(d, d);
        boolean anyPd = false;
        for (int i = 0; i < n; i++) {
            Gaussian g = gaussians.get(i);
            gaussians.get(0).requireSameDimension(g, "barycenter input " + i);
            w[i] = weights[i] / total;
            double[] m = g.mean();
            for (int k = 0; k < d; k++) mean[k] += w[i] * m[k];
            s = s.combine(1, g.covariance(), w[i]);
            anyPd |= w[i] > 0 && g.isPositiveDefinite();
        }
        if (!anyPd) throw new IllegalArgumentException("barycenter needs at least one positive-definite covariance with positive weight");
        // the fixed point is homogeneous (inputs 4^h S_i give 4^h S): solve at the start's magnitude divided out
        boolean moderate = Scaling.isModerate(s.maxAbs()) && gaussians.stream().allMatch(Gaussian::isModerate);
        int h = moderate ? 0 : Scaling.halfExponent(s.maxAbs());
        List<Matrix> covariances = gaussians.stream().map(g -> moderate ? g.covariance() : g.covariance().scalb(-2 * h)).toList();
        Result r = iterate(mean, s.scalb(-2 * h), sqrt -> IntStream.range(0, n).parallel()
                .filter(i -> w[i] > 0)
                .mapToObj(i -> term(sqrt, covariances.get(i), w[i]))
                .reduce(Matrix.zeros(d, d), Matrix::plus));
        if (moderate) return r;
        return new Result(Gaussian.of(mean, r.barycenter().covariance().scalb(2 * h)), r.iterations(), r.residual(), r.converged());
    }

    /**
     * The fixed-point iteration from {@code start} (Σ w_i S_i), with the sum Σ w_i (S^½ S_i S^½)^½
     * over the inputs supplied by {@code termSum} given S^½ (each summand is {@link #term}): lets
     * the sum run elsewhere, e.g. as one distributed aggregation per iteration. Weights are
     * those normalised to sum 1; {@code mean} is the barycenter's mean Σ w_i m_i.
     */
    public Result iterate(double[] mean, Matrix start, UnaryOperator<Matrix> termSum) {
        Matrix s = start;
        double residual = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations) {
            it++;
            SymmetricEigen e = SymmetricEigen.of(s);
            Matrix sum = termSum.apply(e.sqrt());
            Matrix ri = e.inverseSqrt();
            Matrix next = ri.times(sum).times(sum).times(ri).symmetrize();
            residual = next.minus(s).frobeniusNorm() / Math.max(s.frobeniusNorm(), Double.MIN_NORMAL);
            s = next;
            if (residual <= tolerance) break;
        }
        return new Result(Gaussian.of(mean, s), it, residual, residual <= tolerance);
    }

    /** One summand of a step: w (S^½ S_i S^½)^½, given S^½ and the (symmetric) covariance S_i. */
    public static Matrix term(Matrix sqrtS, Matrix covariance, double weight) {
        return SymmetricEigen.of(sqrtS.times(covariance).times(sqrtS)).sqrt().scale(weight);
    }
}
