package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The options record: validated when configured, and the fluent API and {@link Sinkhorn#of} build the same solver. */
public class SinkhornOptionsTest {
    private static final CostMatrix C = CostMatrix.dense(Matrix.of(new double[][] {{0, 1, 4}, {1, 0, 1}, {4, 1, 0}}));
    private static final DiscreteMeasure A = DiscreteMeasure.of(new double[] {0.2, 0.3, 0.5});
    private static final DiscreteMeasure B = DiscreteMeasure.of(new double[] {0.4, 0.4, 0.2});

    @Test
    void ofOptionsSolvesLikeTheFluentSolverAndMatchesPot() {
        Sinkhorn fluent = Sinkhorn.withEpsilon(0.5).withTolerance(1e-13).withMaxIterations(5000).withEpsilonScaling(0.25);
        Sinkhorn.Options o = new Sinkhorn.Options(0.5, 1e-13, 5000, true, 0.25, Sinkhorn.Storage.AUTO,
                ReferenceMeasure.product(), null, true);
        assertThat(fluent.options()).isEqualTo(o);
        Sinkhorn.Result r = Sinkhorn.of(o).solve(A, B, C);
        assertThat(r.converged()).isTrue();
        // POT 0.8.2: (ot.sinkhorn(a, b, C, 0.5, method='sinkhorn_log', stopThr=1e-15) * C).sum(); POT regularises by
        // the entropy, which differs from KL(π ‖ a⊗b) by a constant on couplings, so the plan is the same
        assertThat(r.cost()).isCloseTo(0.5259917314437075, within(1e-11));
        assertThat(r.cost()).isEqualTo(fluent.solve(A, B, C).cost());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Sinkhorn.Options o = Sinkhorn.withEpsilon(0.1).options();
        assertThat(o).isEqualTo(Sinkhorn.Options.defaults(0.1));
        assertThat(o.tolerance()).isEqualTo(1e-9);
        assertThat(o.maxIterations()).isEqualTo(1000);
        assertThat(o.logDomain()).isTrue();
        assertThat(o.epsilonScaling()).isEqualTo(0.5);
        assertThat(o.storage()).isEqualTo(Sinkhorn.Storage.AUTO);
        assertThat(o.reference()).isInstanceOf(ReferenceMeasure.Product.class);
        assertThat(o.progress()).isNull();
        assertThat(o.multiscale()).isTrue();
    }

    @Test
    void invalidOptionsAreRejectedWhenConfigured() {
        Sinkhorn s = Sinkhorn.withEpsilon(1);
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(Double.NaN)).hasMessageStartingWith("epsilon must be positive");
        assertThatThrownBy(() -> s.withTolerance(-1)).hasMessageStartingWith("tolerance");
        assertThatThrownBy(() -> s.withMaxIterations(0)).hasMessageStartingWith("maxIterations");
        assertThatThrownBy(() -> s.withEpsilonScaling(1)).hasMessageStartingWith("epsilon scaling factor");
        assertThatThrownBy(() -> s.withStorage(null)).hasMessageContaining("storage");
        assertThatThrownBy(() -> s.withReference(null)).hasMessageContaining("reference");
        assertThatThrownBy(() -> Sinkhorn.of(null)).hasMessageContaining("options");
        // the scaling form cannot compute costs on the fly, whichever option comes first
        assertThatThrownBy(() -> s.withLogDomain(false).withStorage(Sinkhorn.Storage.ON_THE_FLY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense kernel");
        assertThatThrownBy(() -> s.withStorage(Sinkhorn.Storage.ON_THE_FLY).withLogDomain(false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense kernel");
    }
}
