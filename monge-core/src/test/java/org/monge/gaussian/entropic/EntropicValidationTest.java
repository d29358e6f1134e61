package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntropicValidationTest {
    static final Gaussian P = Gaussian.of(new double[2], Matrix.of(new double[][] {{2, .5}, {.5, 1}}));
    static final Gaussian Q = Gaussian.of(new double[2], Matrix.of(new double[][] {{1, -.3}, {-.3, .8}}));

    @Test
    void epsilonMustBePositiveAndFinite() {
        for (double eps : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> EntropicGaussian.withEpsilon(eps)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epsilon");
            assertThatThrownBy(() -> EntropicGaussian1D.cost(1, 1, 0, eps)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epsilon");
        }
    }

    @Test
    void correlationMustHaveSpectralNormBelowOne() {
        assertThatThrownBy(() -> ReferenceCoupling.correlated(Matrix.identity(2))).hasMessageContaining("‖R‖₂ < 1")
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> ReferenceCoupling.correlated(Matrix.of(new double[][] {{0.9, 0.9}, {0, 0}})))
                .hasMessageContaining("‖R‖₂ < 1");
        assertThatThrownBy(() -> ReferenceCoupling.correlated(1.0, 2)).hasMessageContaining("rho");
        assertThatThrownBy(() -> ReferenceCoupling.correlated(Double.NaN, 2)).hasMessageContaining("rho");
        assertThatThrownBy(() -> ReferenceCoupling.correlated(Matrix.of(new double[][] {{Double.NaN}}))).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> ReferenceCoupling.correlated(Matrix.zeros(2, 3))).hasMessageContaining("square");
        assertThatThrownBy(() -> EntropicGaussian1D.cost(1, 1, -1, 0.5)).hasMessageContaining("rho");
    }

    @Test
    void correlationMustMatchTheDimension() {
        EntropicGaussian s = EntropicGaussian.withEpsilon(1).withReference(ReferenceCoupling.correlated(0.5, 3));
        assertThatThrownBy(() -> s.solve(P, Q)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("R is 3x3")
                .hasMessageContaining("dimension 2");
    }

    @Test
    void referenceCovarianceMustBePositiveDefiniteSymmetricFiniteAndOfSize2d() {
        assertThatThrownBy(() -> ReferenceCoupling.covariance(Matrix.identity(3))).hasMessageContaining("even size");
        assertThatThrownBy(() -> ReferenceCoupling.covariance(Matrix.zeros(4, 2))).hasMessageContaining("square");
        Matrix singular = Matrix.of(new double[][] {{1, 1}, {1, 1}});
        assertThatThrownBy(() -> ReferenceCoupling.covariance(singular)).hasMessageContaining("positive definite");
        Matrix indefinite = Matrix.of(new double[][] {{1, 2}, {2, 1}});
        assertThatThrownBy(() -> ReferenceCoupling.covariance(indefinite)).hasMessageContaining("reference covariance K")
                .hasMessageContaining("positive semi-definite");
        assertThatThrownBy(() -> ReferenceCoupling.covariance(Matrix.of(new double[][] {{1, 0.5}, {0, 1}})))
                .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> ReferenceCoupling.covariance(Matrix.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}})))
                .hasMessageContaining("non-finite");
        EntropicGaussian s = EntropicGaussian.withEpsilon(1).withReference(ReferenceCoupling.covariance(Matrix.identity(2)));
        assertThatThrownBy(() -> s.solve(P, Q)).hasMessageContaining("2x2").hasMessageContaining("4x4");
        assertThatThrownBy(() -> ReferenceCoupling.covariance(null)).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> EntropicGaussian.withEpsilon(1).withReference(null)).hasMessageContaining("must not be null");
    }

    @Test
    void marginalsMustBePositiveDefiniteAndOfEqualDimension() {
        Gaussian singular = Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 1}, {1, 1}}));
        EntropicGaussian s = EntropicGaussian.withEpsilon(1);
        assertThatThrownBy(() -> s.solve(singular, Q)).hasMessageContaining("first covariance must be positive definite");
        assertThatThrownBy(() -> s.solve(P, singular)).hasMessageContaining("second covariance must be positive definite");
        assertThatThrownBy(() -> s.solve(P, Gaussian.univariate(0, 1))).hasMessageContaining("dimensions differ");
        assertThatThrownBy(() -> s.solve(P, null)).hasMessageContaining("both Gaussians");
        assertThatThrownBy(() -> EntropicGaussian1D.cost(0, 1, 0, 1)).hasMessageContaining("standard deviation a");
        assertThatThrownBy(() -> EntropicGaussian1D.cost(1, Double.NaN, 0, 1)).hasMessageContaining("standard deviation b");
    }

    @Test
    void couplingAndSearchOptionsAreChecked() {
        assertThatThrownBy(() -> new GaussianCoupling(new double[1], new double[1], Matrix.identity(3))).hasMessageContaining("2x2");
        assertThatThrownBy(() -> new GaussianCoupling(new double[1], new double[2], Matrix.identity(2))).hasMessageContaining("differ");
        GaussianCoupling c = new GaussianCoupling(new double[1], new double[1], Matrix.identity(2));
        assertThatThrownBy(() -> c.logDensity(new double[2], new double[1])).hasMessageContaining("dimension 1");
        assertThatThrownBy(() -> c.sample(-1, new Random())).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> ReferenceCoupling.product().onSamples(P, Q, 0, 5)).hasMessageContaining("sample sizes");
        assertThatThrownBy(() -> ReferenceCoupling.product().logDensityRatio(P, Gaussian.univariate(0, 1)))
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> ReferenceCorrelationSearch.defaults().withInterval(0.5, 0.2)).hasMessageContaining("interval");
        assertThatThrownBy(() -> ReferenceCorrelationSearch.defaults().withInterval(-1, 0.2)).hasMessageContaining("interval");
        assertThatThrownBy(() -> ReferenceCorrelationSearch.defaults().withGrid(1)).hasMessageContaining("grid");
        assertThatThrownBy(() -> ReferenceCorrelationSearch.defaults().withTolerance(0)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> ReferenceCorrelationSearch.defaults().correlationForBias(1, 1, 1, 0)).hasMessageContaining("target");
    }
}
