package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostGradient;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.ExactGradient;
import org.monge.discrete.exact.OneDimensionalGradient;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureGradient;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** --grad-out writes the library's gradients, one file per input, and refuses bad outputs and inputs in one line. */
class GradientCliTest {
    @TempDir Path dir;

    private Path write(String name, Matrix m) throws Exception {
        Path f = dir.resolve(name);
        Npy.write(f, NdArray.of(m));
        return f;
    }

    private Matrix cloud(int n, int d, long seed) {
        Random r = new Random(seed);
        double[] p = new double[n * d];
        for (int k = 0; k < p.length; k++) p[k] = r.nextGaussian();
        return Matrix.fromRowMajor(n, d, p);
    }

    private double[] read(String name) throws Exception {
        return Npy.read(dir.resolve(name)).data();
    }

    private void assertWritten(String prefix, ValueAndGradient g) throws Exception {
        assertThat(read(prefix + "_x.npy")).containsExactly(g.x().toRowMajor(), within(1e-12));
        assertThat(read(prefix + "_y.npy")).containsExactly(g.y().toRowMajor(), within(1e-12));
        assertThat(read(prefix + "_a.npy")).containsExactly(g.a(), within(1e-12));
        assertThat(read(prefix + "_b.npy")).containsExactly(g.b(), within(1e-12));
    }

    @Test
    void pointCloudCommandsWriteTheLibraryGradients() throws Exception {
        Matrix x = cloud(7, 2, 1), y = cloud(5, 2, 2);
        Path xf = write("x.npy", x), yf = write("y.npy", y);
        DiscreteMeasure a = DiscreteMeasure.uniform(x), b = DiscreteMeasure.uniform(y);
        String p = dir.resolve("div").toString();
        assertThat(CliRunner.run("sinkhorn-divergence", "--x", xf.toString(), "--y", yf.toString(), "--epsilon", "0.5", "--grad-out", p)
                .exitCode()).isZero();
        assertWritten("div", SinkhornDivergence.valueAndGradient(a, b, Metric.SQEUCLIDEAN, Sinkhorn.withEpsilon(0.5)));
        assertThat(CliRunner.run("emd", "--x", xf.toString(), "--y", yf.toString(), "--grad-out", dir.resolve("emd").toString()).exitCode())
                .isZero();
        assertWritten("emd", ExactGradient.valueAndGradient(a, b, Metric.SQEUCLIDEAN));
        assertThat(CliRunner.run("sliced", "--x", xf.toString(), "--y", yf.toString(), "--projections", "9", "--grad-out",
                dir.resolve("sw").toString()).exitCode()).isZero();
        assertWritten("sw", SlicedWasserstein.defaults().withProjections(9).valueAndGradient(a, b));
        assertThat(CliRunner.run("sinkhorn", "--x", xf.toString(), "--y", yf.toString(), "--epsilon", "0.5", "--metric", "euclidean",
                "--grad-out", dir.resolve("ot").toString()).exitCode()).isZero();
        assertThat(read("ot_x.npy")).hasSize(14);
        assertThat(CostGradient.wassersteinCost(1)).isEqualTo(Metric.EUCLIDEAN);
    }

    @Test
    void w1dWritesVectorsAndGmmWritesMixtureArchives() throws Exception {
        double[] u = {0.3, -1, 2, 0.7}, v = {1, 0.1, -0.4};
        Path uf = dir.resolve("u.npy"), vf = dir.resolve("v.npy");
        Npy.write(uf, NdArray.vector(u));
        Npy.write(vf, NdArray.vector(v));
        assertThat(CliRunner.run("w1d", "--u", uf.toString(), "--v", vf.toString(), "--p", "2", "--grad-out",
                dir.resolve("w").toString()).exitCode()).isZero();
        ValueAndGradient g = OneDimensionalGradient.valueAndGradient(u, null, v, null, 2);
        assertThat(Npy.read(dir.resolve("w_x.npy")).shape()).containsExactly(4);
        assertWritten("w", g);

        Path ma = mixture("ma.npz", 1), mb = mixture("mb.npz", 2);
        assertThat(CliRunner.run("gmm", "w2", ma.toString(), mb.toString(), "--grad-out", dir.resolve("m").toString()).exitCode()).isZero();
        MixtureGradient mg = MixtureGradient.valueAndGradient(readMixture(ma), readMixture(mb));
        Map<String, NdArray> ga = Npz.read(dir.resolve("m_a.npz"), "weights", "means", "covs");
        assertThat(ga.get("weights").data()).containsExactly(mg.weights0(), within(1e-12));
        assertThat(ga.get("means").data()).containsExactly(mg.means0().toRowMajor(), within(1e-12));
        assertThat(ga.get("covs").shape()).containsExactly(2, 2, 2);
        assertThat(Files.exists(dir.resolve("m_b.npz"))).isTrue();
    }

    @Test
    void badOutputsAndInputsAreOneLineErrors() throws Exception {
        Path xf = write("x.npy", cloud(4, 2, 3)), yf = write("y.npy", cloud(4, 2, 4));
        CliRunner missing = CliRunner.run("emd", "--x", xf.toString(), "--y", yf.toString(), "--grad-out",
                dir.resolve("no-such-folder/g").toString());
        assertThat(missing.isOneLineUserError()).as(missing.err()).isTrue();
        assertThat(missing.err()).contains("--grad-out: folder");
        CliRunner overInput = CliRunner.run("emd", "--x", xf.toString(), "--y", dir.resolve("g_y.npy").toString(), "--grad-out",
                dir.resolve("g").toString());
        assertThat(overInput.isOneLineUserError()).as(overInput.err()).isTrue();
        // a singular covariance has no Bures gradient
        Path ma = mixture("ma.npz", 1), singular = dir.resolve("s.npz");
        Npz.write(singular, Map.of("weights", NdArray.vector(new double[] {1}), "means", new NdArray(new int[] {1, 2}, new double[2]),
                "covs", new NdArray(new int[] {1, 2, 2}, new double[] {1, 1, 1, 1})));
        CliRunner sing = CliRunner.run("gmm", "w2", ma.toString(), singular.toString(), "--grad-out", dir.resolve("m").toString());
        assertThat(sing.isOneLineUserError()).as(sing.err()).isTrue();
        assertThat(sing.err()).contains("positive definite");
        assertThat(Files.exists(dir.resolve("m_a.npz"))).isFalse();
    }

    private Path mixture(String name, long seed) throws Exception {
        Random r = new Random(seed);
        double w0 = 0.3 + 0.4 * r.nextDouble();
        Path f = dir.resolve(name);
        Npz.write(f, Map.of("weights", NdArray.vector(new double[] {w0, 1 - w0}),
                "means", new NdArray(new int[] {2, 2},
                        new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()}),
                "covs", new NdArray(new int[] {2, 2, 2},
                        new double[] {1 + r.nextDouble(), 0.2, 0.2, 1, 0.5, -0.1, -0.1, 0.8 + r.nextDouble()})));
        return f;
    }

    private static GaussianMixture readMixture(Path p) throws Exception {
        Map<String, NdArray> m = Npz.read(p, "weights", "means", "covs");
        double[] c = m.get("covs").data();
        int k = m.get("weights").data().length, d = m.get("means").shape()[1];
        List<Matrix> covs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double[] s = new double[d * d];
            System.arraycopy(c, i * d * d, s, 0, d * d);
            covs.add(Matrix.fromRowMajor(d, d, s));
        }
        return GaussianMixture.of(m.get("weights").data(), Matrix.fromRowMajor(k, d, m.get("means").data()), covs);
    }
}
