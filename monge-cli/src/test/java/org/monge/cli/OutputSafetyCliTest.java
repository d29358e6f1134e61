package org.monge.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No run loses data: outputs are checked before any work, written only at the end, replaced atomically
 * (an interrupted or failed write leaves the previous file), never written over an input.
 */
class OutputSafetyCliTest {
    private static final byte[] OLD = "the previous result\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;
    Path s0, s1, x, y;

    @BeforeEach
    void inputs() throws Exception {
        s0 = Files.writeString(dir.resolve("s0.csv"), "2,0.5\n0.5,1\n");
        s1 = Files.writeString(dir.resolve("s1.csv"), "1,-0.3\n-0.3,0.8\n");
        x = dir.resolve("x.npy");
        y = dir.resolve("y.npy");
        Npy.write(x, new NdArray(new int[] {4, 2}, new double[] {0, 0, 1, 0, 0, 1, 1, 1}));
        Npy.write(y, new NdArray(new int[] {4, 2}, new double[] {0.5, 0, 1, 0.5, 0, 0.5, 0.5, 1}));
    }

    private Path old(String name) throws IOException {
        return Files.write(dir.resolve(name), OLD);
    }

    private String missing(String name) {
        return dir.resolve("nodir").resolve(name).toString();
    }

    /** A refused run: one line naming the option, and the existing outputs exactly as they were. */
    private static void assertRefusedKeeping(CliRunner r, String option, Path... kept) throws IOException {
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains(option);
        for (Path p : kept) assertThat(Files.readAllBytes(p)).as(p.toString()).isEqualTo(OLD);
    }

