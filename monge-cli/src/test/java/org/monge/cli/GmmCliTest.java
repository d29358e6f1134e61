package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gmm.GaussianMixture;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GmmCliTest {
    @TempDir
    Path dir;

    @Test
    void fitWritesAMixtureAndW2ReadsIt() throws Exception {
        GaussianMixture truth = GaussianMixture.of(new double[] {0.4, 0.6}, Matrix.of(new double[][] {{-4, 0}, {4, 1}}),
                List.of(Matrix.identity(2), Matrix.identity(2)));
        Path x = dir.resolve("x.npy");
        Npy.write(x, NdArray.of(truth.sample(2000, 5)));
        Path out = dir.resolve("fit.npz");
        CliRunner r = CliRunner.run("gmm", "fit", "--x", x.toString(), "--k", "2", "--seed", "3", "--out", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.has("log_likelihood") && j.has("bic") && j.has("iterations")).isTrue();
        assertThat(Files.exists(out)).isTrue();
        CliRunner w = CliRunner.run("gmm", "w2", out.toString(), out.toString(), "--json");
        assertThat(w.exitCode()).as(w.err()).isZero();
        assertThat(w.json().get("mw2").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(w.json().has("mw2_squared")).isTrue();
    }

    @Test
    void infoMatrixInFreeWeightCoordinatesWithItsLimit() throws Exception {
        Path p = dir.resolve("p.npy"), m = dir.resolve("m.npy");
        Npy.write(p, NdArray.vector(new double[] {0.1, 0.3, 0.45, 0.15}));
        Npy.write(m, NdArray.vector(new double[] {0, 1, 2, 3}));
        CliRunner r = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.1", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode g = r.json().get("matrix"), l = r.json().get("limit_matrix");
        assertThat(g.size()).isEqualTo(3);
        assertThat(l.size()).isEqualTo(3);
        // p coordinates: G_p[2][2] = G_θ[2][2] (∂_{p_3} F = −∂_{θ_3} F); docs/mathematics.md §5: G_θ[2][2]/Z = 4.097031
        double z = Math.PI * Math.sqrt(2 * Math.PI) * 1e-3 * Math.exp(1 / 0.08);
        assertThat(g.get(2).get(2).asDouble() / z).isCloseTo(4.097031, within(5e-6));
        assertThat(l.get(2).get(2).asDouble() / z).isCloseTo(3.849002, within(5e-6));
        assertThat(g.get(0).get(1).asDouble()).isEqualTo(g.get(1).get(0).asDouble());
        CliRunner all = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.3",
                "--parameters", "all", "--json");
        assertThat(all.json().get("matrix").size()).isEqualTo(11);
    }

    @Test
    void flowReportsW2ToThePdeAndPlots() {
        Path png = dir.resolve("flow.png");
        CliRunner r = CliRunner.run("gmm", "flow", "--energy", "fokker-planck", "--potential", "quadratic", "--components", "9",
                "--time", "0.3",
                "--snapshots", "3", "--cells", "400", "--dt", "2e-3", "--plot", png.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("w2_to_pde").asDouble()).isLessThan(0.05);
        assertThat(Files.exists(png)).isTrue();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path p = dir.resolve("p.npy"), m = dir.resolve("m.npy");
        Npy.write(p, NdArray.vector(new double[] {0.5, 0.6}));
        Npy.write(m, NdArray.vector(new double[] {0, 1}));
        assertThat(CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.1")
                .isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "-1")
                .isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("gmm", "flow", "--potential", "bogus").isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("gmm", "w2", dir.resolve("missing.npz").toString(), dir.resolve("missing.npz").toString())
                .isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("gmm", "fit", "--x", p.toString(), "--k", "5", "--out", dir.resolve("o.npz").toString())
                .isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("gmm").isOneLineUserError()).isTrue();
        Npy.write(p, NdArray.vector(new double[] {0.5, 0.5}));
        CliRunner tiny = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.004");
        assertThat(tiny.isOneLineUserError()).as(tiny.err()).isTrue();
        assertThat(tiny.err()).contains("sigma");
    }
}
