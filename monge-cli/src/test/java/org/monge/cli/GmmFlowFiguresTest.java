package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge figures gmm-flows}: every figure with its SVG and CSV, the small version by default, the paper's settings when slow. */
class GmmFlowFiguresTest {
    @TempDir
    Path dir;

    static void assertFigures(Path out, CliRunner r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode files = r.json().get("files");
        assertThat(files.size()).isEqualTo(9);
        for (JsonNode f : files) {
            Path png = Path.of(f.asText());
            assertThat(Files.size(png)).isGreaterThan(1000);
            assertThat(Files.exists(Path.of(png.toString().replaceFirst("\\.png$", ".svg")))).isTrue();
        }
        assertThat(r.json().get("notes").size()).isEqualTo(4); // one per extended run: status and reason
        for (String csv : List.of("gmm_lattice1d_w2.csv", "gmm_lattice2d_w2.csv", "gmm_extended_sin_exact.csv",
                "gmm_extended_sin_limit.csv",
                "gmm_extended_entropy_sin2pi_exact.csv", "gmm_extended_entropy_sin2pi_limit.csv", "gmm_second_order.csv")) {
            List<String> lines = Files.readAllLines(out.resolve(csv));
            assertThat(lines.size()).as(csv).isGreaterThan(2);
            String[] v = lines.get(lines.size() - 1).split(",");
            for (int c = 0; c < v.length; c++) {
                // a removed component (weight 0, columns 2..4) has no mean (NaN, columns 5..7)
                boolean removed = csv.startsWith("gmm_extended") && c >= 5 && Double.parseDouble(v[c - 3]) == 0;
                assertThat(Double.isFinite(Double.parseDouble(v[c])) || removed).as(csv + " column " + c).isTrue();
            }
        }
        // the second-order metric is the better approximation at every σ
        for (String line : Files.readAllLines(out.resolve("gmm_second_order.csv")).subList(1, 3)) {
            String[] v = line.split(",");
            assertThat(Double.parseDouble(v[2])).isLessThan(Double.parseDouble(v[1]));
        }
    }

    private static final GmmFlowFigures.Settings SMALL = GmmFlowFigures.Settings.small();

    /** A small version of the 1-D lattice experiment: W2 small against both references, lattice nearer the FV scheme. */
    @Test
    void latticeHeatFlow1dSmall() throws Exception {
        GmmFlowFigures.lattice1d(dir, SMALL);
        for (String line : Files.readAllLines(dir.resolve("gmm_lattice1d_w2.csv")).subList(1, 21)) {
            String[] v = line.split(",");
            assertThat(Double.parseDouble(v[1])).isBetween(0.0, 0.05);
            assertThat(Double.parseDouble(v[2])).isBetween(0.0, 0.05);
        }
    }

    /**
     * The small 2-D experiment: the exact 2-D W2 at every snapshot is at least √2 times the W2 of the
     * x-marginals, to the CSV's six digits (a plan projects onto plans of each axis, and the two
     * marginals of these symmetric densities are equal), and small. (It is not equal: forward Euler
     * keeps a product density a product only up to the dt² cross term; checked against SciPy's LP in
     * one case while writing this, 0.0309402 against √2 · marginal 0.0307882.)
     */
    @Test
    void latticeHeatFlow2dSmall() throws Exception {
        GmmFlowFigures.lattice2d(dir, SMALL);
        List<String> lines = Files.readAllLines(dir.resolve("gmm_lattice2d_w2.csv"));
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("time,w2_lattice_fv,w2_lattice_exact,w2_x_marginal_lattice_fv,w2_x_marginal_lattice_exact");
        for (String line : lines.subList(1, 11)) {
            double[] v = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
            assertThat(v[1]).isBetween(Math.sqrt(2) * v[3] * (1 - 1e-5), 0.05);
            assertThat(v[2]).isBetween(Math.sqrt(2) * v[4] * (1 - 1e-5), 0.05);
        }
        assertThat(Files.exists(dir.resolve("gmm_lattice2d_profile.svg"))).isTrue();
    }

    /** The small run of V = sin x on both metrics: the energy falls and every mean moves down, towards −π/2. */
    @Test
    void extendedMixtureUnderSinSmall() throws Exception {
        List<String> notes = new ArrayList<>();
        GmmFlowFigures.sinFlow(dir, SMALL, notes);
        assertThat(notes).hasSize(2);
        for (String csv : List.of("gmm_extended_sin_exact.csv", "gmm_extended_sin_limit.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(csv));
            String[] first = lines.get(1).split(","), last = lines.get(lines.size() - 1).split(",");
            assertThat(Double.parseDouble(last[1])).as(csv).isLessThan(Double.parseDouble(first[1])); // energy fell
            for (int k = 5; k < 8; k++) assertThat(Double.parseDouble(last[k])).as(csv).isLessThan(Double.parseDouble(first[k]));
        }
        assertThat(Files.exists(dir.resolve("gmm_extended_sin_weights.svg"))).isTrue();
    }

    /** Entropy + sin 2πx to t = 20 on both metrics: the means sit in the wells −1.25, −0.25, 0.75. */
    @Test
    void extendedMixtureUnderEntropyAndSin2PiSmall() throws Exception {
        GmmFlowFigures.fokkerPlanckFlow(dir, SMALL, new ArrayList<>());
        double[] wells = {-1.25, -0.25, 0.75};
        for (String csv : List.of("gmm_extended_entropy_sin2pi_exact.csv", "gmm_extended_entropy_sin2pi_limit.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(csv));
            String[] last = lines.get(lines.size() - 1).split(",");
            for (int k = 0; k < 3; k++) assertThat(Double.parseDouble(last[5 + k])).as(csv).isCloseTo(wells[k], within(1e-3));
        }
    }

    @Test
    void secondOrderMetricSmall() throws Exception {
        GmmFlowFigures.secondOrder(dir, SMALL);
        for (String line : Files.readAllLines(dir.resolve("gmm_second_order.csv")).subList(1, 3)) {
            String[] v = line.split(",");
            assertThat(Double.parseDouble(v[2])).isLessThan(Double.parseDouble(v[1]));
        }
    }

    @Test
    @Tag("slow")
    void smallVersionWritesEveryFigureWithItsNumbers() throws Exception {
        Path out = dir.resolve("figs");
        assertFigures(out, CliRunner.run("figures", "gmm-flows", "--small", "--out", out.toString(), "--json"));
    }

    @Test
    @Tag("slow")
    void paperSettingsRunUnderFiveMinutes() throws Exception {
        String target = System.getenv("MONGE_GMM_FIGURES"); // where to keep them, e.g. for docs/figures
        Path out = target == null ? dir.resolve("full") : Path.of(target);
        long t0 = System.nanoTime();
        CliRunner r = CliRunner.run("figures", "gmm-flows", "--out", out.toString(), "--json");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFigures(out, r);
        assertThat(seconds).isLessThan(300);
    }
}