    @Test
    void everyOutputOfAMultiOutputCommandIsCheckedBeforeAnyIsWritten() throws Exception {
        Path dm = old("dm.npy");
        assertRefusedKeeping(CliRunner.run("gaussian", "grad", "--cov0", s0.toString(), "--cov1", s1.toString(),
                "--out-mean", dm.toString(), "--out-cov", missing("dS.npy")), "--out-cov", dm);
        Path a = old("a.npy");
        assertRefusedKeeping(CliRunner.run("gaussian", "map", "--cov0", s0.toString(), "--cov1", s1.toString(),
                "--out-matrix", a.toString(), "--out-shift", missing("b.npy")), "--out-shift", a);
        Path means = Files.writeString(dir.resolve("means.csv"), "0,1\n1,0\n");
        Path covs = dir.resolve("covs.npy");
        Npy.write(covs, new NdArray(new int[] {2, 2, 2}, new double[] {1, 0, 0, 1, 2, 0, 0, 2}));
        Path bm = old("bm.npy");
        assertRefusedKeeping(CliRunner.run("gaussian", "barycenter", "--means", means.toString(), "--covs", covs.toString(),
                "--out-mean", bm.toString(), "--out-cov", missing("bS.npy")), "--out-cov", bm);
        Path centers = old("centers.npy");
        assertRefusedKeeping(CliRunner.run("kmeans", "--x", x.toString(), "--k", "2", "--out-centers", centers.toString(),
                "--out-weights", missing("w.npy")), "--out-weights", centers);
        Path plan = old("plan.npy");
        assertRefusedKeeping(CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--plan-out", plan.toString(),
                "--potentials-out", missing("pot")), "--potentials-out", plan);
        // a wrong extension is refused up front too, before the first output would have been written
        assertRefusedKeeping(CliRunner.run("kmeans", "--x", x.toString(), "--k", "2", "--out-centers", centers.toString(),
                "--out-weights", dir.resolve("w.txt").toString()), "--out-weights", centers);
    }

    @Test
    void anOutputThatIsAnInputIsRefusedNamingBothOptions() throws Exception {
        byte[] before = Files.readAllBytes(x);
        List<String> spellings = List.of(x.toString(), dir.resolve(".").resolve("x.npy").toString(),
                dir.resolve("nodir/../x.npy").toString());
        for (String spelling : spellings) {
            CliRunner r = CliRunner.run("sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.5", "--plan-out", spelling);
            assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
            assertThat(r.err()).contains("--plan-out").contains("--x");
        }
        Path link = dir.resolve("link.npy");
        Files.createSymbolicLink(link, y);
        CliRunner viaLink = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--plan-out", link.toString());
        assertThat(viaLink.isOneLineUserError()).as(viaLink.err()).isTrue();
        assertThat(viaLink.err()).contains("--plan-out").contains("--y");
        CliRunner twice = CliRunner.run("gaussian", "grad", "--cov0", s0.toString(), "--cov1", s1.toString(),
                "--out-mean", dir.resolve("g.npy").toString(), "--out-cov", dir.resolve("g.npy").toString());
        assertThat(twice.isOneLineUserError()).as(twice.err()).isTrue();
        assertThat(twice.err()).contains("--out-mean").contains("--out-cov");
        assertThat(Files.readAllBytes(x)).isEqualTo(before);
    }

    @Test
    void statsWritesOnlyNpzAndNeverOverItsFeatures() throws Exception {
        Path features = dir.resolve("feat.npy");
        Npy.write(features, new NdArray(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 7}));
        byte[] before = Files.readAllBytes(features);
        CliRunner same = CliRunner.run("stats", features.toString(), "--out", features.toString());
        assertThat(same.isOneLineUserError()).as(same.err()).isTrue();
        assertThat(same.err()).contains("--out").contains(".npz");
        CliRunner npy = CliRunner.run("stats", features.toString(), "--out", dir.resolve("other.npy").toString());
        assertThat(npy.isOneLineUserError()).as(npy.err()).isTrue();
        assertThat(Files.readAllBytes(features)).isEqualTo(before);
        assertThat(dir.resolve("other.npy")).doesNotExist();
        CliRunner ok = CliRunner.run("stats", features.toString(), "--out", dir.resolve("s.npz").toString(), "--json");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        // a zip archive starts with the local-file-header signature PK\3\4
        assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("s.npz")), 4)).containsExactly('P', 'K', 3, 4);
    }

    @Test
    void aFailingWriteLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Path target = old("t.npy");
        assertThatThrownBy(() -> Outputs.write(target, "--out", tmp -> {
            Files.writeString(tmp, "half a fi");
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessageContaining("--out").hasMessageContaining("No space left on device");
        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void stagedOutputsAreAllOrNothing() throws Exception {
        Path first = old("first.npy"), second = old("second.npy");
        Outputs o = new Outputs();
        o.array(first, "--out-a", NdArray.vector(new double[] {1, 2}));
        o.file(second, "--out-b", tmp -> {
            throw new IOException("File too large");
        });
        assertThatThrownBy(o::commit).hasMessageContaining("--out-b");
        assertThat(Files.readAllBytes(first)).isEqualTo(OLD);
        assertThat(Files.readAllBytes(second)).isEqualTo(OLD);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void barycenterAtOneIterationReportsNotConvergedAndWrites() throws Exception {
        Path hist = Files.writeString(dir.resolve("h.csv"), "0.5,0.5,0,0\n0,0,0.5,0.5\n");
        Path sup = Files.writeString(dir.resolve("s.csv"), "0\n1\n2\n3\n");
        Path out = dir.resolve("bar.npy");
        CliRunner r = CliRunner.run("barycenter", "--histograms", hist.toString(), "--support", sup.toString(), "--epsilon", "0.5",
                "--max-iter", "1", "--out", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("converged").asBoolean()).isFalse();
        assertThat(r.err()).contains("not converged");
        assertThat(Npy.read(out).data()).hasSize(4);
    }

    /**
     * SIGTERM while the plan is being written (a 3000×3000 plan as CSV takes seconds): the previous
     * file is intact, never a truncated one, and the shutdown hook removes the temporary file.
     */
    @Test
    void sigtermDuringTheWriteKeepsThePreviousFile() throws Exception {
        int n = 3000;
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = i / (double) n;
            py[i] = (i + 0.5) / n;
        }
        Path bx = dir.resolve("bx.npy"), by = dir.resolve("by.npy");
        Npy.write(bx, NdArray.vector(px));
        Npy.write(by, NdArray.vector(py));
        Path plan = old("P.csv");
        Process p = Subprocess.monge(List.of("-Xmx1g"), "sinkhorn", "--x", bx.toString(), "--y", by.toString(), "--epsilon", "1",
                "--plan-out", plan.toString());
        boolean sawTemporary = false;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (!leftovers().isEmpty()) {
                sawTemporary = true;
                p.destroy(); // SIGTERM
                break;
            }
            Thread.sleep(2);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sawTemporary).as("the write of the plan was never observed (exit %s)", p.exitValue()).isTrue();
        byte[] now = Files.readAllBytes(plan);
        if (!Arrays.equals(now, OLD)) { // the signal came after the rename: then the whole plan is there
            assertThat(Files.readAllLines(plan)).hasSize(n);
        }
        assertThat(leftovers()).isEmpty();
    }

    /** Temporary files of the outputs in the test folder. */
    private List<Path> leftovers() throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(".tmp")).forEach(found::add);
        }
        return found;
    }
}
