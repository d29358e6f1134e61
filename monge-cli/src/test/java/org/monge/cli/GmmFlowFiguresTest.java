package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(files.size()).isEqualTo(7);
        for (JsonNode f : files) {
            Path png = Path.of(f.asText());
            assertThat(Files.size(png)).isGreaterThan(1000);
            assertThat(Files.exists(Path.of(png.toString().replaceFirst("\\.png$", ".svg")))).isTrue();
        }
        for (String csv : List.of("gmm_lattice1d_w2.csv", "gmm_lattice2d_w2.csv", "gmm_extended_sin.csv", "gmm_extended_entropy_sin2pi.csv",
                "gmm_second_order.csv")) {
            List<String> lines = Files.readAllLines(out.resolve(csv));
            assertThat(lines.size()).as(csv).isGreaterThan(2);
            for (String v : lines.get(lines.size() - 1).split(",")) assertThat(Double.isFinite(Double.parseDouble(v))).as(csv).isTrue();
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

    @Test
    void latticeHeatFlow2dSmall() throws Exception {
        GmmFlowFigures.lattice2d(dir, SMALL);
        assertThat(Files.readAllLines(dir.resolve("gmm_lattice2d_w2.csv"))).hasSize(11);
        assertThat(Files.exists(dir.resolve("gmm_lattice2d_profile.svg"))).isTrue();
    }

    @Test
    void extendedMixtureUnderSinSmall() throws Exception {
        GmmFlowFigures.sinFlow(dir, SMALL);
        List<String> lines = Files.readAllLines(dir.resolve("gmm_extended_sin.csv"));
        String[] first = lines.get(1).split(","), last = lines.get(lines.size() - 1).split(",");
        assertThat(Double.parseDouble(last[1])).isLessThan(Double.parseDouble(first[1])); // energy fell
        for (int k = 5; k < 8; k++) assertThat(Double.parseDouble(last[k])).isLessThan(Double.parseDouble(first[k])); // means moved down
    }

    @Test
    void extendedMixtureUnderEntropyAndSin2PiSmall() throws Exception {
        GmmFlowFigures.fokkerPlanckFlow(dir, SMALL);
        List<String> lines = Files.readAllLines(dir.resolve("gmm_extended_entropy_sin2pi.csv"));
        String[] last = lines.get(lines.size() - 1).split(",");
        double[] wells = {-1.25, -0.25, 0.75};
        for (int k = 0; k < 3; k++) assertThat(Double.parseDouble(last[5 + k])).isCloseTo(wells[k], within(1e-3));
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
