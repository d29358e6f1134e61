package org.monge.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CsvNonFiniteTest {
    @Test
    void numpySpellingsOfNonFiniteValuesAreData(@TempDir Path dir) throws Exception {
        // as numpy.savetxt(..., delimiter=",") writes them; the first row must not be taken for a header
        Path p = Files.writeString(dir.resolve("c.csv"), "inf,1\n-inf,NaN\n2,Infinity\n");
        NdArray a = Csv.read(p);
        assertThat(a.shape()).containsExactly(3, 2);
        assertThat(a.data()).containsExactly(Double.POSITIVE_INFINITY, 1, Double.NEGATIVE_INFINITY, Double.NaN, 2,
                Double.POSITIVE_INFINITY);
        // a real header is still skipped
        Path h = Files.writeString(dir.resolve("h.csv"), "x,y\n1,2\n");
        assertThat(Csv.read(h).data()).containsExactly(1, 2);
    }
}
