package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlowCliTest {
    @TempDir Path dir;

    private Path cloud(String name, int n, double scale, double shift, long seed) throws Exception {
        Random r = new Random(seed);
        double[] p = new double[n * 2];
        for (int k = 0; k < p.length; k++) p[k] = scale * r.nextGaussian() + shift;
        Path f = dir.resolve(name);
        Npy.write(f, NdArray.of(Matrix.fromRowMajor(n, 2, p)));
        return f;
    }

    @Test
    void theFlowReachesTheTargetAndWritesFrames() throws Exception {
        Path x = cloud("x.npy", 25, 0.3, 0, 1), y = cloud("y.npy", 25, 0.4, 1.5, 2), frames = dir.resolve("frames");
        CliRunner r = CliRunner.run("flow", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.05", "--steps", "100",
                "--out-frames", frames.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("divergence").asDouble()).isLessThanOrEqualTo(1e-3);
        JsonNode losses = j.get("losses");
        for (int k = 1; k < losses.size(); k++) assertThat(losses.get(k).asDouble()).isLessThan(losses.get(k - 1).asDouble());
        int steps = j.get("steps").asInt();
        assertThat(r.err()).contains("flow: step " + steps + ", divergence");
        assertThat(j.get("frames").asInt()).isEqualTo(steps + 1);
        Matrix last = Npy.read(frames.resolve(String.format("frame_%05d.npy", steps))).toMatrix("last");
        assertThat(last.rows()).isEqualTo(25);
        assertThat(Npy.read(frames.resolve("frame_00000.npy")).data()).containsExactly(Npy.read(x).data());
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path x = cloud("x.npy", 5, 1, 0, 3), y = cloud("y.npy", 5, 1, 0, 4);
        Path y3 = dir.resolve("y3.npy");
        Npy.write(y3, NdArray.of(Matrix.fromRowMajor(2, 3, new double[6])));
        for (String[] args : new String[][] {
            {"flow", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.1", "--steps", "0"},
            {"flow", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.1", "--every", "0"},
            {"flow", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.1", "--step-size", "-1"},
            {"flow", "--x", x.toString(), "--y", y3.toString(), "--epsilon", "0.1"}}) {
            CliRunner r = CliRunner.run(args);
            assertThat(r.isOneLineUserError()).as("%s: %s", String.join(" ", args), r.err()).isTrue();
        }
    }

    @Test
    void theFlowFiguresAreWritten() throws Exception {
        CliRunner r = CliRunner.run("figures", "flow", "--out", dir.resolve("figs").toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.size(dir.resolve("figs/flow_panel.png"))).isGreaterThan(10_000);
        assertThat(Files.exists(dir.resolve("figs/flow_divergence.png"))).isTrue();
        assertThat(r.json().get("files").size()).isEqualTo(FlowFigures.SNAPSHOTS + 2);
    }
}
