package org.monge.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files written by np.save / np.savez of NumPy 2.4; each test asserts what its files hold. */
class NpyTest {
    static final double[] EXPECTED = new double[12];

    static {
        for (int i = 0; i < 12; i++) EXPECTED[i] = i * 1.5 - 4;
    }

    static Path res(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void readsEveryTypeByteOrderAndLayout() throws Exception {
        for (String f : new String[] {"c_f8_le.npy", "c_f4_le.npy", "c_f8_be.npy", "c_f4_be.npy", "f_f8_le.npy", "f_f4_be.npy"}) {
            NdArray a = Npy.read(res(f));
            assertThat(a.shape()).as(f).containsExactly(3, 4);
            assertThat(a.data()).as(f).containsExactly(EXPECTED);
        }
        assertThat(Npy.read(res("vec_f8.npy")).data()).containsExactly(1.0, -2.5, 3.25);
        assertThat(Npy.read(res("i4.npy")).data()).containsExactly(1, 2, 3, 4);
        NdArray c3 = Npy.read(res("c3d.npy")), f3 = Npy.read(res("f3d.npy"));
        assertThat(c3.shape()).containsExactly(2, 3, 4);
        assertThat(f3.data()).containsExactly(c3.data());
        for (int i = 0; i < 24; i++) assertThat(c3.data()[i]).isEqualTo(i);
    }

    @Test
    void streamsRowsInBlocksInBothLayouts() throws Exception {
        for (String f : new String[] {"c_f8_le.npy", "f_f4_be.npy"}) {
            try (NpyRowReader r = new NpyRowReader(res(f))) {
                double[] buf = new double[2 * 4];
                int got = r.read(buf, 2);
                assertThat(got).isEqualTo(2);
                assertThat(buf).containsExactly(Arrays.copyOfRange(EXPECTED, 0, 8));
                got = r.read(buf, 2);
                assertThat(got).isEqualTo(1);
                assertThat(Arrays.copyOfRange(buf, 0, 4)).containsExactly(Arrays.copyOfRange(EXPECTED, 8, 12));
                assertThat(r.read(buf, 2)).isZero();
            }
        }
    }

    @Test
    void seeksToARowInBothLayouts() throws Exception {
        for (String f : new String[] {"c_f8_le.npy", "f_f4_be.npy"}) {
            try (NpyRowReader r = new NpyRowReader(res(f))) {
                double[] buf = new double[4];
                r.seek(2);
                assertThat(r.read(buf, 5)).isEqualTo(1);
                assertThat(buf).containsExactly(Arrays.copyOfRange(EXPECTED, 8, 12));
                r.seek(1);
                assertThat(r.read(buf, 1)).isEqualTo(1);
                assertThat(buf).containsExactly(Arrays.copyOfRange(EXPECTED, 4, 8));
                r.seek(3);
                assertThat(r.read(buf, 1)).isZero();
                assertThatThrownBy(() -> r.seek(4)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("row must lie in [0, 3]");
            }
        }
    }

    @Test
    void roundTripsAndNumpyHeaderIsAligned(@TempDir Path dir) throws Exception {
        NdArray a = new NdArray(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, Double.MIN_VALUE});
        Path p = dir.resolve("a.npy");
        Npy.write(p, a);
        NdArray b = Npy.read(p);
        assertThat(b.shape()).containsExactly(2, 3);
        assertThat(b.data()).containsExactly(a.data());
        assertThat((Files.size(p) - 6 * 8) % 64).isZero();
        NdArray v = NdArray.vector(new double[] {7});
        Npy.write(p, v);
        assertThat(Npy.read(p).shape()).containsExactly(1);
    }

    @Test
    void readsStoredAndDeflatedNpzAndWritesIt(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"stats_stored.npz", "stats_deflated.npz"}) {
            Map<String, NdArray> m = Npz.read(res(f));
            assertThat(m.keySet()).containsExactly("mu", "sigma");
            assertThat(m.get("mu").data()).containsExactly(0.5, -1.0);
            assertThat(m.get("sigma").data()).containsExactly(2.0, .3, .3, 1.0);
        }
        Path out = dir.resolve("s.npz");
        Npz.write(out, Map.of("mu", NdArray.vector(new double[] {1, 2})));
        assertThat(Npz.read(out).get("mu").data()).containsExactly(1, 2);
        assertThatThrownBy(() -> Npz.require(Npz.read(out), "sigma", out)).hasMessageContaining("has no array 'sigma' (it has [mu])");
    }

    @Test
    void readsCsvWithAndWithoutHeader(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("a.csv");
        Files.writeString(p, "x,y\n1, 2\n# comment\n3,4.5\n");
        NdArray a = Csv.read(p);
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.data()).containsExactly(1, 2, 3, 4.5);
        Files.writeString(p, "1,2\n3\n");
        assertThatThrownBy(() -> Csv.read(p)).hasMessageContaining("row 2 has 1 values, the first row has 2");
        Files.writeString(p, "1,2\n3,abc\n");
        assertThatThrownBy(() -> Csv.read(p)).hasMessageContaining("line 2 is not a list of numbers");
    }

    @Test
    void rejectsAnythingElseClearly(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Npy.read(res("not_npy.npy"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a .npy file");
        assertThatThrownBy(() -> Npy.read(res("c16.npy"))).hasMessageContaining("unsupported .npy element type '<c16'");
        assertThatThrownBy(() -> ArrayFiles.read(dir.resolve("missing.npy"))).hasMessageContaining("file not found");
        Path txt = dir.resolve("a.json");
        Files.writeString(txt, "{}");
        assertThatThrownBy(() -> ArrayFiles.read(txt)).hasMessageContaining("unsupported file type");
        Path trunc = dir.resolve("t.npy");
        byte[] full = Files.readAllBytes(res("c_f8_le.npy"));
        Files.write(trunc, Arrays.copyOf(full, full.length - 8));
        assertThatThrownBy(() -> Npy.read(trunc)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new NpyRowReader(trunc)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new NpyRowReader(res("c3d.npy"))).hasMessageContaining("must be a 2-D array");
        Path bad = dir.resolve("b.npz");
        Files.writeString(bad, "not a zip");
        assertThatThrownBy(() -> Npz.read(bad)).hasMessageContaining("not a readable .npz archive");
    }
}
