package org.monge.bench;

import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.StreamingStatistics;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;
import org.monge.io.NpyRowReader;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Java side of {@code side-by-side/gaussian.sh}: times W2 pairs, FID from statistics and
 * streaming feature statistics on the files the script generated, printing RESULT lines.
 * Usage: {@code w2 DIR D...} | {@code fid A.npz B.npz} | {@code stats FEATURES.npy}.
 */
public final class GaussianTiming {
    private GaussianTiming() {}

    public static void main(String[] args) throws Exception {
        System.err.println("linear algebra: " + MatrixFunctions.backendDescription());
        switch (args[0]) {
            case "w2" -> {
                Path dir = Path.of(args[1]);
                for (int k = 2; k < args.length; k++) w2(dir, Integer.parseInt(args[k]));
            }
            case "fid" -> {
                FeatureStatistics a = load(Path.of(args[1])), b = load(Path.of(args[2]));
                double[] v = new double[1];
                double s = Timer.medianSeconds(1, 5, () -> v[0] = Fid.between(a, b));
                Timer.report("fid", s, v[0]);
            }
            case "stats" -> {
                Path f = Path.of(args[1]);
                double[] v = new double[1];
                double s = Timer.medianSeconds(1, 3, () -> {
                    try (NpyRowReader r = new NpyRowReader(f)) {
                        FeatureStatistics st = StreamingStatistics.defaults().compute(r.cols(), r::read, null);
                        return v[0] = st.covariance().trace();
                    }
                });
                Timer.report("stats", s, v[0]);
            }
            default -> throw new IllegalArgumentException("unknown timing " + args[0]);
        }
    }

    /**
     * Warm-up runs before timing W2: 200 passes over the 200 pairs (40,000 pairs) let the JIT finish
     * compiling the parallel paths too; with 40 the batch figures were still falling run by run.
     */
    static final int WARMUPS = 200;

    /**
     * Per-pair seconds for all pairs in DIR/w2_D.npz (arrays m0, s0, m1, s1 of shape (P, d[, d])), Gaussians built from raw
     * arrays inside the timing.
     */
    static void w2(Path dir, int d) throws Exception {
        Map<String, NdArray> z = Npz.read(dir.resolve("w2_" + d + ".npz"));
        NdArray m0 = z.get("m0"), s0 = z.get("s0"), m1 = z.get("m1"), s1 = z.get("s1");
        int pairs = m0.shape()[0];
        Matrix mm0 = m0.toMatrix("m0"), mm1 = m1.toMatrix("m1");
        Matrix[] c0 = new Matrix[pairs], c1 = new Matrix[pairs];
        for (int i = 0; i < pairs; i++) {
            c0[i] = s0.slice(i, "s0");
            c1[i] = s1.slice(i, "s1");
        }
        double[] sum = new double[1];
        double s = Timer.medianSeconds(WARMUPS, 21, () -> {
            double t = 0;
            for (int i = 0; i < pairs; i++) t += BuresWasserstein.squaredDistance(Gaussian.of(mm0.row(i), c0[i]),
                    Gaussian.of(mm1.row(i), c1[i]));
            return sum[0] = t;
        });
        Timer.report("w2_d" + d, s / pairs, sum[0]);
        // the batch API: construction and distances on all cores
        List<double[]> mr0 = new ArrayList<>(), mr1 = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            mr0.add(mm0.row(i));
            mr1.add(mm1.row(i));
        }
        double sb = Timer.medianSeconds(WARMUPS, 21, () -> {
            List<Gaussian> a = IntStream.range(0, pairs).parallel().mapToObj(i -> Gaussian.of(mr0.get(i), c0[i])).toList();
            List<Gaussian> b = IntStream.range(0, pairs).parallel().mapToObj(i -> Gaussian.of(mr1.get(i), c1[i])).toList();
            double t = 0;
            for (double v : BuresWasserstein.squaredDistances(a, b)) t += v;
            return sum[0] = t;
        });
        Timer.report("w2batch_d" + d, sb / pairs, sum[0]);
    }

    static FeatureStatistics load(Path npz) throws Exception {
        Map<String, NdArray> z = Npz.read(npz);
        return new FeatureStatistics(-1, z.get("mu").toVector("mu"), z.get("sigma").toMatrix("sigma"));
    }
}
