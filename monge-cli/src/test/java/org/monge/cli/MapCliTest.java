package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;
import org.monge.maps.EntropicMap;
import org.monge.maps.LinearMap;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code monge map fit|apply}: the saved map gives the library's images, and the user errors are one line, exit 2. */
class MapCliTest {
    @TempDir Path dir;

    private String write(String name, Matrix m) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NdArray.of(m));
        return p.toString();
    }

    private static Matrix points(long seed, int n, int d, double shift) {
        Random rnd = new Random(seed);
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian() + shift;
        return Matrix.fromRowMajor(n, d, v);
    }

    @Test
    void fittedAndAppliedMapsGiveTheLibrarysImages() throws Exception {
        Matrix x = points(1, 30, 2, 0), y = points(2, 25, 2, 2), fresh = points(3, 10, 2, 0.5);
        String xs = write("x.npy", x), ys = write("y.npy", y), fs = write("new.npy", fresh);
        String model = dir.resolve("model.npz").toString(), out = dir.resolve("out.npy").toString();
        CliRunner fit = CliRunner.run("map", "fit", "--x", xs, "--y", ys, "--method", "entropic", "--epsilon", "0.5", "--out", model,
                "--json");
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.json().get("kind").asText()).isEqualTo("entropic");
        CliRunner apply = CliRunner.run("map", "apply", "--model", model, "--x", fs, "--out", out, "--json");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(0.5).withTolerance(1e-9).withMaxIterations(100_000);
        Matrix expected = EntropicMap.fit(x, y, sinkhorn).map().apply(fresh);
        assertThat(ArrayFiles.read(Path.of(out)).toMatrix("out")).isEqualTo(expected);

        for (String method : new String[] {"exact", "sinkhorn", "unbalanced", "linear", "gaussian", "mixture"}) {
            String[] eps = method.equals("sinkhorn") || method.equals("unbalanced") ? new String[] {"--epsilon", "0.5"} : new String[0];
            String[] args = concat(new String[] {"map", "fit", "--x", xs, "--y", ys, "--method", method, "--out", model}, eps);
            CliRunner r = CliRunner.run(args);
            assertThat(r.exitCode()).as(method + ": " + r.err()).isZero();
            CliRunner a = CliRunner.run("map", "apply", "--model", model, "--x", fs, "--out", out);
            assertThat(a.exitCode()).as(method + ": " + a.err()).isZero();
            assertThat(ArrayFiles.read(Path.of(out)).shape()).containsExactly(10, 2);
        }
        CliRunner.run("map", "fit", "--x", xs, "--y", ys, "--method", "linear", "--out", model);
        CliRunner.run("map", "apply", "--model", model, "--x", fs, "--out", out);
        assertThat(ArrayFiles.read(Path.of(out)).toMatrix("out")).isEqualTo(LinearMap.fit(x, y, 1e-8).apply(fresh));
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Matrix x = points(1, 30, 2, 0), y = points(2, 25, 2, 2);
        String xs = write("x.npy", x), ys = write("y.npy", y), x3 = write("x3.npy", points(4, 5, 3, 0));
        String model = dir.resolve("model.npz").toString(), out = dir.resolve("out.npy").toString();
        assertThat(CliRunner.run("map", "fit", "--x", xs, "--y", ys, "--method", "exact", "--out", model).exitCode()).isZero();
        double[] bad = points(5, 4, 2, 0).toRowMajor();
        bad[3] = Double.NaN;
        String nan = write("nan.npy", Matrix.fromRowMajor(4, 2, bad));
        String mixture = dir.resolve("mixture.npz").toString();
        assertThat(CliRunner.run("gmm", "fit", "--x", xs, "--k", "2", "--out", mixture).exitCode()).isZero();
        String[][] cases = {
            {"map", "apply", "--model", model, "--x", x3, "--out", out},                      // dimension mismatch
            {"map", "apply", "--model", model, "--x", nan, "--out", out},                     // NaN
            {"map", "apply", "--model", mixture, "--x", xs, "--out", out},                    // a model file of another kind
            {"map", "apply", "--model", xs, "--x", xs, "--out", out},                         // not an .npz
            {"map", "fit", "--x", xs, "--y", x3, "--method", "exact", "--out", model},        // dimensions differ
            {"map", "fit", "--x", xs, "--y", ys, "--method", "entropic", "--out", model},     // no --epsilon
            {"map", "fit", "--x", xs, "--y", ys, "--method", "kd-tree", "--out", model},      // unknown method
            {"map", "fit", "--x", xs, "--y", ys, "--method", "monotone", "--out", model},     // 2-D points
            {"map", "fit", "--x", nan, "--y", ys, "--method", "linear", "--out", model},
        };
        for (String[] c : cases) {
            CliRunner r = CliRunner.run(c);
            assertThat(r.isOneLineUserError()).as(String.join(" ", c) + " -> " + r.exitCode() + " " + r.err()).isTrue();
        }
        assertThat(CliRunner.run(cases[0]).err()).contains("dimension 3").contains("dimension 2");
        assertThat(CliRunner.run(cases[2]).err()).contains("not a transport map file");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = new String[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
