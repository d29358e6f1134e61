package org.monge.maps;

import org.monge.linalg.Matrix;

/**
 * Domain adaptation by the linear (Gaussian) map, as POT's {@code ot.da.LinearTransport} with {@code bias=True}
 * (Flamary, Lounici &amp; Ferrari 2019, "Concentration bounds for linear Monge mapping estimation"): the Brenier map
 * between the Gaussians with the samples' means and maximum-likelihood covariances plus reg·I ({@link LinearMap}).
 * POT's default reg is 1e-8. Cost O(n d² + d³).
 */
public final class LinearTransport {
    private final double regularization;

    /** The fitted estimator. */
    public record Result(LinearMap map) {
        public Matrix transform(Matrix points) { return map.apply(points); }
    }

    private LinearTransport(double reg) {
        if (!(reg >= 0) || !Double.isFinite(reg)) throw new IllegalArgumentException("reg must be non-negative and finite, got " + reg);
        this.regularization = reg;
    }

    public static LinearTransport defaults() { return new LinearTransport(LinearMap.DEFAULT_REGULARIZATION); }

    public LinearTransport withRegularization(double reg) { return new LinearTransport(reg); }

    public Result fit(Matrix xs, Matrix xt) {
        DomainData.check(xs, xt);
        return new Result(LinearMap.fit(xs, xt, regularization));
    }
}
