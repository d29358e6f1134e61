package org.monge.bench;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.ReferenceCoupling;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;

import java.nio.file.Path;

/**
 * The Java side of {@code side-by-side/entropic_gaussian.sh}: times the closed-form entropic Gaussian OT
 * (plan, cost, duals) on the files the script wrote, for the product reference and an arbitrary K.
 * Usage: {@code DIR D EPSILON}; reads DIR/ent_D_{a,b,k}.npy, prints RESULT lines.
 */
public final class EntropicGaussianTiming {
    private EntropicGaussianTiming() {}

    public static void main(String[] args) throws Exception {
        System.err.println("linear algebra: " + MatrixFunctions.backendDescription());
        Path dir = Path.of(args[0]);
        int d = Integer.parseInt(args[1]);
        double eps = Double.parseDouble(args[2]);
        Matrix a = Npy.read(dir.resolve("ent_" + d + "_a.npy")).toMatrix("a");
        Matrix b = Npy.read(dir.resolve("ent_" + d + "_b.npy")).toMatrix("b");
        Matrix k = Npy.read(dir.resolve("ent_" + d + "_k.npy")).toMatrix("k");
        int repeats = d >= 500 ? 3 : 15;
        double[] zero = new double[d];
        for (String name : new String[] {"product", "covariance"}) {
            EntropicGaussian solver = EntropicGaussian.withEpsilon(eps)
                    .withReference(name.equals("product") ? ReferenceCoupling.product() : ReferenceCoupling.covariance(k));
            double[] v = new double[1];
            double s = Timer.medianSeconds(repeats / 3 + 1, repeats,
                    () -> v[0] = solver.solve(Gaussian.of(zero, a), Gaussian.of(zero, b)).cost());
            Timer.report("entropic_" + name + "_d" + d, s, v[0]);
        }
    }
}
