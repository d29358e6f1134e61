package org.monge.cli;

import org.monge.discrete.ValueAndGradient;
import org.monge.gmm.MixtureGradient;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import org.monge.linalg.Matrix;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --grad-out PREFIX}: the gradient of a command's value with respect to its inputs, one file per input
 * given as points or weights: PREFIX_x.npy (n×d, ∂/∂x_i a row), PREFIX_a.npy (∂/∂a_i), PREFIX_y.npy, PREFIX_b.npy;
 * for mixtures PREFIX_a.npz and PREFIX_b.npz in the layout of the inputs (weights, means, covs). Files are
 * staged in the command's {@link Outputs}, so they are written atomically once the command has succeeded.
 */
final class GradientFiles {
    static final String OPTION = "--grad-out";

    /** The help text's common part. */
    static final String HELP = "Write the gradient of the value to PREFIX_x.npy and PREFIX_y.npy (points, one row per point) and "
            + "PREFIX_a.npy and PREFIX_b.npy (weights; for balanced problems centred, the gradient on the simplex tangent).";

    private GradientFiles() {}

    /** Every file the option may write, for the checks before any work. */
    static List<Path> targets(String prefix, boolean mixture) {
        if (mixture) return List.of(Path.of(prefix + "_a.npz"), Path.of(prefix + "_b.npz"));
        return List.of(Path.of(prefix + "_x.npy"), Path.of(prefix + "_a.npy"), Path.of(prefix + "_y.npy"), Path.of(prefix + "_b.npy"));
    }

    /** Stages the parts of g that exist; points in one dimension ({@code vectors}) as vectors of length n. */
    static void stage(Outputs outputs, String prefix, ValueAndGradient g, boolean vectors) {
        if (g.x() != null) outputs.array(Path.of(prefix + "_x.npy"), OPTION, points(g.x(), vectors));
        outputs.array(Path.of(prefix + "_a.npy"), OPTION, NdArray.vector(g.a()));
        if (g.y() != null) outputs.array(Path.of(prefix + "_y.npy"), OPTION, points(g.y(), vectors));
        outputs.array(Path.of(prefix + "_b.npy"), OPTION, NdArray.vector(g.b()));
    }

    /** Stages PREFIX_a.npz and PREFIX_b.npz (weights, means, covs) of a mixture gradient. */
    static void stage(Outputs outputs, String prefix, MixtureGradient g) {
        stageMixture(outputs, Path.of(prefix + "_a.npz"), g.weights0(), g.means0(), g.covariances0());
        stageMixture(outputs, Path.of(prefix + "_b.npz"), g.weights1(), g.means1(), g.covariances1());
    }

    private static void stageMixture(Outputs outputs, Path target, double[] w, Matrix means, List<Matrix> covs) {
        int k = covs.size(), d = means.cols();
        double[] c = new double[k * d * d];
        for (int i = 0; i < k; i++) System.arraycopy(covs.get(i).toRowMajor(), 0, c, i * d * d, d * d);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("weights", NdArray.vector(w));
        arrays.put("means", NdArray.of(means));
        arrays.put("covs", new NdArray(new int[] {k, d, d}, c));
        outputs.file(target, OPTION, tmp -> Npz.write(tmp, arrays));
    }

    private static NdArray points(Matrix m, boolean vector) {
        return vector ? NdArray.vector(m.toRowMajor()) : NdArray.of(m);
    }
}
