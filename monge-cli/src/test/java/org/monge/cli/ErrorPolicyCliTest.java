package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's error policy beyond wrong inputs: work known to be too large is refused before it starts,
 * running out of heap is one line that says how to raise it, -V answers everywhere, --plot writes the
 * format it names, long solves are not silent.
 */
class ErrorPolicyCliTest {
    @TempDir Path dir;

    @Test
    void everySubcommandAndGroupPrintsTheVersion() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> p : paths) {
            for (String flag : List.of("-V", "--version")) {
                List<String> args = new ArrayList<>(p);
                args.add(flag);
                CliRunner r = CliRunner.run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
                assertThat(r.out().strip()).as(String.join(" ", args)).isEqualTo("monge 0.1.0");
            }
        }
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    private Path line(String name, int n) throws Exception {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        Path p = dir.resolve(name);
        Npy.write(p, NdArray.vector(v));
        return p;
    }

    @Test
    void aDensePlanTooLargeForTheHeapIsRefusedBeforeSolving() throws Exception {
        // 40000 × 40000 points on the line: a dense plan of 1.6e9 doubles, 12.8 GB (the tests run with -Xmx4g);
        // solving first would take hours, so a quick answer shows the check came first
        Path x = line("x.npy", 40_000), y = line("y.npy", 40_000);
        long start = System.nanoTime();
        CliRunner emd = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--plan-out", dir.resolve("p.npy").toString());
        assertThat(emd.isOneLineUserError()).as(emd.err()).isTrue();
        assertThat(emd.err()).contains("--plan-out").contains(Long.toString(8L * 40_000 * 40_000)).contains("MONGE_JAVA_OPTS=-Xmx");
        CliRunner sinkhorn = CliRunner.run("sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "1", "--plan-out",
                dir.resolve("p.npy").toString());
        assertThat(sinkhorn.isOneLineUserError()).as(sinkhorn.err()).isTrue();
        assertThat(sinkhorn.err()).contains("--plan-out").contains(Long.toString(16L * 40_000 * 40_000));
        assertThat((System.nanoTime() - start) * 1e-9).isLessThan(30);
        assertThat(dir.resolve("p.npy")).doesNotExist();
    }

    @Test
    void aPlanBeyondOneJavaArrayIsRefused() throws Exception {
        Path x = line("x.npy", 50_000);
        CliRunner r = CliRunner.run("emd", "--x", x.toString(), "--y", x.toString(), "--plan-out", dir.resolve("p.csv").toString());
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("--plan-out").contains("2500000000 entries");
    }

    @Test
    void absurdlyManyProjectionsAreRefusedBeforeGeneratingThem() throws Exception {
        Path x = line("x.npy", 10);
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("sliced", "--x", x.toString(), "--y", x.toString(), "--projections", "2000000000");
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("--projections");
        assertThat((System.nanoTime() - start) * 1e-9).isLessThan(10);
    }

    @Test
    void outOfMemoryIsOneLineThatSaysHowToRaiseTheHeap() throws Exception {
        // a 2000×2000 covariance read into a 48 MiB heap: the reading itself runs out
        double[] big = new double[2000 * 2000];
        for (int i = 0; i < 2000; i++) big[i * 2000 + i] = 1;
        Path cov = dir.resolve("cov.npy");
        Npy.write(cov, new NdArray(new int[] {2000, 2000}, big));
        Subprocess.Result r = Subprocess.run(List.of("-Xmx48m"), "gaussian", "w2", "--cov0", cov.toString(), "--cov1", cov.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(Main.USER_ERROR);
        assertThat(r.output().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .contains("out of memory").contains("maximum").contains("MONGE_JAVA_OPTS=-Xmx");
        // a dense --cost read from an .npy header is refused before reading, with the bytes it needs
        Path x = line("w.npy", 2000);
        Subprocess.Result c = Subprocess.run(List.of("-Xmx48m"), "emd", "--cost", cov.toString(), "--a", x.toString(), "--b", x.toString());
        assertThat(c.exitCode()).as(c.output()).isEqualTo(Main.USER_ERROR);
        assertThat(c.output().strip()).doesNotContain("\n").contains("--cost").contains(Long.toString(3L * 8 * 2000 * 2000));
    }

    @Test
    void binMongeHonoursMongeJavaOpts() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../bin/monge");
        String text = Files.readString(script);
        assertThat(text.lines().filter(l -> l.contains("exec java") && l.contains("-jar")))
                .singleElement().asString().contains("${MONGE_JAVA_OPTS:-}");
    }

    private static Path flowPlot(Path file) {
        CliRunner r = CliRunner.run("gmm", "flow", "--components", "5", "--time", "0.05", "--snapshots", "1", "--cells", "100",
                "--dt", "1e-2", "--plot", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return file;
    }

    @Test
    void plotWritesTheFormatItsNameAsksFor() throws Exception {
        byte[] jpg = Files.readAllBytes(flowPlot(dir.resolve("f.jpg")));
        assertThat(Arrays.copyOf(jpg, 3)).containsExactly(0xFF, 0xD8, 0xFF); // JPEG start-of-image marker
        assertThat(dir.resolve("f.jpg.png")).doesNotExist();
        byte[] jpeg = Files.readAllBytes(flowPlot(dir.resolve("g.JPEG")));
        assertThat(Arrays.copyOf(jpeg, 3)).containsExactly(0xFF, 0xD8, 0xFF);
        String svg = Files.readString(flowPlot(dir.resolve("f.svg")), StandardCharsets.UTF_8);
        assertThat(svg).contains("<svg");
        byte[] png = Files.readAllBytes(flowPlot(dir.resolve("h.png")));
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("f.jpg.png", "f.svg.png", "g.JPEG.png");
        }
    }

    @Test
    void anUnsupportedPlotFormatIsRefusedNamingPlot() throws Exception {
        for (String name : List.of("f.gif", "f.pdf", "f")) {
            CliRunner r = CliRunner.run("gmm", "flow", "--plot", dir.resolve(name).toString());
            assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
            assertThat(r.err()).contains("--plot").contains(".png");
        }
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void heartbeatPrintsWhileWorkRunsAndStopsWhenClosed() throws Exception {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text, true);
        try (Heartbeat h = Heartbeat.start("emd", err, 20)) {
            Thread.sleep(300);
        }
        String[] lines = text.toString().strip().split("\n");
        assertThat(lines.length).isGreaterThanOrEqualTo(3);
        assertThat(lines).allMatch(l -> l.matches("emd: still solving, \\d+ s"));
        int count = text.toString().length();
        Thread.sleep(100);
        assertThat(text.toString()).hasSize(count);
    }

    @Test
    void aQuickEmdPrintsNoHeartbeat() throws Exception {
        Path x = line("x.npy", 50);
        CliRunner r = CliRunner.run("emd", "--x", x.toString(), "--y", x.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        // identical points: the optimal cost is 0 (each point stays)
        assertThat(r.json().get("cost").asDouble()).isEqualTo(0.0);
    }
}
