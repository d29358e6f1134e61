package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.entropic.EntropicGaussian1D;
import org.monge.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EntropicCliTest {
    @TempDir Path dir;
    Path s0, s1, a1, b1, m0, m1;

    @BeforeEach
    void files() throws Exception {
        s0 = write("s0.csv", "2,0.5\n0.5,1\n");
        s1 = write("s1.csv", "1,-0.3\n-0.3,0.8\n");
        m0 = write("m0.csv", "0,1\n");
        m1 = write("m1.csv", "1,-1\n");
        a1 = write("a.csv", "2.25\n"); // σ = 1.5
        b1 = write("b.csv", "0.49\n"); // σ = 0.7
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    String[] twoD(String... rest) {
        String[] base = {"entropic-gaussian", "--cov0", s0.toString(), "--cov1", s1.toString(), "--mean0", m0.toString(),
                "--mean1", m1.toString()};
        return CliRunner.concat(base, rest);
    }

    @Test
    void oneDimensionalCaseMatchesTheOneDimensionalFormulaForEveryReference() throws Exception {
        Path r = write("r.csv", "0.6\n");
        Path k = write("k.csv", "2.25,0.63\n0.63,0.49\n"); // the same reference as ρ = 0.6: 0.6 · 1.5 · 0.7 = 0.63
        for (String[] ref : new String[][] {{}, {"--reference", "product"}, {"--correlation", r.toString()},
                {"--reference-cov", k.toString()}}) {
            String[] base = {"entropic-gaussian", "--cov0", a1.toString(), "--cov1", b1.toString(), "--epsilon", "0.3"};
            String[] args = CliRunner.concat(CliRunner.concat(base, ref), "--json");
            CliRunner run = CliRunner.run(args);
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode j = run.json();
            double rho = ref.length == 2 && !ref[1].equals("product") ? 0.6 : 0;
            assertThat(j.get("cost").asDouble()).isCloseTo(EntropicGaussian1D.cost(1.5, 0.7, rho, 0.3), within(1e-10));
            assertThat(j.get("w2_squared").asDouble()).isCloseTo(0.64, within(1e-12));
            assertThat(j.get("bias").asDouble()).isCloseTo(EntropicGaussian1D.bias(1.5, 0.7, rho, 0.3), within(1e-10));
            assertThat(j.get("cross_covariance").get(0).get(0).asDouble())
                    .isCloseTo(EntropicGaussian1D.crossCovariance(1.5, 0.7, rho, 0.3), within(1e-12));
            assertThat(j.get("dual_gap").asDouble()).isLessThan(1e-10);
        }
    }

    @Test
    void twoDimensionalRunWritesTheCrossCovariance() throws Exception {
        Path out = dir.resolve("c.npy");
        CliRunner r = CliRunner.run(twoD("--epsilon", "0.5", "--out-cross-covariance", out.toString(), "--json"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        for (String key : new String[] {"cost", "w2_squared", "bias", "cross_covariance", "dual_gap",
                "optimality_residual"}) assertThat(j.has(key)).as(key).isTrue();
        assertThat(j.get("w2_squared").asDouble()).isCloseTo(5.450586393105, within(1e-11));
        assertThat(j.get("bias").asDouble()).isPositive();
        double[] c = Npy.read(out).data();
        assertThat(c[1]).isEqualTo(j.get("cross_covariance").get(0).get(1).asDouble());
        CliRunner human = CliRunner.run(twoD("--epsilon", "0.5"));
        assertThat(human.out()).contains("cost: ").contains("cross_covariance: [[");
    }

    @Test
    void badInputIsOneLineOnStderrWithExitTwo() throws Exception {
        Path bigR = write("bigR.csv", "1,0\n0,0.5\n");
        Path nonPd = write("k.csv", "1,0,0,0\n0,1,0,0\n0,0,1,2\n0,0,2,1\n");
        Path small = write("k2.csv", "1,0\n0,1\n");
        Path nan = write("nan.csv", "NaN,0\n0,1\n");
        Path singular = write("sing.csv", "1,1\n1,1\n");
        String[][] cases = {
                twoD("--epsilon", "0"), twoD("--epsilon", "-1"), twoD("--epsilon", "NaN"), twoD(),
                twoD("--epsilon", "1", "--correlation", bigR.toString()),
                twoD("--epsilon", "1", "--reference-cov", nonPd.toString()),
                twoD("--epsilon", "1", "--reference-cov", small.toString()),
                twoD("--epsilon", "1", "--correlation", nan.toString()),
                twoD("--epsilon", "1", "--reference", "independent"),
                twoD("--epsilon", "1", "--reference", "product", "--correlation", bigR.toString()),
                {"entropic-gaussian", "--cov0", singular.toString(), "--cov1", s1.toString(), "--epsilon", "1"},
                {"entropic-gaussian", "--cov0", s0.toString(), "--cov1", a1.toString(), "--epsilon", "1"},
        };
        String[] expected = {"--epsilon", "--epsilon", "--epsilon", "--epsilon",
                "--correlation: correlation matrix R must have spectral norm",
                "--reference-cov", "--reference-cov", "--correlation", "--reference must be 'product'", "mutually exclusive",
                "--cov0", "dimension"};
        for (int i = 0; i < cases.length; i++) {
            CliRunner r = CliRunner.run(cases[i]);
            assertThat(r.isOneLineUserError()).as("case %d: exit %d, err %s", i, r.exitCode(), r.err()).isTrue();
            assertThat(r.err()).as("case %d", i).contains(expected[i]);
        }
    }

    @Test
    void figuresWriteTheFourPlotsAsPngAndSvg() throws Exception {
        Path out = dir.resolve("figs");
        CliRunner r = CliRunner.run("figures", "entropic-reference", "--out", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("files").size()).isEqualTo(4);
        for (String base : new String[] {"entropic_plan_vs_epsilon", "entropic_plan_vs_rho", "entropic_bias_vs_epsilon",
                "entropic_bias_vs_rho"}) {
            assertThat(Files.size(out.resolve(base + ".png"))).as(base).isGreaterThan(10_000);
            assertThat(Files.readString(out.resolve(base + ".svg"))).as(base).contains("<svg");
        }
        CliRunner missing = CliRunner.run("figures");
        assertThat(missing.isOneLineUserError()).isTrue();
        assertThat(missing.err()).contains("entropic-reference");
    }
}
