package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.NpyRowReader;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FidTest {
    static Path resource(String name) throws Exception {
        return Path.of(FidTest.class.getResource("/fid/" + name).toURI());
    }

    /**
     * Reference values computed in float64 with NumPy 2.4 by an independent script:
     * mean, np.cov(rowvar=False), S0^½ by np.linalg.eigh with clipped eigenvalues, then
     * |μ0−μ1|² + tr S0 + tr S1 − 2 Σ √eigvalsh(S0^½ S1 S0^½). For fa/fb (300 and 250 rows, d = 8)
     * pytorch-fid's scipy.linalg.sqrtm(S0 S1) route gives 2.9035020788852677 (agrees to 2e-14).
     */
    @Test
    void matchesAnIndependentFloat64ComputationOnWellConditionedData() throws Exception {
        double fid = Fid.between(stats("fa.npy"), stats("fb.npy"));
        assertThat(fid).isCloseTo(2.9035020788853387, within(1e-9 * 2.9035020788853387));
    }

    /**
     * 5 and 6 samples in d = 8: singular covariances (rank 4 and 5). Reference computed with mpmath
     * at 60 digits (statistics, eigsy-based S0^½, eigenvalues of S0^½ S1 S0^½, four of them exact
     * zeros): 21.879668862810976. Float64 routes that take √ of the rounding noise of those zeros
     * are off by ~4e-9 relative (NumPy eigh/clip: 21.879668773356087; scipy sqrtm: 21.8796687243).
     */
    @Test
    void singularCovariancesGiveAFiniteCorrectValue() throws Exception {
        FeatureStatistics a = stats("sa.npy"), b = stats("sb.npy");
        assertThat(a.toGaussian("a").isPositiveDefinite()).isFalse();
        double fid = Fid.between(a, b);
        assertThat(fid).isFinite().isCloseTo(21.879668862810976, within(1e-10 * 21.879668862810976));
    }

    @Test
    void streamingStatisticsEqualTwoPassStatisticsForAnyBlockingAndWorkers() throws Exception {
        NdArray x = Npy.read(resource("fa.npy"));
        int n = x.shape()[0], d = x.shape()[1];
        double[] data = x.data();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) for (int k = 0; k < d; k++) {
            cov[j][k] += (data[i * d + j] - mean[j]) * (data[i * d + k] - mean[k]) / (n - 1);
        }
        for (int block : new int[] {1, 7, 64, 1000}) {
            for (int workers : new int[] {1, 2, 3}) {
                StreamingStatistics streaming = StreamingStatistics.defaults().withBlockRows(block).withWorkers(workers);
                FeatureStatistics s = streamed(streaming, resource("fa.npy"));
                assertThat(s.count()).isEqualTo(n);
                for (int j = 0; j < d; j++) {
                    assertThat(s.mean()[j]).isCloseTo(mean[j], within(1e-12 * (1 + Math.abs(mean[j]))));
                    for (int k = 0; k < d; k++) assertThat(s.covariance().get(j, k))
                            .isCloseTo(cov[j][k], within(1e-11 * (1 + Math.abs(cov[j][k]))));
                }
            }
        }
    }

    @Test
    void rowsFromAnySourceNeedNoFileAndItsFailuresReachTheCaller() throws Exception {
        // three rows in d = 2 held in memory; mean and covariance by hand: mean (2, 20), covariance [[1, 10], [10, 100]]
        double[] x = {1, 10, 2, 20, 3, 30};
        int[] next = {0};
        FeatureRows memory = (block, maxRows) -> {
            int count = Math.min(maxRows, 3 - next[0]);
            System.arraycopy(x, next[0] * 2, block, 0, count * 2);
            next[0] += count;
            return count;
        };
        FeatureStatistics s = StreamingStatistics.defaults().withBlockRows(2).compute(2, memory, null);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.mean()).containsExactly(2, 20);
        assertThat(s.covariance().toArray()).isDeepEqualTo(new double[][] {{1, 10}, {10, 100}});
        FeatureRows failing = (block, maxRows) -> {
            throw new IOException("disk gone");
        };
        assertThatThrownBy(() -> StreamingStatistics.defaults().compute(2, failing, null)).isInstanceOf(IOException.class)
                .hasMessage("disk gone");
        assertThatThrownBy(() -> StreamingStatistics.defaults().compute(0, memory, null)).hasMessageContaining("at least one column");
    }

    @Test
    void mergingIsAccurateForLargeOffsets(@TempDir Path dir) {
        // features with a huge common offset: the naive Σxxᵀ − n x̄x̄ᵀ loses every digit here
        Random rnd = new Random(1);
        int n = 4000, d = 3;
        MomentAccumulator a = new MomentAccumulator(d), b = new MomentAccumulator(d);
        double[] all = new double[n * d];
        for (int i = 0; i < n * d; i++) all[i] = 1e9 + rnd.nextGaussian();
        double[] first = Arrays.copyOfRange(all, 0, 1000 * d), second = Arrays.copyOfRange(all, 1000 * d, n * d);
        a.addBlock(first, 1000);
        b.addBlock(second, 3000);
        a.merge(b);
        Matrix c = a.statistics().covariance();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += (all[i * d + j] - 1e9) / n;
        for (int j = 0; j < d; j++) {
            double v = 0;
            for (int i = 0; i < n; i++) v += Math.pow(all[i * d + j] - 1e9 - mean[j], 2) / (n - 1);
            assertThat(c.get(j, j)).isCloseTo(v, within(1e-6 * v));
        }
    }

    @Test
    void rejectsMismatchedDimensionsAndTooFewRows() {
        FeatureStatistics a = new FeatureStatistics(10, new double[2], Matrix.identity(2));
        FeatureStatistics b = new FeatureStatistics(10, new double[3], Matrix.identity(3));
        assertThatThrownBy(() -> Fid.between(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature dimensions differ: 2 and 3");
        MomentAccumulator m = new MomentAccumulator(2);
        m.addBlock(new double[] {1, 2}, 1);
        assertThatThrownBy(m::statistics).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new MomentAccumulator(2).addBlock(new double[] {1, Double.NaN}, 1)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> new FeatureStatistics(1, new double[2], Matrix.identity(3))).hasMessageContaining("mu has length 2");
    }

    static FeatureStatistics stats(String name) throws Exception {
        return streamed(StreamingStatistics.defaults(), resource(name));
    }

    /** The statistics of a 2-D .npy file, streamed through monge-core's reader. */
    static FeatureStatistics streamed(StreamingStatistics s, Path file) throws IOException {
        try (NpyRowReader r = new NpyRowReader(file)) {
            return s.compute(r.cols(), r::read, null);
        }
    }
}
