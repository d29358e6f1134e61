package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** How the commands read their input files: one rule per format, clear one-line refusals, notes on stderr. */
class InputReadingCliTest {
    @TempDir Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The same values as a 1-D .npy and as a one-column CSV. */
    Path[] both(String name, double[] v) throws Exception {
        Path npy = dir.resolve(name + ".npy");
        Npy.write(npy, NdArray.vector(v));
        Path csv = write(name + ".csv", Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining("\n", "", "\n")));
        return new Path[] {npy, csv};
    }

    static double[] normal(Random rng, int n, double shift) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian() + shift;
        return v;
    }

    /** W2² between two uniform clouds of equal size on the line: match the sorted values (closed form). */
    static double sortedW2Squared(double[] u, double[] v) {
        double[] a = u.clone(), b = v.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s / a.length;
    }

    @Test
    void aOneDimensionalNpyOfPointsIsPointsOnTheLineLikeAOneColumnCsv() throws Exception {
        Random rng = new Random(7);
        double[] u = normal(rng, 50, 0), v = normal(rng, 50, 2);
        Path[] x = both("u", u), y = both("v", v);
        double expected = sortedW2Squared(u, v);
        for (int f = 0; f < 2; f++) {
            CliRunner emd = CliRunner.run("emd", "--x", x[f].toString(), "--y", y[f].toString(), "--json");
            assertThat(emd.exitCode()).as(emd.err()).isZero();
            assertThat(emd.json().get("cost").asDouble()).as(x[f].toString()).isCloseTo(expected, within(1e-12 * expected));
            // in 1-D every direction is ±1, so sliced W2 is W2
            CliRunner sliced = CliRunner.run("sliced", "--x", x[f].toString(), "--y", y[f].toString(), "--projections", "3", "--json");
            assertThat(sliced.exitCode()).as(sliced.err()).isZero();
            assertThat(sliced.json().get("distance").asDouble()).isCloseTo(Math.sqrt(expected), within(1e-12));
        }
        String[][] same = {
            {"sinkhorn-divergence", "--epsilon", "0.5", "--json"},
            {"kmeans", "--k", "3", "--json", "--out-centers", dir.resolve("c.npy").toString()},
        };
        for (String[] extra : same) {
            JsonNode[] out = new JsonNode[2];
            for (int f = 0; f < 2; f++) {
                String[] files = extra[0].equals("kmeans") ? new String[] {"--x", x[f].toString()}
                        : new String[] {"--x", x[f].toString(), "--y", y[f].toString()};
                String[] args = concat(concat(new String[] {extra[0]}, files), Arrays.copyOfRange(extra, 1, extra.length));
                CliRunner r = CliRunner.run(args);
                assertThat(r.exitCode()).as(r.err()).isZero();
                out[f] = r.json();
            }
            assertThat(out[0]).as(extra[0]).isEqualTo(out[1]);
        }
        assertThat(Npy.read(dir.resolve("c.npy")).shape()).containsExactly(3, 1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void aByteOrderMarkIsNotAHeaderAndAHeaderIsReportedOnStderr() throws Exception {
        Path bom = write("u.csv", "\ufeff5\n6\n7\n8\n");
        Path npy = dir.resolve("v.npy");
        Npy.write(npy, NdArray.vector(new double[] {5, 6, 7, 8}));
        CliRunner r = CliRunner.run("w1d", "--u", bom.toString(), "--v", npy.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("distance").asDouble()).isEqualTo(0.0);
        assertThat(r.err()).isEmpty();
        Path header = write("h.csv", "value\n5\n6\n7\n8\n\n");
        CliRunner h = CliRunner.run("w1d", "--u", header.toString(), "--v", npy.toString(), "--json");
        assertThat(h.exitCode()).as(h.err()).isZero();
        assertThat(h.json().get("distance").asDouble()).isEqualTo(0.0);
        assertThat(h.err()).isEqualTo("monge: note: first row of " + header + " taken as a header" + System.lineSeparator());
    }

    @Test
    void aMalformedRowIsOneLineNamingFileAndLine() throws Exception {
        Path npy = dir.resolve("v.npy");
        Npy.write(npy, NdArray.vector(new double[] {5, 6, 7, 8}));
        for (String first : new String[] {"5x", "5_0", "\u22125", "5,", ",5"}) {
            Path p = write("m.csv", first + "\n6\n7\n8\n");
            CliRunner r = CliRunner.run("w1d", "--u", p.toString(), "--v", npy.toString());
            assertThat(r.isOneLineUserError()).as(first + ": " + r.err()).isTrue();
            assertThat(r.err()).startsWith("monge: error: --u: " + p + ": line 1 is not a list of numbers");
        }
    }

    @Test
    void unreadableInputsAreOneLineErrorsNamingTheFile() throws Exception {
        Path npy = dir.resolve("v.npy");
        Npy.write(npy, NdArray.vector(new double[] {1}));
        Path sub = Files.createDirectory(dir.resolve("d.csv"));
        CliRunner d = CliRunner.run("w1d", "--u", sub.toString(), "--v", npy.toString());
        assertThat(d.isOneLineUserError()).isTrue();
        assertThat(d.err()).contains("--u: " + sub + ": is a directory");
        Path other = write("afile.txt.json", "1\n");
        CliRunner t = CliRunner.run("w1d", "--u", other.toString(), "--v", npy.toString());
        assertThat(t.isOneLineUserError()).isTrue();
        assertThat(t.err()).contains("--u: " + other + ": unsupported file type");
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            Path link = Files.createSymbolicLink(dir.resolve("zero.csv"), zero);
            CliRunner z = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> CliRunner.run("w1d", "--u", link.toString(), "--v", npy.toString()));
            assertThat(z.isOneLineUserError()).as(z.err()).isTrue();
            assertThat(z.err()).contains(link + ": line 1 holds a NUL byte");
            Files.delete(link);
        }
    }

    @Test
    void matchKeepsALeadingBlankLineAsAnAgentWithoutPartners() throws Exception {
        Path p = write("p.csv", "\n0\n"), r = write("r.csv", "1\n");
        CliRunner m = CliRunner.run("match", "--proposers", p.toString(), "--reviewers", r.toString(), "--json");
        assertThat(m.exitCode()).as(m.err()).isZero();
        assertThat(m.json().get("matching").toString()).isEqualTo("[-1,0]");
        assertThat(m.json().get("stable").asBoolean()).isTrue();
    }

    @Test
    void fidReadsOnlyMuAndSigmaFromAStatisticsArchive() throws Exception {
        // np.savez(mu=[0.5, -1.0], sigma=[[2.0, .3], [.3, 1.0]], note="x"): FID of a file with itself is 0
        Path p = Path.of(InputReadingCliTest.class.getResource("/stats_with_note.npz").toURI());
        CliRunner r = CliRunner.run("fid", p.toString(), p.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("fid").asDouble()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void gmmW2ReadsOnlyWeightsMeansAndCovs() throws Exception {
        // N(0, 1) (archive with an extra note="x" member) and N(1, 4): W2² = (0 - 1)² + (1 - 2)² = 2
        Path a = Path.of(InputReadingCliTest.class.getResource("/gmm_with_note.npz").toURI());
        Path b = Path.of(InputReadingCliTest.class.getResource("/gmm_plain.npz").toURI());
        CliRunner r = CliRunner.run("gmm", "w2", a.toString(), b.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("mw2_squared").asDouble()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void matchSaysWhenItTakesAFirstRowAsAHeader() throws Exception {
        Path p = write("p.csv", "first choice,second choice\n0,1\n1,0\n"), r = write("r.csv", "0,1\n1,0\n");
        CliRunner m = CliRunner.run("match", "--proposers", p.toString(), "--reviewers", r.toString(), "--json");
        assertThat(m.exitCode()).as(m.err()).isZero();
        assertThat(m.json().get("matching").toString()).isEqualTo("[0,1]");
        assertThat(m.err()).isEqualTo("monge: note: first row of " + p + " taken as a header" + System.lineSeparator());
    }

    @Test
    void anInputWithoutValuesIsRefusedWhenRead() throws Exception {
        Path empty = write("e.csv", "# nothing\n\n"), none = dir.resolve("n.npy");
        Npy.write(none, new NdArray(new int[] {5, 0}, new double[0]));
        CliRunner e = CliRunner.run("w1d", "--u", empty.toString(), "--v", empty.toString());
        assertThat(e.isOneLineUserError()).isTrue();
        assertThat(e.err()).isEqualTo("monge: error: --u: " + empty + ": holds no values (shape [0, 0])" + System.lineSeparator());
        CliRunner k = CliRunner.run("kmeans", "--x", none.toString(), "--k", "2", "--out-centers", dir.resolve("c.npy").toString());
        assertThat(k.isOneLineUserError()).isTrue();
        assertThat(k.err()).contains("--x: " + none + ": holds no values (shape [5, 0])");
    }
}
