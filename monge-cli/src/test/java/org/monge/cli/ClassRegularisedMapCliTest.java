package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code monge map fit --method sinkhorn-lpl1|sinkhorn-l1l2 --labels}: the saved maps give POT 0.8.2's
 * {@code ot.da.SinkhornLpl1Transport} / {@code SinkhornL1l2Transport} transform to 1e-6 (the LPL1 and L1L2 references
 * of the core module's ClassRegularisedTransportPotTest, which holds the script), and bad labels or options are one
 * line, exit 2.
 */
class ClassRegularisedMapCliTest {
    /** Rows of transform(xs) (12 points) then transform(xn) (5 points); reg_e 0.5, reg_cl 0.5, 10 outer steps. */
    private static final double[] LPL1 = {
            1.3735567712624708, 0.3112119087794037, 2.411610603813204, -0.7420954938245744, 2.169281832759008, -1.2908067442882685,
            1.897545921163121, -0.1784838099821798, 1.3884499175317748, 0.27209198584707417, 1.572344751043679, -1.5297293147661555,
            1.3812457444776902, -1.5546100615568295, 1.9189226647267532, -0.11206222407278034, 2.65052202772319, -0.29997338683714697,
            2.739112951788544, -1.2088194544437065, 2.558374585672211, -0.7991019897414972, 2.1122948454041546, 0.11035465214076697,
            1.049874868708776, -0.927717412081332, 0.9309703608266273, -0.29730550450275106, 1.4309703608266273, 0.002694495497248983,
            1.9698307391794758, 0.021517309446621224, 2.469830739179476, 0.32151730944662127};

    private static final double[] L1L2 = {
            1.4678041813451579, 0.2659965895635302, 2.3751986290917073, -0.7114215440310586, 2.2960698847664527, -1.239431117654646,
            2.0885858688089978, -0.2742914918161476, 1.4832869816341647, 0.24904101591601474, 1.4659600372900834, -1.4967688301878082,
            1.5366906678647323, -1.5064872898430315, 1.9150252908638175, -0.01845620210692244, 2.5265319986761283, -0.44171745186236044,
            2.599992742181021, -1.0890447730877397, 2.5446563192678675, -0.8130678303843122, 1.8734600158696002, 0.05362500236559557,
            0.9434901549551805, -0.8947569275029846, 1.0258074249290172, -0.32035647443381043, 1.5258074249290172, -0.0203564744338105,
            1.7309959096449217, -0.03521234032855025, 2.2309959096449217, 0.2647876596714498};

    @TempDir Path dir;

    private String write(String name, int rows, int cols, double[] v) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, cols == 0 ? NdArray.vector(v) : new NdArray(new int[] {rows, cols}, v));
        return p.toString();
    }

    private String source() throws Exception {
        double[] v = new double[24];
        for (int i = 0; i < 12; i++) {
            v[2 * i] = Math.sin(0.9 * i) + 0.1 * i;
            v[2 * i + 1] = Math.cos(1.7 * i);
        }
        return write("xs.npy", 12, 2, v);
    }

    private String target() throws Exception {
        double[] v = new double[30];
        for (int j = 0; j < 15; j++) {
            v[2 * j] = 2 + 0.8 * Math.cos(1.1 * j);
            v[2 * j + 1] = -1 + 1.2 * Math.sin(0.5 * j) + 0.05 * j;
        }
        return write("xt.npy", 15, 2, v);
    }

    private String fresh() throws Exception {
        double[] v = new double[10];
        for (int k = 0; k < 5; k++) {
            v[2 * k] = 0.5 * k - 1;
            v[2 * k + 1] = 0.3 * k;
        }
        return write("xn.npy", 5, 2, v);
    }

    private String labels(int n) throws Exception {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i % 3;
        return write("ys" + n + ".npy", n, 0, v);
    }

    @Test
    void fittedMapsGivePotsTransform() throws Exception {
        String xs = source(), xt = target(), xn = fresh(), ys = labels(12);
        String model = dir.resolve("model.npz").toString(), out = dir.resolve("out.npy").toString();
        for (String method : new String[] {"sinkhorn-lpl1", "sinkhorn-l1l2"}) {
            CliRunner fit = CliRunner.run("map", "fit", "--x", xs, "--y", xt, "--labels", ys, "--method", method, "--epsilon", "0.5",
                    "--eta", "0.5", "--tol", "1e-12", "--out", model, "--json");
            assertThat(fit.exitCode()).as(fit.err()).isZero();
            assertThat(fit.json().get("method").asText()).isEqualTo(method);
            assertThat(fit.json().get("kind").asText()).isEqualTo("barycentric");
            assertThat(fit.json().get("iterations").asInt()).isEqualTo(10);
            double[] expected = method.equals("sinkhorn-lpl1") ? LPL1 : L1L2;
            double worst = 0;
            for (String[] points : new String[][] {{xs, "0"}, {xn, "24"}}) {
                CliRunner apply = CliRunner.run("map", "apply", "--model", model, "--x", points[0], "--out", out);
                assertThat(apply.exitCode()).as(apply.err()).isZero();
                double[] got = ArrayFiles.read(Path.of(out)).data();
                int offset = Integer.parseInt(points[1]);
                for (int i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[offset + i]));
            }
            assertThat(worst).as(method).isLessThan(1e-6);
        }
    }

    @Test
    void badLabelsAndOptionsAreOneLineErrors() throws Exception {
        String xs = source(), xt = target(), ys = labels(12), few = labels(5);
        double[] half = new double[12];
        half[4] = 0.5;
        String fractional = write("half.npy", 12, 0, half);
        half[4] = Double.NaN;
        String nan = write("nan.npy", 12, 0, half);
        String model = dir.resolve("model.npz").toString();
        String[][] cases = {
            {"--method", "sinkhorn-lpl1", "--epsilon", "0.5", "--labels", few},         // 5 labels for 12 points
            {"--method", "sinkhorn-l1l2", "--epsilon", "0.5", "--labels", fractional},     // not an integer
            {"--method", "sinkhorn-l1l2", "--epsilon", "0.5", "--labels", nan},            // NaN
            {"--method", "sinkhorn-lpl1", "--epsilon", "0.5"},                             // no --labels
            {"--method", "sinkhorn-lpl1", "--labels", ys},                                 // no --epsilon
            {"--method", "sinkhorn-lpl1", "--epsilon", "0.5", "--labels", ys, "--eta", "-1"},
            {"--method", "sinkhorn-l1l2", "--epsilon", "0.5", "--labels", ys, "--outer-iter", "0"},
            {"--method", "exact", "--labels", ys},                                         // labels unused
            {"--method", "sinkhorn", "--epsilon", "0.5", "--eta", "1"},                    // eta unused
        };
        String[] expect = {"--labels", "--labels", "--labels", "--labels", "--epsilon", "--eta", "--outer-iter", "--labels", "--eta"};
        for (int c = 0; c < cases.length; c++) {
            String[] args = new String[cases[c].length + 8];
            String[] head = {"map", "fit", "--x", xs, "--y", xt, "--out", model};
            System.arraycopy(head, 0, args, 0, head.length);
            System.arraycopy(cases[c], 0, args, head.length, cases[c].length);
            CliRunner r = CliRunner.run(args);
            assertThat(r.isOneLineUserError()).as(String.join(" ", args) + " -> " + r.exitCode() + " " + r.err()).isTrue();
            assertThat(r.err()).as(String.join(" ", cases[c])).contains(expect[c]);
        }
    }
}
