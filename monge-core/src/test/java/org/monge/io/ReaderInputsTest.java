package org.monge.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What the readers make of malformed, hostile and oversized inputs: every refusal is an
 * IllegalArgumentException that names the file and the problem, before anything large is
 * allocated. The .npy/.npz resources were made with NumPy 2.4 (a .npy header is written by hand
 * where NumPy cannot write the malformed case).
 */
class ReaderInputsTest {
    @TempDir Path dir;

    static Path res(String name) throws Exception {
        return Path.of(ReaderInputsTest.class.getResource("/npy/" + name).toURI());
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void byteOrderMarkIsDroppedNotTakenForAHeader() throws Exception {
        Path p = write("bom.csv", "\ufeff5\n6\n7\n8\n");
        Csv.Table t = Csv.readTable(p);
        assertThat(t.header()).isNull();
        assertThat(t.array().shape()).containsExactly(4, 1);
        assertThat(t.array().data()).containsExactly(5, 6, 7, 8);
        Path q = write("bomh.csv", "\ufeffx,y\n1,2\n");
        assertThat(Csv.readTable(q).header()).isEqualTo("x,y");
        assertThat(Csv.read(q).data()).containsExactly(1, 2);
    }

    @Test
    void aMalformedFirstRowIsAnErrorWithItsLineNotAHeader() throws Exception {
        String[][] cases = {
            {"5x\n6\n7\n", "value 1 '5x' is not a number"},
            {"5_0\n6\n", "value 1 '5_0' is not a number"},
            {"\u22125\n6\n", "Unicode minus"},
            {"5,,7\n1,2,3\n", "value 2 is empty"},
            {"5,6,\n1,2\n", "value 3 is empty (a trailing comma?)"},
            {"1 2 3\n", "separated by commas"},
            {"0x1p3\n", "'0x1p3' is not a number"},
            {"5d\n", "'5d' is not a number"},
        };
        for (String[] c : cases) {
            Path p = write("m.csv", c[0]);
            assertThatThrownBy(() -> Csv.read(p)).as(c[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(p + ": line 1 is not a list of numbers").hasMessageContaining(c[1]);
        }
        Path later = write("later.csv", "x\n1\n2\n3,\n");
        assertThatThrownBy(() -> Csv.read(later)).hasMessageStartingWith(later + ": line 4 is not a list of numbers");
    }

    @Test
    void aHeaderIsARowWithNoNumberAndIsReported() throws Exception {
        Path p = write("h.csv", "# made by hand\nmass,position\n1,2\n3,4e-3\n");
        Csv.Table t = Csv.readTable(p);
        assertThat(t.header()).isEqualTo("mass,position");
        assertThat(t.array().data()).containsExactly(1, 2, 3, 4e-3);
        ArrayFiles.Loaded l = ArrayFiles.load(p);
        assertThat(l.notes()).containsExactly("first row of " + p + " taken as a header");
        assertThat(ArrayFiles.load(write("n.csv", "nan,1\n2,inf\n")).notes()).isEmpty();
        assertThat(ArrayFiles.load(write("n.csv", "1,2\n")).notes()).isEmpty();
    }

    @Test
    void blankLinesAreIgnoredInTablesAndAreEmptyRowsInRaggedLists() throws Exception {
        Path p = write("t.csv", "1,2\n3,4\n\n\n");
        assertThat(Csv.read(p).shape()).containsExactly(2, 2);
        Path crlf = write("w.csv", "1,2\r\n\r\n3,4\r\n");
        assertThat(Csv.read(crlf).data()).containsExactly(1, 2, 3, 4);
        Path r = write("r.csv", "\n0\n");
        List<double[]> rows = Csv.readRagged(r).rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEmpty();
        assertThat(rows.get(1)).containsExactly(0);
        assertThat(Csv.readRagged(write("r2.csv", "0,1\n\n1\n\n")).rows()).extracting(a -> a.length).containsExactly(2, 0, 1, 0);
    }

    @Test
    void binaryDevicesOverlongLinesAndBadUtf8AreRefusedQuickly() throws Exception {
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> Csv.read(zero)).hasMessage(zero + ": line 1 holds a NUL byte: not a text file"));
        }
        Path longLine = write("long.csv", "1,".repeat(Csv.MAX_LINE / 2 + 1) + "1\n");
        assertThatThrownBy(() -> Csv.read(longLine)).hasMessageStartingWith(longLine + ": line 1 is longer than");
        Path latin1 = Files.write(dir.resolve("l.csv"), "x\n1\n\u00e92\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Csv.read(latin1)).hasMessage(latin1 + ": line 3 is not valid UTF-8 text");
        assertThatThrownBy(() -> Csv.read(dir)).hasMessage(dir + ": is a directory, not a file");
        assertThatThrownBy(() -> Npy.read(dir)).hasMessage(dir + ": is a directory, not a file");
        assertThatThrownBy(() -> Npz.read(dir)).hasMessage(dir + ": is a directory, not a file");
        assertThatThrownBy(() -> ArrayFiles.read(dir.resolve("none.npy"))).hasMessage(dir.resolve("none.npy") + ": file not found");
    }

    @Test
    void aDeclaredSizeBeyondTheFileIsRefusedBeforeAllocating() throws Exception {
        Path npy = res("big_declared.npy");
        assertThatThrownBy(() -> Npy.read(npy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(npy + ": is truncated: the header declares shape [40000, 40000], 12800000000 bytes of data, "
                        + "but the file holds 8");
        Path npz = res("big_declared.npz");
        assertThatThrownBy(() -> Npz.read(npz))
                .hasMessageStartingWith(npz + ":a.npy: is truncated: the header declares shape [40000, 40000]");
        // a stream of unknown length: memory grows only with the data that arrives
        byte[] bytes = Files.readAllBytes(npy);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(bytes), "s"))
                .hasMessageStartingWith("s: is truncated: expected 1600000000 values");
    }

    @Test
    void anArrayLargerThanTheHeapIsRefusedWithTheMemoryItNeeds() throws Exception {
        long values = Math.min(Integer.MAX_VALUE - 8L, Runtime.getRuntime().maxMemory() / 8 + (1 << 20));
        Path p = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + values + ",), }", 0);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(f.length() + values * 8); // sparse: nothing is written
        }
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("\\Q" + p + "\\E: needs \\d+ MB but the Java heap allows \\d+ MB; raise the limit with -Xmx "
                        + "\\(for the monge command: MONGE_JAVA_OPTS=-Xmx\\d+g\\)");
    }

    @Test
    void headerKeysFollowNumPyAndARepeatedKeyIsRefused() throws Exception {
        // NumPy reads this file as float32 (the last descr wins), turning 1.0, 2.0 into 0.0, 1.875
        Path dup = res("repeated_descr.npy");
        assertThatThrownBy(() -> Npy.read(dup)).hasMessageStartingWith(dup + ": cannot parse .npy header")
                .hasMessageEndingWith("key 'descr' appears twice");
        Path fl = res("float_shape.npy");
        assertThatThrownBy(() -> Npy.read(fl)).hasMessageStartingWith(fl + ": cannot parse .npy header")
                .hasMessageEndingWith("shape must be a tuple of integers, got (2.0,)");
        Path extra = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}");
        assertThatThrownBy(() -> Npy.read(extra)).hasMessageContaining("expected a string, True, False or a tuple");
        Path extraKey = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 'y'}");
        assertThatThrownBy(() -> Npy.read(extraKey)).hasMessageContaining("must have exactly the keys descr, fortran_order and shape");
        Path huge = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999,)}");
        assertThatThrownBy(() -> Npy.read(huge)).hasMessageContaining("shape extent 99999999999 exceeds 2147483647");
        Path overflow = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647),}");
        assertThatThrownBy(() -> Npy.read(overflow)).hasMessageContaining("has too many values to count");
        Path py2 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1L,), }", 8);
        assertThat(Npy.read(py2).shape()).containsExactly(1);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(res("c_f8_le.npy")), 20));
        assertThatThrownBy(() -> Npy.read(cut)).hasMessage(cut + ": not a .npy file: it ends inside the header");
    }

    /** A version 1.0 .npy with the given header text and {@code body} zero bytes. */
    private Path npy(String header, int body) throws Exception {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + body];
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(pre, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return Files.write(Files.createTempFile(dir, "h", ".npy"), out);
    }

    private Path npy(String header) throws Exception {
        return npy(header, 0);
    }

    @Test
    void npzMembersAreReadOnlyWhenAskedFor() throws Exception {
        Path p = res("stats_with_note.npz");
        Map<String, NdArray> m = Npz.read(p, "mu", "sigma");
        assertThat(m.keySet()).containsExactly("mu", "sigma");
        assertThat(m.get("mu").data()).containsExactly(0.5, -1.0);
        assertThat(m.get("sigma").data()).containsExactly(2.0, .3, .3, 1.0);
        assertThatThrownBy(() -> Npz.read(p)).hasMessageStartingWith(p + ":note.npy: unsupported .npy element type '<U1'");
        assertThatThrownBy(() -> Npz.read(p, "covs")).hasMessage(p + ": has no array 'covs' (it has [mu, sigma, note])");
        assertThat(Npz.names(p)).containsExactly("mu", "sigma", "note");
        assertThatThrownBy(() -> ArrayFiles.read(p))
                .hasMessage(p + ": holds several arrays [mu, sigma, note]; name one .npy or .csv file instead");
    }

    @Test
    void shapesWhoseSizeOverflowsAreRefused() {
        int big = Integer.MAX_VALUE;
        assertThatThrownBy(() -> new NdArray(new int[] {big, big, big, 2}, new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has too many values to count");
        // 2^32 · 2^32 wraps to 0 in long arithmetic: it must not pass for an empty array
        assertThatThrownBy(() -> new NdArray(new int[] {1 << 16, 1 << 16, 1 << 16, 1 << 16}, new double[0]))
                .hasMessageContaining("has too many values to count");
        assertThatThrownBy(() -> new NdArray(new int[] {1 << 16, 1 << 16}, new double[0]))
                .hasMessageContaining("needs 4294967296 values, got 0");
    }

    @Test
    void aOneDimensionalArrayOfPointsIsPointsOnTheLine() {
        NdArray v = NdArray.vector(new double[] {1, 2, 3});
        assertThat(v.toPoints("x").rows()).isEqualTo(3);
        assertThat(v.toPoints("x").cols()).isEqualTo(1);
        NdArray m = new NdArray(new int[] {2, 3}, new double[6]);
        assertThat(m.toPoints("x").rows()).isEqualTo(2);
        assertThatThrownBy(() -> new NdArray(new int[] {1, 1, 1}, new double[1]).toPoints("--x"))
                .hasMessageStartingWith("--x must hold points");
    }
}
