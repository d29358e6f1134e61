package org.monge.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the file readers (Jazzer): any bytes either read as a well-formed array or are
 * refused with an IllegalArgumentException or IOException that carries a message; any other
 * exception, an OutOfMemoryError or a hang is a finding. The ordinary test run replays the seed
 * corpus in src/test/resources/org/monge/io/ReaderFuzzTestInputs/&lt;method&gt;/ (valid and malformed
 * files); {@code mvn -pl monge-core verify -Pfuzz} fuzzes each reader for {@link #DURATION}.
 */
class ReaderFuzzTest {
    /** How long each reader is fuzzed under -Pfuzz (the fuzzing run's only bound besides -runs). */
    static final String DURATION = "40s";

    private static Path dir;

    @BeforeAll
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("monge-fuzz");
    }

    @AfterAll
    static void deleteDirectory() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @FuzzTest(maxDuration = DURATION)
    void npy(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("f.npy"), data);
        readOrRefuse(() -> Npy.read(new ByteArrayInputStream(data), "fuzz.npy"));
        readOrRefuse(() -> Npy.read(file));
        readOrRefuse(() -> {
            try (NpyRowReader r = new NpyRowReader(file)) {
                int perBlock = r.cols() == 0 ? Integer.MAX_VALUE : Math.max(1, 4096 / r.cols());
                double[] block = new double[r.cols() == 0 ? 1 : perBlock * r.cols()];
                long rows = 0;
                for (int got; (got = r.read(block, perBlock)) > 0; ) rows += got;
                assertThat(rows).isEqualTo(r.rows());
            }
            return null;
        });
    }

    @FuzzTest(maxDuration = DURATION)
    void npz(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("f.npz"), data);
        readOrRefuse(() -> {
            Map<String, NdArray> all = Npz.read(file);
            all.values().forEach(ReaderFuzzTest::wellFormed);
            return null;
        });
        readOrRefuse(() -> {
            Map<String, NdArray> two = Npz.read(file, "mu", "sigma");
            assertThat(two.keySet()).containsExactly("mu", "sigma");
            two.values().forEach(ReaderFuzzTest::wellFormed);
            return null;
        });
        readOrRefuse(() -> ArrayFiles.read(file));
    }

    @FuzzTest(maxDuration = DURATION)
    void csv(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("f.csv"), data);
        readOrRefuse(() -> {
            Csv.Table t = Csv.readTable(file);
            assertThat(t.array().rank()).isEqualTo(2);
            return t.array();
        });
        readOrRefuse(() -> {
            List<double[]> rows = Csv.readRagged(file).rows();
            assertThat(rows).doesNotContainNull();
            return null;
        });
    }

    private interface Read {
        Object run() throws IOException;
    }

    /** Reads; a result must be well formed, a refusal an IllegalArgumentException or IOException with a message. */
    private static void readOrRefuse(Read read) {
        Object out;
        try {
            out = read.run();
        } catch (IllegalArgumentException | IOException e) {
            assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
            return;
        }
        if (out instanceof NdArray a) wellFormed(a);
    }

    private static void wellFormed(NdArray a) {
        assertThat(NdArray.size(a.shape())).isEqualTo(a.data().length);
    }
}
