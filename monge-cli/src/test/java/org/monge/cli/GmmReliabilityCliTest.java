package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gmm.GaussianMixture;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.monge.cli.CliRunner.concat;

/** End to end: time steps of any size, refused absurd runs, progress, range errors, lower-case statuses and messages naming the input. */
class GmmReliabilityCliTest {
    @TempDir
    Path dir;

    private static final String[] SMALL_FLOW = {"gmm", "flow", "--components", "9", "--cells", "400", "--json"};

    /** A step longer than a snapshot interval: the PDE still reaches every snapshot time (it used to stay at t = 0, W2 0.61). */
    @Test
    void aTimeStepLongerThanASnapshotIntervalStillAdvancesThePde() {
        CliRunner coarse = CliRunner.run(concat(SMALL_FLOW, "--dt", "10"));
        CliRunner fine = CliRunner.run(concat(SMALL_FLOW, "--dt", "1e-3"));
        assertThat(coarse.exitCode()).as(coarse.err()).isZero();
        assertThat(fine.exitCode()).as(fine.err()).isZero();
        assertThat(coarse.json().get("status").asText()).isEqualTo("reached_end");
        // one implicit step per snapshot interval is first order: near the fine-step W2 (both small), not the unmoved 0.6
        assertThat(coarse.json().get("w2_to_pde").asDouble()).isLessThan(0.1);
        assertThat(coarse.json().get("w2_to_pde").asDouble()).isCloseTo(fine.json().get("w2_to_pde").asDouble(), within(0.05));
    }

