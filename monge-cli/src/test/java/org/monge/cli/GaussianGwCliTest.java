package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code monge gaussian gw}: the closed forms through the command line. Expected values from NumPy (float64, once,
 * /usr/bin/python3): λ, μ = the eigenvalues descending; Σλ² + Σμ² − 2 Σ_{i≤k} λ_i μ_i and 4 (Σλ − Σμ)² + 8 × that.
 */
class GaussianGwCliTest {
    @TempDir Path dir;

    @Test
    void innerProductAndSquaredDistanceWithTheMap() throws Exception {
        Path s0 = write("s0.csv", "1.5,0.2,-0.4\n0.2,0.9,0.1\n-0.4,0.1,0.6\n"), s1 = write("s1.csv", "1,-0.3\n-0.3,0.8\n");
        Path a = dir.resolve("A.npy");
        CliRunner r = CliRunner.run("gaussian", "gw", "--cov0", s0.toString(), "--cov1", s1.toString(), "--out-matrix", a.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("gw").asDouble()).isCloseTo(0.4878429915669491, within(1e-12));
        assertThat(r.json().get("map").asBoolean()).isTrue();
        assertThat(Npy.read(a).shape()).containsExactly(2, 3);
        CliRunner q = CliRunner.run("gaussian", "gw", "--cov0", s0.toString(), "--cov1", s1.toString(), "--cost", "squared-distance",
                "--json");
        assertThat(q.json().get("gw").asDouble()).isCloseTo(9.662743932535598, within(1e-11));
        // from R² to R³ there is no map, and asking for it is a user error
        CliRunner back = CliRunner.run("gaussian", "gw", "--cov0", s1.toString(), "--cov1", s0.toString(), "--json");
        assertThat(back.json().get("map").asBoolean()).isFalse();
        assertThat(back.json().get("gw").asDouble()).isCloseTo(0.4878429915669491, within(1e-12));
        CliRunner bad = CliRunner.run("gaussian", "gw", "--cov0", s1.toString(), "--cov1", s0.toString(), "--out-matrix", a.toString());
        assertThat(bad.isOneLineUserError()).as(bad.err()).isTrue();
        CliRunner cost = CliRunner.run("gaussian", "gw", "--cov0", s1.toString(), "--cov1", s0.toString(), "--cost", "hinge");
        assertThat(cost.isOneLineUserError()).as(cost.err()).isTrue();
        assertThat(cost.err()).contains("--cost:");
    }

    @Test
    void twoDimensions() throws Exception {
        Path s0 = write("s0.csv", "2,0.5\n0.5,1\n"), s1 = write("s1.csv", "1,-0.3\n-0.3,0.8\n"), m0 = write("m0.csv", "0,1\n");
        CliRunner r = CliRunner.run("gaussian", "gw", "--mean0", m0.toString(), "--cov0", s0.toString(), "--cov1", s1.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("gw").asDouble()).isCloseTo(1.0255728090000824, within(1e-12));
        CliRunner q = CliRunner.run("gaussian", "gw", "--cov0", s0.toString(), "--cov1", s1.toString(), "--cost", "squared-distance",
                "--json");
        assertThat(q.json().get("gw").asDouble()).isCloseTo(13.964582472000659, within(1e-11));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
