package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.monge.cli.GromovInputs.squaredCost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code monge gromov-barycenter}: POT 0.8.2's gromov_barycenters and fgw_barycenters (fixed features) on the inputs of
 * GromovBarycenterPotTest (monge-core), and the user errors.
 */
class GromovBarycenterCliTest {
    @TempDir Path dir;

    private static final double[][][] XS = {
        {{0.553, 0.218}, {-0.058, -2.319}, {0.431, -2.126}, {0.91, 0.606}, {0.83, 0.828}, {0.299, -0.535}},
        {{-0.307, 1.508}, {-0.582, -0.228}, {-0.725, -0.517}, {-0.307, 0.257}, {-0.294, -0.355}, {-0.617, 0.09}, {-1.344, 0.052}},
        {{1.31, -0.767}, {-0.045, 2.817}, {-0.993, -1.621}, {-0.427, 1.807}, {2.035, -1.216}, {0.57, 0.005}, {-0.588, -1.946},
            {1.025, -0.861}}};
    private static final double[][] YS = {{0.299, 0.082, 1.87, 1.176, -1.155, -0.262}, {1.037, -1.333, -0.392, 0.228, -1.616, -1.235,
        -1.704}, {0.287, -0.562, 0.929, 0.114, 0.572, -0.084, 0.752, -0.103}};
    private static final double[][] X0 = {{-0.982, 1.183}, {0.98, 2.267}, {-0.142, -0.58}, {-1.447, -3.859}, {-1.308, 0.487}};

    @Test
    void gwBarycenterMatchesPot() throws Exception {
        Path out = dir.resolve("C.npy");
        List<String> args = spaces("gromov-barycenter");
        args.addAll(List.of("--lambdas", write("l.npy", new double[][] {{0.5, 0.3, 0.2}}), "--size", "5",
                "--init", squaredCost(dir, "init.npy", X0), "--out", out.toString(), "--json"));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("converged");
        // 0.5, 0.3, 0.2 times POT's gromov_wasserstein2 of each space against the barycenter
        assertThat(r.json().get("cost").asDouble())
                .isCloseTo(0.5 * 0.03065050003378732 + 0.3 * 0.046550873181910674 + 0.2 * 0.02530579477015149, within(1e-10));
        NdArray c = Npy.read(out);
        assertThat(c.shape()).containsExactly(5, 5);
        assertThat(c.data()[0 * 5 + 3]).isCloseTo(0.7314423038111131, within(1e-10));
        assertThat(c.data()[2 * 5 + 4]).isCloseTo(0.16932671665840918, within(1e-10));
    }

    @Test
    void fusedWithFixedFeaturesMatchesPot() throws Exception {
        Path out = dir.resolve("C.npy");
        List<String> args = spaces("gromov-barycenter");
        for (int s = 0; s < 3; s++) args.addAll(List.of("--features", column("y" + s + ".npy", YS[s])));
        args.addAll(List.of("--lambdas", write("l.npy", new double[][] {{0.5, 0.3, 0.2}}), "--size", "5", "--alpha", "0.5",
                "--fixed-features", column("x0.npy", new double[] {-0.886, -2.595, 0.608, -0.592, -0.361}), "--out", out.toString(),
                "--json"));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        NdArray c = Npy.read(out);
        assertThat(c.data()[0 * 5 + 1]).isCloseTo(0.30495660772470895, within(1e-10));
        assertThat(c.data()[2 * 5 + 4]).isCloseTo(0.4904377907308179, within(1e-10));
    }

    @Test
    void mistakesAreOneLineNamingTheOption() throws Exception {
        String asym = write("asym.npy", new double[][] {{0, 1}, {2, 0}});
        String l2 = write("l2.npy", new double[][] {{0.5, 0.5}});
        String[][] cases = {
            {"--c", "--c", asym, "--size", "2"},
            {"--lambdas", "--lambdas", l2, "--size", "3"},
            {"--alpha", "--features", column("f.npy", new double[] {1, 2, 3, 4, 5, 6}), "--size", "3", "--alpha", "2"},
            {"--size", "--size", "0"},
            {"--features", "--features", column("f.npy", new double[] {1, 2, 3, 4, 5, 6}), "--features",
                column("g.npy", new double[] {1, 2}), "--size", "3"},
            {"--features", "--size", "3", "--fixed-features", column("h.npy", new double[] {1, 2, 3})},
        };
        for (String[] c : cases) {
            List<String> args = spaces("gromov-barycenter");
            args.addAll(List.of(c).subList(1, c.length));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.isOneLineUserError()).as(args + ": " + r.err()).isTrue();
            assertThat(r.err()).as(String.join(" ", args)).contains(" " + c[0] + ":");
        }
    }

    private List<String> spaces(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        for (int s = 0; s < 3; s++) args.addAll(List.of("--c", squaredCost(dir, "c" + s + ".npy", XS[s])));
        return args;
    }

    private String column(String name, double[] v) throws Exception {
        Path f = dir.resolve(name);
        Npy.write(f, new NdArray(new int[] {v.length, 1}, v.clone()));
        return f.toString();
    }

    private String write(String name, double[][] p) throws Exception {
        int n = p.length, d = p[0].length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(p[i], 0, v, i * d, d);
        Path f = dir.resolve(name);
        Npy.write(f, n == 1 ? NdArray.vector(v) : new NdArray(new int[] {n, d}, v));
        return f.toString();
    }
}