    @Test
    void absurdStepCountsAreRefusedUpFront() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CliRunner tiny = CliRunner.run("gmm", "flow", "--dt", "1e-12");
            assertThat(tiny.isOneLineUserError()).as(tiny.err()).isTrue();
            assertThat(tiny.err()).contains("--dt").contains("1.00e+12 PDE steps");
            CliRunner far = CliRunner.run("gmm", "flow", "--time", "1e300");
            assertThat(far.isOneLineUserError()).as(far.err()).isTrue();
            assertThat(far.err()).contains("--time").contains("1.00e+303 PDE steps");
            CliRunner work = CliRunner.run("gmm", "flow", "--dt", "1e-8", "--cells", "100000");
            assertThat(work.isOneLineUserError()).as(work.err()).isTrue();
            assertThat(work.err()).contains("--cells");
            CliRunner big = CliRunner.run("gmm", "flow", "--components", "1000");
            assertThat(big.isOneLineUserError()).as(big.err()).isTrue();
            assertThat(big.err()).contains("--components").contains("1000");
            CliRunner narrow = CliRunner.run("gmm", "flow", "--sigma", "1e-5");
            assertThat(narrow.isOneLineUserError()).as(narrow.err()).isTrue();
            assertThat(narrow.err()).contains("--sigma").contains("overflows");
        });
    }

    /** Wide components make G numerically singular: an internal failure (exit 1, one line) that says what to change, not a user error. */
    @Test
    void aSingularInformationMatrixIsAnHonestInternalError() {
        CliRunner r = CliRunner.run("gmm", "flow", "--sigma", "5", "--cells", "100", "--json");
        assertThat(r.exitCode()).isEqualTo(Main.INTERNAL_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n").contains("internal error").contains("--sigma");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void restartsAreBounded() throws Exception {
        Path x = dir.resolve("x.npy");
        Npy.write(x, NdArray.vector(new double[] {0, 1, 2, 3, 10, 11, 12}));
        CliRunner r = CliRunner.run("gmm", "fit", "--x", x.toString(), "--k", "2", "--restarts", "1000000000", "--out",
                dir.resolve("o.npz").toString());
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("--restarts").contains("10000");
    }

    /** Progress lines come at most once a second, the first after a second (short runs print nothing). */
    @Test
    void progressLinesAreThrottledToOneASecond() {
        StringWriter out = new StringWriter();
        long[] now = {0};
        GmmCommand.ProgressLine line = new GmmCommand.ProgressLine(new PrintWriter(out, true), "gmm flow", () -> now[0]);
        int[] asked = {0};
        for (int ms = 0; ms <= 3500; ms += 10) {
            now[0] = ms * 1_000_000L;
            line.offer(() -> "at " + (asked[0]++));
        }
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(3); // at 1 s, 2 s and 3 s
        assertThat(asked[0]).isEqualTo(3); // the text is built only when printed
        assertThat(lines[0]).startsWith("monge gmm flow: at ");
    }

    /**
     * Entropy over a long time: the PDE keeps its mass over a million steps and the mixture flow stops integrating once
     * steady, so the run ends normally (it used to blame the user for the PDE's mass drift). Both have long reached their
     * equilibria, so W2 between them no longer changes.
     */
    @Test
    void aLongEntropyFlowEndsWithoutBlamingTheUser() {
        CliRunner r = CliRunner.run("gmm", "flow", "--energy", "entropy", "--time", "1e4", "--dt", "0.01", "--components", "3",
                "--cells", "30", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("reached_end");
        JsonNode w2 = r.json().get("w2_over_time");
        for (int s = 2; s < w2.size(); s++) assertThat(w2.get(s).asDouble()).isCloseTo(w2.get(1).asDouble(), within(1e-6));
    }

    @Test
    void infoMatrixRefusesOutOfRangeScalesAndFollowsTheScalingLaw() throws Exception {
        Path p = dir.resolve("p.npy"), m = dir.resolve("m.npy"), big = dir.resolve("big.npy");
        Npy.write(p, NdArray.vector(new double[] {0.1, 0.3, 0.45, 0.15}));
        Npy.write(m, NdArray.vector(new double[] {0, 1, 2, 3}));
        Npy.write(big, NdArray.vector(new double[] {0, 0x1p300, 0x1p301, 3 * 0x1p300}));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String[] c : new String[][] {{m.toString(), "1e-300"}, {m.toString(), "1e300"}, {big.toString(), "0.3"}}) {
                CliRunner r = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", c[0], "--sigma", c[1]);
                assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
                assertThat(r.err()).contains("--sigma");
            }
        });
        // G is homogeneous of degree 2 in the weights: means and σ times 2^300 give the matrix times 2^600, exactly
        CliRunner unit = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.3",
                "--json");
        CliRunner scaled = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", big.toString(), "--sigma",
                Double.toString(0.3 * 0x1p300), "--json");
        assertThat(scaled.exitCode()).as(scaled.err()).isZero();
        for (String key : new String[] {"matrix", "limit_matrix"}) {
            JsonNode a = unit.json().get(key), b = scaled.json().get(key);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) assertThat(b.get(i).get(j).asDouble()).isEqualTo(Math.scalb(a.get(i).get(j).asDouble(), 600));
            }
        }
    }

    @Test
    void statusesAreLowerCase() throws Exception {
        Path a = mixture("a.npz", new double[] {0.5, 0.5}, new double[] {0, 1}, new double[] {1, 1});
        CliRunner w = CliRunner.run("gmm", "w2", a.toString(), a.toString(), "--json");
        assertThat(w.exitCode()).as(w.err()).isZero();
        assertThat(w.json().get("status").asText()).isEqualTo("optimal");
    }

    @Test
    void inputErrorsNameTheOptionTheFileAndTheProblem() throws Exception {
        Path good = mixture("good.npz", new double[] {0.5, 0.5}, new double[] {0, 1}, new double[] {1, 1});
        Path threeWeights = mixture("w3.npz", new double[] {0.3, 0.3, 0.4}, new double[] {0, 1}, new double[] {1, 1});
        CliRunner r = CliRunner.run("gmm", "w2", threeWeights.toString(), good.toString());
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("A.npz").contains("w3.npz").contains("3 weights but 2 means");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("weights", NdArray.vector(new double[] {0.2, 0.3, 0.5}));
        arrays.put("means", new NdArray(new int[] {3, 1}, new double[] {0, 1, 2}));
        arrays.put("covs", new NdArray(new int[] {2, 1, 1}, new double[] {1, 1}));
        Path missingSlice = dir.resolve("slice.npz");
        Npz.write(missingSlice, arrays);
        CliRunner s = CliRunner.run("gmm", "w2", good.toString(), missingSlice.toString());
        assertThat(s.isOneLineUserError()).as(s.err()).isTrue();
        assertThat(s.err()).contains("B.npz").contains("slice.npz").contains("covs must have shape [3, 1, 1]");
        Path plane = dir.resolve("plane.npz");
        GaussianMixture planar = GaussianMixture.of(new double[] {1}, Matrix.of(new double[][] {{0, 0}}), List.of(Matrix.identity(2)));
        GmmCommand.writeMixture(plane, planar);
        CliRunner d = CliRunner.run("gmm", "w2", good.toString(), plane.toString());
        assertThat(d.isOneLineUserError()).as(d.err()).isTrue();
        assertThat(d.err()).contains("B.npz").contains("plane.npz").contains("dimension 2");
        Path p = dir.resolve("p.npy"), m = dir.resolve("m.npy");
        Npy.write(p, NdArray.vector(new double[] {0.2, 0.3, 0.5}));
        Npy.write(m, NdArray.vector(new double[] {0, 1}));
        CliRunner info = CliRunner.run("gmm", "info-matrix", "--weights", p.toString(), "--means", m.toString(), "--sigma", "0.5");
        assertThat(info.isOneLineUserError()).as(info.err()).isTrue();
        assertThat(info.err()).contains("--weights").contains("p.npy").contains("3 weights for 2 components");
    }

    private Path mixture(String name, double[] w, double[] means, double[] variances) throws Exception {
        Map<String, NdArray> a = new LinkedHashMap<>();
        a.put("weights", NdArray.vector(w));
        a.put("means", NdArray.vector(means));
        a.put("covs", NdArray.vector(variances));
        Path f = dir.resolve(name);
        Npz.write(f, a);
        return f;
    }
}
