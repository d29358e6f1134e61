package org.monge.maps;

import org.monge.linalg.Matrix;

/** The checks of the source and target samples that every domain-adaptation estimator shares. */
final class DomainData {
    private DomainData() {}

    static void check(Matrix xs, Matrix xt) {
        if (xs.rows() == 0 || xt.rows() == 0) {
            throw new IllegalArgumentException("xs and xt need at least one point each, got " + xs.rows() + " and " + xt.rows());
        }
        if (xs.cols() != xt.cols()) throw new IllegalArgumentException("xs has dimension " + xs.cols() + ", xt " + xt.cols());
        MapArgs.finite(xs, "xs");
        MapArgs.finite(xt, "xt");
    }
}
