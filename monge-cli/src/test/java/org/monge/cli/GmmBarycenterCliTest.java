package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.Gaussian;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge gmm barycenter}: the midpoint of two mixtures lies halfway along MW2, and bad input is one line. */
class GmmBarycenterCliTest {
    @TempDir
    Path dir;

    @Test
    void midpointOfTwoMixtures() throws Exception {
        GaussianMixture a = GaussianMixture.univariate(new double[] {0.3, 0.7}, new double[] {-2, 1}, new double[] {0.5, 1});
        // equal weights: the optimal coupling is a permutation, so the K = 2 barycenter can lie on the MW2 geodesic
        a = GaussianMixture.univariate(new double[] {0.5, 0.5}, new double[] {-2, 1}, new double[] {0.5, 1});
        GaussianMixture b = GaussianMixture.univariate(new double[] {0.5, 0.5}, new double[] {0, 3}, new double[] {1, 0.4});
        Path pa = dir.resolve("a.npz"), pb = dir.resolve("b.npz"), out = dir.resolve("bar.npz");
        GmmCommand.writeMixture(pa, a);
        GmmCommand.writeMixture(pb, b);
        CliRunner r = CliRunner.run("gmm", "barycenter", pa.toString(), pb.toString(), "--out", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("converged").asBoolean()).isTrue();
        GaussianMixture bar = GmmCommand.readMixture(out, "--out");
        double d = MixtureTransport.solve(a, b).distance();
        // the objective ½MW2²(B,a) + ½MW2²(B,b) is at least d²/4 (triangle inequality), reached on the geodesic
        assertThat(r.json().get("objective").asDouble()).isGreaterThanOrEqualTo(d * d / 4 - 1e-9);
        assertThat(MixtureTransport.solve(bar, a).distance() + MixtureTransport.solve(bar, b).distance()).isCloseTo(d, within(1e-6));
        assertThat(bar.size()).isEqualTo(2);
        assertThat(bar.component(0)).isInstanceOf(Gaussian.class);
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        GaussianMixture a = GaussianMixture.univariate(new double[] {0.3, 0.7}, new double[] {-2, 1}, new double[] {0.5, 1});
        Path pa = dir.resolve("a.npz");
        GmmCommand.writeMixture(pa, a);
        String o = dir.resolve("o.npz").toString(), missing = dir.resolve("missing.npz").toString();
        for (List<String> args : List.of(
                List.of("gmm", "barycenter", pa.toString(), pa.toString(), "--lambdas", "1,-1", "--out", o),
                List.of("gmm", "barycenter", pa.toString(), pa.toString(), "--lambdas", "1", "--out", o),
                List.of("gmm", "barycenter", pa.toString(), missing, "--out", o),
                List.of("gmm", "barycenter", pa.toString(), pa.toString(), "--max-iter", "0", "--out", o))) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + "\n" + r.err()).isEqualTo(2);
            assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        }
    }
}
