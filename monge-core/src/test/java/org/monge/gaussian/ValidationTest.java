package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest {
    @Test
    void rejectsBadGaussiansWithClearMessages() {
        assertThatThrownBy(() -> Gaussian.of(new double[2], Matrix.identity(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mean has dimension 2 but covariance is 3x3");
        assertThatThrownBy(() -> Gaussian.of(new double[2], Matrix.zeros(2, 3))).hasMessageContaining("covariance must be square, got 2x3");
        assertThatThrownBy(() -> Gaussian.of(new double[] {0, Double.NaN}, Matrix.identity(2)))
                .hasMessageContaining("mean has a non-finite entry at index 1");
        assertThatThrownBy(() -> Gaussian.of(new double[2], Matrix.of(new double[][] {{1, Double.NaN}, {0, 1}})))
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 0.5}, {0.4, 1}})))
                .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 2}, {2, 1}}), "--cov0"))
                .hasMessageStartingWith("--cov0 is not positive semi-definite: smallest eigenvalue is -1");
        assertThatThrownBy(() -> Gaussian.univariate(0, -1)).hasMessageContaining("sigma must be finite and non-negative");
    }

    @Test
    void symmetrisesRoundingLevelAsymmetryAndAcceptsSemiDefinite() {
        Gaussian g = Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 0.5 + 1e-13}, {0.5, 1}}));
        assertThat(g.covariance().asymmetry()).isZero();
        Gaussian s = Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 1}, {1, 1}}));
        assertThat(s.isPositiveDefinite()).isFalse();
    }

    @Test
    void operationsNeedingDefinitenessSaySo() {
        Gaussian semi = Gaussian.of(new double[2], Matrix.of(new double[][] {{1, 1}, {1, 1}}));
        Gaussian pd = Gaussian.centered(Matrix.identity(2));
        assertThatThrownBy(() -> BuresGradient.of(semi, pd)).hasMessageContaining("covariance0 must be positive definite");
        assertThatThrownBy(() -> BrenierMap.between(semi, pd)).hasMessageContaining("source covariance must be positive definite");
        assertThatThrownBy(() -> KnotheRosenblattMap.between(pd, semi)).hasMessageContaining("target covariance must be positive definite");
        assertThatThrownBy(() -> BuresWasserstein.squaredDistance(pd, Gaussian.univariate(0, 1)))
                .hasMessageContaining("dimensions differ, 2 and 1");
        assertThatThrownBy(() -> new McCannInterpolation(pd, pd).at(1.5)).hasMessageContaining("t must lie in [0, 1]");
    }
}
