package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge gmm flow --extended}: the sin-potential example end to end, and one-line refusals. */
class GmmExtendedFlowCliTest {
    @TempDir
    Path dir;
    private int files;

    private List<String> args(double[] p, double[] mu, String... more) throws Exception {
        int n = files++;
        Path pf = dir.resolve("p" + n + ".npy"), mf = dir.resolve("mu" + n + ".npy");
        Npy.write(pf, NdArray.vector(p));
        Npy.write(mf, NdArray.vector(mu));
        List<String> a = new ArrayList<>(List.of("gmm", "flow", "--extended", "--weights", pf.toString(), "--means", mf.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void sinPotentialCollapsesToMinusHalfPiAndWritesTheTrajectory() throws Exception {
        Path out = dir.resolve("traj.npz");
        CliRunner r = CliRunner.run(args(new double[] {0.2, 0.5, 0.3}, new double[] {-1, 0, 1}, "--sigma", "0.1", "--energy", "potential",
                "--potential", "sin", "--metric", "limit", "--time", "20", "--out", out.toString(), "--json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("energy_final").asDouble()).isLessThan(j.get("energy_initial").asDouble());
        assertThat(j.get("status").asText()).isEqualTo("components_merged");
        assertThat(r.err()).contains("stopped early").contains("merged");
        Map<String, NdArray> a = Npz.read(out, "times", "weights", "means", "energy");
        int steps = j.get("steps").asInt();
        assertThat(a.get("times").shape()[0]).isEqualTo(steps + 1);
        assertThat(a.get("weights").shape()).containsExactly(steps + 1, 3);
        assertThat(a.get("means").shape()).containsExactly(steps + 1, 3);
        double[] means = a.get("means").data();
        for (int k = 0; k < 3; k++) assertThat(means[means.length - 3 + k]).isCloseTo(-Math.PI / 2, within(1e-2));
        double[] e = a.get("energy").data();
        for (int i = 1; i < e.length; i++) assertThat(e[i]).isLessThanOrEqualTo(e[i - 1] + 1e-12);
    }

    /**
     * The paper's V = sin x example on the exact metric: the outer components empty and are removed,
     * reported in the JSON (removed_components, null final means) and on stderr; the trajectory keeps a
     * column per component (weight 0, mean NaN once removed) and the survivor ends at −π/2.
     */
    @Test
    @Tag("slow")
    void exactSinFlowRemovesTheEmptiedComponentsAndReachesTheEnd() throws Exception {
        Path out = dir.resolve("exact.npz");
        CliRunner r = CliRunner.run(args(new double[] {0.2, 0.5, 0.3}, new double[] {-1, 0, 1}, "--sigma", "0.1", "--energy", "potential",
                "--potential", "sin", "--metric", "exact", "--time", "20", "--out", out.toString(), "--json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("reached_end");
        assertThat(j.get("time_reached").asDouble()).isEqualTo(20);
        assertThat(r.err()).contains("removed");
        JsonNode removed = j.get("removed_components");
        assertThat(removed.size()).isEqualTo(2);
        for (JsonNode x : removed) {
            assertThat(x.get("weight").asDouble()).isPositive().isLessThan(1e-6);
            assertThat(x.get("to_component").asInt()).isEqualTo(1);
            assertThat(x.get("energy_change").asDouble()).isLessThanOrEqualTo(0);
        }
        assertThat(j.get("final_means").get(0).isNull()).isTrue();
        assertThat(j.get("final_means").get(2).isNull()).isTrue();
        assertThat(j.get("final_means").get(1).asDouble()).isCloseTo(-Math.PI / 2, within(1e-5));
        assertThat(j.get("final_weights").get(1).asDouble()).isEqualTo(1);
        assertThat(j.get("energy_final").asDouble()).isCloseTo(-Math.exp(-0.005), within(1e-9));
        Map<String, NdArray> a = Npz.read(out, "times", "weights", "means", "energy");
        double[] w = a.get("weights").data(), mu = a.get("means").data();
        int rows = a.get("times").shape()[0];
        assertThat(Double.isNaN(mu[3 * (rows - 1)])).isTrue();
        assertThat(w[3 * (rows - 1)]).isZero();
        double[] e = a.get("energy").data();
        for (int i = 1; i < e.length; i++) assertThat(e[i]).isLessThanOrEqualTo(e[i - 1] + 1e-12);
    }

    @Test
    void fokkerPlanckOnTheExactMetricRuns() throws Exception {
        CliRunner r = CliRunner.run(args(new double[] {0.4, 0.6}, new double[] {-0.5, 0.5}, "--sigma", "0.15", "--energy",
                "fokker-planck", "--potential", "quadratic", "--metric", "exact", "--time", "0.2", "--json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("reached_end");
        assertThat(r.json().get("energy_final").asDouble()).isLessThan(r.json().get("energy_initial").asDouble());
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        double[] p = {0.2, 0.5, 0.3}, mu = {-1, 0, 1};
        String[][] cases = {
                args(p, mu, "--sigma", "0", "--energy", "potential", "--potential", "sin").toArray(String[]::new),
                args(p, mu, "--sigma", "-0.1", "--energy", "potential", "--potential", "sin").toArray(String[]::new),
                args(new double[] {0.2, 0.5, 0.2}, mu, "--sigma", "0.1", "--energy", "potential").toArray(String[]::new),
                args(p, new double[] {0, -1, 1}, "--sigma", "0.1", "--energy", "potential").toArray(String[]::new),
                args(p, mu, "--sigma", "0.1", "--energy", "interaction", "--potential", "sin").toArray(String[]::new),
                args(p, mu, "--sigma", "0.1", "--energy", "potential", "--metric", "fancy").toArray(String[]::new),
                args(p, mu, "--energy", "potential").toArray(String[]::new),
                args(p, mu, "--sigma", "0.1", "--energy", "potential", "--time", "0").toArray(String[]::new),
                args(p, new double[] {-1, 0, 0.0001}, "--sigma", "0.1", "--energy", "potential").toArray(String[]::new),
        };
        for (String[] c : cases) {
            CliRunner r = CliRunner.run(c);
            assertThat(r.exitCode()).as(String.join(" ", c) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        }
        CliRunner r = CliRunner.run(args(new double[] {0.2, 0.5, 0.2}, mu, "--sigma", "0.1", "--energy", "potential")
                .toArray(String[]::new));
        assertThat(r.err()).contains("--weights").contains("sum to 1");
    }
}
