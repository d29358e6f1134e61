package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GaussianCliTest {
    @TempDir Path dir;
    Path m0, s0, m1, s1;

    @BeforeEach
    void files() throws Exception {
        m0 = write("m0.csv", "0,1\n");
        s0 = write("s0.csv", "2,0.5\n0.5,1\n");
        m1 = write("m1.csv", "1,-1\n");
        s1 = write("s1.csv", "1,-0.3\n-0.3,0.8\n");
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    String[] pair(String... rest) {
        String[] base = {"--mean0", m0.toString(), "--cov0", s0.toString(), "--mean1", m1.toString(), "--cov1", s1.toString()};
        return CliRunner.concat(base, rest);
    }

    /** The subcommand words b, then the options a. */
    static String[] cat(String[] a, String... b) {
        return CliRunner.concat(b, a);
    }

    @Test
    void w2PrintsBothKeys() {
        CliRunner r = CliRunner.run(cat(pair("--json"), "gaussian", "w2"));
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("w2_squared").asDouble()).isCloseTo(5.450586393105, within(1e-11));
        assertThat(j.get("w2").asDouble()).isCloseTo(Math.sqrt(5.450586393105), within(1e-11));
        CliRunner human = CliRunner.run(cat(pair(), "gaussian", "w2"));
        assertThat(human.out()).contains("w2_squared: 5.4505863931");
    }

    @Test
    void missingMeansAreZero() {
        CliRunner r = CliRunner.run("gaussian", "w2", "--cov0", s0.toString(), "--cov1", s1.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("w2_squared").asDouble()).isCloseTo(5.450586393105 - 5.0, within(1e-11));
    }

    @Test
    void gradWritesNpyFiles() throws Exception {
        Path gm = dir.resolve("gm.npy"), gc = dir.resolve("gc.npy");
        CliRunner r = CliRunner.run(cat(pair("--out-mean", gm.toString(), "--out-cov", gc.toString(), "--json"), "gaussian", "grad"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("w2_squared").asDouble()).isCloseTo(5.450586393105, within(1e-11));
        assertThat(Npy.read(gm).data()).containsExactly(2, -4);
        assertThat(Npy.read(gc).data()[1]).isCloseTo(-0.446492082371, within(1e-11));
    }

    @Test
    void mapWritesMatrixAndShiftForBothKinds() throws Exception {
        for (String kind : new String[] {"brenier", "knothe-rosenblatt"}) {
            Path a = dir.resolve(kind + "A.npy"), b = dir.resolve(kind + "b.npy");
            CliRunner r = CliRunner.run(cat(pair("--kind", kind, "--out-matrix", a.toString(), "--out-shift", b.toString(), "--json"),
                    "gaussian", "map"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(Npy.read(a).shape()).containsExactly(2, 2);
            assertThat(Npy.read(b).shape()).containsExactly(2);
        }
        CliRunner bad = CliRunner.run(cat(pair("--kind", "nope", "--out-matrix", "a.npy", "--out-shift", "b.npy"), "gaussian", "map"));
        assertThat(bad.isOneLineUserError()).as(bad.err()).isTrue();
        assertThat(bad.err()).contains("--kind must be brenier or knothe-rosenblatt");
    }

    @Test
    void barycenterReportsIterationsAndResidual() throws Exception {
        Path means = dir.resolve("means.npy"), covs = dir.resolve("covs.npy");
        Npy.write(means, new NdArray(new int[] {2, 1}, new double[] {0, 4}));
        Npy.write(covs, new NdArray(new int[] {2, 1, 1}, new double[] {1, 9}));
        Path om = dir.resolve("om.npy"), oc = dir.resolve("oc.npy");
        CliRunner r = CliRunner.run("gaussian", "barycenter", "--means", means.toString(), "--covs", covs.toString(),
                "--out-mean", om.toString(), "--out-cov", oc.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("iterations").asInt()).isPositive();
        assertThat(r.json().has("residual")).isTrue();
        assertThat(Npy.read(om).data()[0]).isCloseTo(2, within(1e-12));
        assertThat(Npy.read(oc).data()[0]).isCloseTo(4, within(1e-10)); // σ = (1 + 3)/2
        Npy.write(covs, new NdArray(new int[] {3, 1, 1}, new double[] {1, 9, 4}));
        CliRunner bad = CliRunner.run("gaussian", "barycenter", "--means", means.toString(), "--covs", covs.toString(),
                "--out-mean", om.toString(), "--out-cov", oc.toString());
        assertThat(bad.isOneLineUserError()).isTrue();
        assertThat(bad.err()).contains("--covs must have shape (N, d, d) = (2, 1, 1)");
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() throws Exception {
        Path notPsd = write("np.csv", "1,2\n2,1\n");
        Path nan = write("nan.csv", "1,NaN\nNaN,1\n");
        Path wrong = write("w.csv", "1,2,3\n");
        String[][] cases = {
                {"gaussian", "w2", "--cov0", dir.resolve("missing.csv").toString(), "--cov1", s1.toString()},
                {"gaussian", "w2", "--cov0", notPsd.toString(), "--cov1", s1.toString()},
                {"gaussian", "w2", "--cov0", nan.toString(), "--cov1", s1.toString()},
                {"gaussian", "w2", "--cov0", s0.toString(), "--cov1", s1.toString(), "--mean0", wrong.toString()},
                {"gaussian", "w2", "--cov0", s0.toString()},
                {"gaussian", "w2", "--bogus"},
                {"gaussian"},
                {"fid", dir.resolve("a.npy").toString(), dir.resolve("b.npy").toString()},
        };
        for (String[] c : cases) {
            CliRunner r = CliRunner.run(c);
            assertThat(r.isOneLineUserError()).as("%s -> exit %d, err %s", String.join(" ", c), r.exitCode(), r.err()).isTrue();
        }
        assertThat(CliRunner.run("gaussian", "w2", "--cov0", notPsd.toString(), "--cov1", s1.toString()).err())
                .contains("--cov0 is not positive semi-definite");
        assertThat(CliRunner.run("gaussian", "w2", "--cov0", s0.toString(), "--cov1", s1.toString(), "--mean0", wrong.toString()).err())
                .contains("mean has dimension 3 but --cov0 is 2x2");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] c : new String[][] {{"--help"}, {"gaussian", "--help"}, {"gaussian", "w2", "--help"}, {"gaussian", "grad", "--help"},
                {"gaussian", "map", "--help"}, {"gaussian", "barycenter", "--help"}, {"stats", "--help"}, {"fid", "--help"},
                {"demo", "--help"}}) {
            CliRunner r = CliRunner.run(c);
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }

    @Test
    void statsAndFidAgreeAcrossFeatureAndStatisticsFiles() throws Exception {
        Random rnd = new Random(1);
        int n = 400, d = 5;
        double[] a = new double[n * d], b = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
            b[i] = 0.5 + 1.3 * rnd.nextGaussian();
        }
        Path fa = dir.resolve("fa.npy"), fb = dir.resolve("fb.npy"), sa = dir.resolve("sa.npz");
        Npy.write(fa, new NdArray(new int[] {n, d}, a));
        Npy.write(fb, new NdArray(new int[] {n, d}, b));
        CliRunner st = CliRunner.run("stats", fa.toString(), "--out", sa.toString(), "--json");
        assertThat(st.exitCode()).as(st.err()).isZero();
        assertThat(st.json().get("count").asLong()).isEqualTo(n);
        Map<String, NdArray> z = Npz.read(sa);
        assertThat(z.get("sigma").shape()).containsExactly(d, d);
        double f1 = CliRunner.run("fid", fa.toString(), fb.toString(), "--json").json().get("fid").asDouble();
        double f2 = CliRunner.run("fid", sa.toString(), fb.toString(), "--json").json().get("fid").asDouble();
        assertThat(f1).isPositive();
        assertThat(f2).isCloseTo(f1, within(1e-12 * f1));
        CliRunner bad = CliRunner.run("fid", fa.toString(), s0.toString());
        assertThat(bad.isOneLineUserError()).isTrue();
        assertThat(bad.err()).contains("B: ").contains("must be a feature .npy or a statistics .npz");
    }
}
