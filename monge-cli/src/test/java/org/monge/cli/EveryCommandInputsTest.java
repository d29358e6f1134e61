package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;
import org.monge.io.TransportMapFiles;
import org.monge.maps.EntropicMap;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs every subcommand on generated inputs — valid, extreme-scale, degenerate and malformed, one
 * input at a time — and holds each run to the error policy of {@code docs/reliability.md}:
 * <ul>
 *   <li>exit 0 with strict JSON on stdout (no NaN or infinity, no text in a numeric field), and every
 *       requested output file a readable array of finite numbers (or, for a solve that broke down, left
 *       untouched with a line on stderr saying so); or</li>
 *   <li>exit 2 with exactly one line on stderr, nothing on stdout, and every output file that existed
 *       before the run left as it was;</li>
 *   <li>never exit 1, never a stack trace, never a run that does not end.</li>
 * </ul>
 * Where the answer to a scaled input follows from the unscaled answer (the OT values below are
 * homogeneous in the scale of the points, covariances, costs and ε), the scaled run must either agree
 * with it or refuse the input with a range error: a number that disagrees is a failure.
 * Every case's seed is in its name, so a failure is reproduced by its name alone.
 */
class EveryCommandInputsTest {
    private static final long SEED = 20261202L;
    private static final int N = 6, M = 7, D = 2, HIST = 2, SUPPORT = 10, COMPONENTS = 3;
    private static final byte[] SENTINEL = "previous contents that a failed run must not touch".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper STRICT = new ObjectMapper();

    @TempDir Path root;

    /** Exit 0 / exit 2 / other, per variant: written to the file named by -Dreliability.table for docs/reliability.md. */
    private static final Map<Variant, int[]> TALLY = new ConcurrentSkipListMap<>();
    /** The command and input slot of each exit-0 run, per variant. */
    private static final Map<Variant, Set<String>> ACCEPTED = new ConcurrentSkipListMap<>();

    @AfterAll
    static void writeTally() throws IOException {
        String target = System.getProperty("reliability.table");
        if (target == null || TALLY.isEmpty()) return;
        StringBuilder t = new StringBuilder("| input variant | runs | exit 0 | exit 2 | other |\n|---|---|---|---|---|\n");
        TALLY.forEach((v, c) -> t.append("| ").append(v).append(" | ").append(c[0] + c[1] + c[2]).append(" | ").append(c[0])
                .append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n"));
        t.append("\nAccepted (exit 0):\n\n");
        ACCEPTED.forEach((v, cases) -> t.append("- ").append(v).append(": ").append(String.join("; ", cases)).append('\n'));
        Files.writeString(Path.of(target), t);
    }

    /** The kinds of generated array an input slot takes. */
    enum Kind { POINTS_N, POINTS_M, POINTS_1D_N, POINTS_1D_M, WEIGHTS_N, WEIGHTS_M, SPD, MEAN, COST, SQUARE_COST, HISTOGRAMS,
        GRID, FEATURES, COVS_STACK, MEANS_STACK, INCREASING, MIXTURE_WEIGHTS, MIXTURE_NPZ, STATS_OR_FEATURES,
        MAP_NPZ, LABELS_N }

    /** One way to spoil (or scale) a valid input. */
    enum Variant { NAN, POS_INF, NEG_INF, EMPTY_FILE, EMPTY_ARRAY, FLAT, EXTRA_AXIS, EXTRA_COLUMN, TRUNCATED_NPY, HUGE_DECLARED_NPY,
        GARBAGE_CSV, BOM_CSV, DIRECTORY, MISSING, CONSTANT, NEGATED, ZEROS, SCALE_TINY, SCALE_HUGE, UNKNOWN_EXTENSION }

    record Slot(String option, Kind kind) {}

    record Output(String option, String fileName) {}

    /** A subcommand with its inputs, fixed options and outputs. A null option is a positional argument. */
    record Spec(String command, List<Slot> slots, List<String> fixed, List<Output> outputs) {
        Spec with(String... options) {
            List<String> f = new ArrayList<>(fixed);
            f.addAll(List.of(options));
            return new Spec(command, slots, f, outputs);
        }

        Spec out(String option, String fileName) {
            List<Output> o = new ArrayList<>(outputs);
            o.add(new Output(option, fileName));
            return new Spec(command, slots, fixed, o);
        }

        /** --grad-out g, checked through the files g_SUFFIX it writes. */
        Spec grad(String... suffixes) {
            Spec t = this;
            for (String suffix : suffixes) t = t.out("--grad-out", "g_" + suffix);
            return t;
        }
    }

    static Spec spec(String command, Object... optionKindPairs) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < optionKindPairs.length; i += 2) slots.add(new Slot((String) optionKindPairs[i], (Kind) optionKindPairs[i + 1]));
        return new Spec(command, slots, List.of("--json"), List.of());
    }

    static List<Spec> specs() {
        return List.of(
                spec("gaussian w2", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean0", Kind.MEAN, "--mean1", Kind.MEAN),
                spec("gaussian grad", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean1", Kind.MEAN)
                        .out("--out-mean", "dm.npy").out("--out-cov", "dS.npy"),
                spec("gaussian map", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean0", Kind.MEAN)
                        .out("--out-matrix", "A.npy").out("--out-shift", "b.npy"),
                spec("gaussian map", "--cov0", Kind.SPD, "--cov1", Kind.SPD).with("--kind", "knothe-rosenblatt")
                        .out("--out-matrix", "A.npy").out("--out-shift", "b.npy"),
                spec("gaussian gw", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean0", Kind.MEAN)
                        .out("--out-matrix", "A.npy").out("--out-shift", "b.npy"),
                spec("gaussian gw", "--cov0", Kind.SPD, "--cov1", Kind.SPD).with("--cost", "squared-distance"),
                spec("gaussian barycenter", "--covs", Kind.COVS_STACK, "--means", Kind.MEANS_STACK)
                        .out("--out-mean", "m.npy").out("--out-cov", "S.npy"),
                spec("stats", null, Kind.FEATURES).out("--out", "stats.npz"),
                spec("fid", null, Kind.FEATURES, null, Kind.STATS_OR_FEATURES),
                spec("emd", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N)
                        .out("--plan-out", "plan.npy"),
                spec("emd", "--cost", Kind.COST, "--b", Kind.WEIGHTS_M),
                spec("emd", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M).with("--multiscale")
                        .out("--plan-out", "plan.npy"),
                spec("partial", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--mass", "0.5")
                        .out("--plan-out", "plan.npy"),
                spec("partial", "--cost", Kind.COST, "--b", Kind.WEIGHTS_M).with("--mass", "0.5"),
                spec("partial", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M)
                        .with("--mass", "0.5", "--epsilon", "0.1", "--tol", "1e-9").out("--plan-out", "plan.npy"),
                spec("assign", "--cost", Kind.COST),
                spec("gw", "--c1", Kind.SQUARE_COST, "--c2", Kind.SQUARE_COST),
                spec("gw", "--c1", Kind.SQUARE_COST, "--c2", Kind.SQUARE_COST).with("--epsilon", "0.1"),
                spec("gromov", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).out("--plan-out", "plan.npy"),
                spec("gromov", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--features-cost", Kind.COST).with("--alpha", "0.5"),
                spec("gromov", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--features-cost", Kind.COST)
                        .with("--alpha", "0.5", "--epsilon", "0.1"),
                spec("gromov", "--c1", Kind.SQUARE_COST, "--c2", Kind.SQUARE_COST).with("--loss", "kl"),
                spec("gromov", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--semi-relaxed"),
                spec("gromov-barycenter", "--c", Kind.SQUARE_COST).with("--size", "3").out("--out", "C.npy"),
                spec("gromov-barycenter", "--c", Kind.SQUARE_COST, "--features", Kind.GRID).with("--size", "3")
                        .out("--out", "C.npy").out("--features-out", "X.npy"),
                spec("w1d", "--u", Kind.POINTS_1D_N, "--v", Kind.POINTS_1D_M, "--u-weights", Kind.WEIGHTS_N).with("--p", "2"),
                spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M).with("--epsilon", "0.1")
                        .out("--plan-out", "plan.npy"),
                spec("sinkhorn", "--cost", Kind.COST, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.1"),
                spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.1", "--tv", "0.5")
                        .out("--plan-out", "plan.npy"),
                spec("sinkhorn", "--cost", Kind.COST, "--b", Kind.WEIGHTS_M).with("--epsilon", "0.1", "--tv-a", "0.5", "--tau-b", "1"),
                spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.1"),
                spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M)
                        .with("--epsilon", "0.1", "--tv-a", "0.5", "--tv-b", "0.5"),
                spec("sliced", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M).with("--projections", "20"),
                spec("kmeans", "--x", Kind.POINTS_N, "--weights", Kind.WEIGHTS_N).with("--k", "2")
                        .out("--out-centers", "c.npy").out("--out-weights", "w.npy"),
                spec("barycenter", "--histograms", Kind.HISTOGRAMS, "--support", Kind.GRID).with("--epsilon", "0.01")
                        .out("--out", "bary.npy"),
                spec("barycenter", "--histograms", Kind.HISTOGRAMS, "--cost", Kind.SQUARE_COST).with("--epsilon", "0.01")
                        .out("--out", "bary.npy"),
                spec("barycenter", "--histograms", Kind.HISTOGRAMS, "--support", Kind.GRID).with("--epsilon", "0.05", "--tau", "1")
                        .out("--out", "bary.npy"),
                spec("entropic-gaussian", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean1", Kind.MEAN).with("--epsilon", "0.5"),
                spec("entropic-gaussian", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--reference-cov", Kind.SPD).with("--epsilon", "0.5"),
                spec("entropic-gaussian", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean0", Kind.MEAN)
                        .with("--epsilon", "0.5", "--tau", "1", "--mass0", "1.5").out("--out-cross-covariance", "C.npy"),
                spec("gmm fit", "--x", Kind.FEATURES).with("--k", "2", "--restarts", "1").out("--out", "fit.npz"),
                spec("map fit", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--method", "entropic", "--epsilon", "0.5")
                        .out("--out", "model.npz"),
                spec("map fit", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--method", "exact").out("--out", "model.npz"),
                spec("map fit", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--labels", Kind.LABELS_N)
                        .with("--method", "sinkhorn-lpl1", "--epsilon", "0.5", "--eta", "0.5").out("--out", "model.npz"),
                spec("map fit", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--labels", Kind.LABELS_N)
                        .with("--method", "sinkhorn-l1l2", "--epsilon", "0.5", "--outer-iter", "5").out("--out", "model.npz"),
                spec("map apply", "--model", Kind.MAP_NPZ, "--x", Kind.POINTS_N).out("--out", "images.npy"),
                spec("gmm w2", null, Kind.MIXTURE_NPZ, null, Kind.MIXTURE_NPZ),
                spec("gmm info-matrix", "--weights", Kind.MIXTURE_WEIGHTS, "--means", Kind.INCREASING).with("--sigma", "0.1"),
                spec("emd", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("emd", "--cost", Kind.COST, "--b", Kind.WEIGHTS_M).grad("a.npy", "b.npy"),
                spec("emd", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--multiscale")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M).with("--epsilon", "0.1")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.1", "--tau", "1")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.1")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M)
                        .with("--epsilon", "0.1", "--tau", "1").grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N)
                        .with("--epsilon", "0.1", "--tv", "0.5").grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--b", Kind.WEIGHTS_M).with("--epsilon", "0.1", "--tv", "0.5")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("w1d", "--u", Kind.POINTS_1D_N, "--v", Kind.POINTS_1D_M, "--v-weights", Kind.WEIGHTS_M).with("--p", "2")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("sliced", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M, "--a", Kind.WEIGHTS_N).with("--projections", "20")
                        .grad("x.npy", "a.npy", "y.npy", "b.npy"),
                spec("gmm w2", null, Kind.MIXTURE_NPZ, null, Kind.MIXTURE_NPZ).grad("a.npz", "b.npz"),
                spec("gmm flow", "--weights", Kind.MIXTURE_WEIGHTS, "--means", Kind.INCREASING).with("--extended", "--sigma", "0.1",
                        "--energy", "fokker-planck", "--potential", "sin", "--metric", "limit", "--time", "1").out("--out", "traj.npz"),
                spec("flow", "--x", Kind.POINTS_N, "--y", Kind.POINTS_N, "--a", Kind.WEIGHTS_N).with("--epsilon", "0.5", "--steps", "3"),
                spec("gmm barycenter", null, Kind.MIXTURE_NPZ, null, Kind.MIXTURE_NPZ).out("--out", "bar.npz"));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandOnEverySpoiledInput() {
        List<DynamicTest> tests = new ArrayList<>();
        int caseNo = 0;
        for (Spec s : specs()) {
            for (int slot = 0; slot < s.slots().size(); slot++) {
                for (Variant v : Variant.values()) {
                    long seed = SEED + 1000L * caseNo++;
                    int which = slot;
                    String name = s.command() + " " + s.fixed() + " " + label(s.slots().get(slot)) + "=" + v + " seed=" + seed;
                    tests.add(DynamicTest.dynamicTest(name, () -> runCase(s, which, v, seed)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> badNumericOptionsAreOneLineErrors() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("--epsilon", List.of("0", "-1", "NaN", "Infinity", "abc"));
        options.put("--p", List.of("0.5", "-1", "NaN", "Infinity"));
        options.put("--k", List.of("0", "-1", "abc"));
        options.put("--max-iter", List.of("-1", "abc"));
        options.put("--projections", List.of("0", "-5"));
        options.put("--sigma", List.of("0", "-1", "NaN"));
        options.put("--tol", List.of("-1", "NaN"));
        options.put("--eta", List.of("-1", "NaN", "Infinity", "abc"));
        options.put("--outer-iter", List.of("0", "-1", "abc"));
        return numericOptionTests(options);
    }

    /** The bad values of badNumericOptionsAreOneLineErrors, one list an option. */
    private static final List<String> CHECKED_OPTIONS = List.of("--epsilon", "--p", "--k", "--max-iter", "--projections", "--sigma",
            "--tol", "--eta", "--outer-iter");

    /** Every command of the specs that declares one of the checked options has it tested: in its spec or in takesOption. */
    @Test
    void everyDeclaredNumericOptionIsTested() {
        Set<String> untested = new TreeSet<>();
        for (Spec s : specs()) {
            CommandLine cmd = Main.commandLine();
            for (String word : s.command().split(" ")) cmd = cmd.getSubcommands().get(word);
            for (String option : CHECKED_OPTIONS) {
                if (cmd.getCommandSpec().findOption(option) != null && !s.fixed().contains(option) && !takesOption(s, option)) {
                    untested.add(s.command() + " " + option);
                }
            }
        }
        assertThat(untested).as("declared but never given a bad value: list them in takesOption").isEmpty();
    }

    private Stream<DynamicTest> numericOptionTests(Map<String, List<String>> options) {
        assertThat(options.keySet()).containsExactlyElementsOf(CHECKED_OPTIONS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Spec s : specs()) {
            for (Map.Entry<String, List<String>> o : options.entrySet()) {
                if (!s.fixed().contains(o.getKey()) && !takesOption(s, o.getKey())) continue;
                for (String value : o.getValue()) {
                    String name = s.command() + " " + o.getKey() + " " + value;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Path dir = Files.createTempDirectory(root, "opt");
                        List<String> args = arguments(s, dir, -1, null, SEED, 1.0);
                        replaceOption(args, o.getKey(), value);
                        CliRunner r = run(args);
                        assertThat(r.isOneLineUserError()).as("%s: expected one line and exit 2, got exit %d, stderr %s, stdout %s",
                                args, r.exitCode(), r.err(), r.out()).isTrue();
                        assertThat(r.err()).as("the message names the option").contains(o.getKey());
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** k above the number of points is the projection onto at most k atoms: one centre per distinct point, never an allocation of k. */
    @Test
    void kmeansWithAHugeKGivesOneCentrePerPoint() throws IOException {
        Spec s = spec("kmeans", "--x", Kind.POINTS_N).with("--k", "2000000000").out("--out-centers", "c.npy");
        Path dir = Files.createTempDirectory(root, "k");
        CliRunner r = run(arguments(s, dir, -1, null, SEED, 1.0));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("centers").asInt()).isEqualTo(N);
        assertThat(r.json().get("w2_squared").asDouble()).isLessThan(1e-25);
    }

    @TestFactory
    Stream<DynamicTest> scaledInputsGiveScaledAnswersOrARangeError() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Homogeneous h : homogeneous()) {
            for (double c : new double[] {1e-300, 1e-200, 0x1p-520, 1e-154, 1e-100, 1e100, 1e154, 0x1p520, 1e200, 1e300}) {
                tests.add(DynamicTest.dynamicTest(h.spec().command() + " " + h.key() + " at scale " + c, () -> {
                    JsonNode base = runOk(h.spec(), 1.0, h);
                    Path dir = Files.createTempDirectory(root, "scaled");
                    List<String> args = arguments(h.spec(), dir, -1, null, SEED, c);
                    h.scaleOptions().apply(c).forEach((k, v) -> replaceOption(args, k, v));
                    CliRunner r = run(args);
                    if (r.exitCode() == Main.USER_ERROR) {
                        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
                        assertThat(r.err().toLowerCase()).as("a refused scale says it is out of range")
                                .containsAnyOf("range", "overflow", "underflow");
                        return;
                    }
                    assertThat(r.exitCode()).as("%s -> %s", args, r.err()).isZero();
                    double expected = base.get(h.key()).asDouble() * Math.pow(c, h.power());
                    double got = r.json().get(h.key()).asDouble();
                    if (Double.isInfinite(expected) || (expected == 0 && base.get(h.key()).asDouble() != 0)) {
                        throw new AssertionError(args + ": the answer " + expected + " is not representable, yet exit 0 with " + got);
                    }
                    assertThat(Math.abs(got - expected)).as("%s: %s = %s, expected %s", args, h.key(), got, expected)
                            .isLessThanOrEqualTo(h.tolerance() * Math.abs(expected));
                }));
            }
        }
        return tests.stream();
    }

    /** A value that scales as c^power when every point-like input is scaled by c^inputPower (and ε with it). */
    record Homogeneous(Spec spec, String key, double power, double tolerance, Function<Double, Map<String, String>> scaleOptions) {}

    static List<Homogeneous> homogeneous() {
        Function<Double, Map<String, String>> none = c -> Map.of();
        return List.of(
                // covariances scaled by c, means by sqrt(c): W2² scales by c
                new Homogeneous(spec("gaussian w2", "--cov0", Kind.SPD, "--cov1", Kind.SPD, "--mean0", Kind.MEAN),
                        "w2_squared", 1, 1e-10, none),
                new Homogeneous(spec("gaussian grad", "--cov0", Kind.SPD, "--cov1", Kind.SPD)
                        .out("--out-mean", "dm.npy").out("--out-cov", "dS.npy"), "w2_squared", 1, 1e-10, none),
                new Homogeneous(spec("entropic-gaussian", "--cov0", Kind.SPD, "--cov1", Kind.SPD).with("--epsilon", "0.5"),
                        "cost", 1, 1e-10,
                        c -> Map.of("--epsilon", Double.toString(0.5 * c))),
                // points scaled by sqrt(c): squared-Euclidean costs scale by c
                new Homogeneous(spec("emd", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M), "cost", 1, 1e-10, none),
                new Homogeneous(spec("partial", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--mass", "0.5"), "cost", 1, 1e-10, none),
                new Homogeneous(spec("w1d", "--u", Kind.POINTS_1D_N, "--v", Kind.POINTS_1D_M).with("--p", "2"), "cost", 1, 1e-10, none),
                new Homogeneous(spec("sliced", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--projections", "20"),
                        "distance", 0.5, 1e-10, none),
                new Homogeneous(spec("kmeans", "--x", Kind.POINTS_N).with("--k", "2").out("--out-centers", "c.npy"),
                        "w2_squared", 1, 1e-10, none),
                new Homogeneous(spec("fid", null, Kind.FEATURES, null, Kind.FEATURES), "fid", 1, 1e-8, none),
                new Homogeneous(spec("assign", "--cost", Kind.COST), "cost", 1, 1e-12, none),
                new Homogeneous(spec("sinkhorn", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--epsilon", "0.1"), "cost", 1, 1e-6,
                        c -> Map.of("--epsilon", Double.toString(0.1 * c))),
                new Homogeneous(spec("sinkhorn-divergence", "--x", Kind.POINTS_N, "--y", Kind.POINTS_M).with("--epsilon", "0.1"),
                        "divergence", 1, 1e-6,
                        c -> Map.of("--epsilon", Double.toString(0.1 * c))));
    }

    private JsonNode runOk(Spec s, double scale, Homogeneous h) throws IOException {
        Path dir = Files.createTempDirectory(root, "base");
        List<String> args = arguments(s, dir, -1, null, SEED, scale);
        CliRunner r = run(args);
        assertThat(r.exitCode()).as("%s -> %s", args, r.err()).isZero();
        return r.json();
    }

    private void runCase(Spec s, int slot, Variant v, long seed) throws IOException {
        Path dir = Files.createTempDirectory(root, "case");
        for (Output o : s.outputs()) Files.write(dir.resolve(o.fileName()), SENTINEL);
        List<String> args = arguments(s, dir, slot, v, seed, 1.0);
        CliRunner r = run(args);
        TALLY.computeIfAbsent(v, k -> new int[3])[r.exitCode() == 0 ? 0 : r.exitCode() == Main.USER_ERROR ? 1 : 2]++;
        if (r.exitCode() == 0) {
            ACCEPTED.computeIfAbsent(v, k -> new ConcurrentSkipListSet<>()).add(s.command() + " " + label(s.slots().get(slot)));
        }
        String what = args + " -> exit " + r.exitCode() + ", stderr: " + r.err() + ", stdout: " + abbreviate(r.out());
        assertThat(r.exitCode()).as("never an internal error: %s", what).isIn(0, Main.USER_ERROR);
        if (r.exitCode() == Main.USER_ERROR) {
            assertThat(r.isOneLineUserError()).as("one line on stderr, nothing on stdout: %s", what).isTrue();
            for (Output o : s.outputs()) {
                assertThat(Files.readAllBytes(dir.resolve(o.fileName()))).as("a failed run leaves %s as it was: %s", o.option(), what)
                        .isEqualTo(SENTINEL);
            }
            return;
        }
        JsonNode json = strictJson(r.out(), what);
        assertNumbersAreNumbers(json, what);
        for (Output o : s.outputs()) {
            Path p = dir.resolve(o.fileName());
            if (Arrays.equals(Files.readAllBytes(p), SENTINEL)) {
                assertThat(r.err()).as("an output left unwritten on exit 0 is announced on stderr: %s", what)
                        .containsAnyOf("no plan written", "no gradients written");
                continue;
            }
            for (NdArray a : readAll(p)) {
                for (double x : a.data()) assertThat(Double.isFinite(x)).as("%s holds only finite numbers: %s", o.option(), what).isTrue();
            }
        }
    }

    private static CliRunner run(List<String> args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run(args.toArray(String[]::new)),
                () -> "no answer within 60 s: " + args);
    }

    /** Options that the specs leave at their defaults but that these commands take. */
    private static boolean takesOption(Spec s, String option) {
        List<String> iterative = List.of("sinkhorn", "sinkhorn-divergence", "barycenter", "gaussian barycenter", "gw", "gromov",
                "gromov-barycenter", "map fit");
        return switch (option) {
            case "--tol" -> iterative.contains(s.command()) || s.command().equals("partial");
            case "--max-iter" -> iterative.contains(s.command())
                    || List.of("kmeans", "emd", "partial", "gmm fit", "gmm barycenter").contains(s.command());
            case "--epsilon" -> List.of("gw", "gromov", "partial", "map fit").contains(s.command()); // optional there
            case "--k", "--eta", "--outer-iter" -> s.command().equals("map fit");
            case "--p" -> s.command().equals("sliced");
            default -> false;
        };
    }

    private static void replaceOption(List<String> args, String option, String value) {
        int i = args.indexOf(option);
        if (i >= 0) {
            args.set(i + 1, value);
        } else {
            args.add(option);
            args.add(value);
        }
    }

    private static String label(Slot s) {
        return s.option() == null ? "positional(" + s.kind() + ")" : s.option();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** The command line for {@code s}, with slot {@code spoiled} (or none: -1) made as {@code v}, point-like inputs scaled. */
    private static List<String> arguments(Spec s, Path dir, int spoiled, Variant v, long seed, double scale) throws IOException {
        List<String> args = new ArrayList<>(Arrays.asList(s.command().split(" ")));
        List<String> positional = new ArrayList<>();
        Random rng = new Random(seed);
        for (int i = 0; i < s.slots().size(); i++) {
            Slot slot = s.slots().get(i);
            Path file = i == spoiled ? spoil(slot.kind(), v, dir, i, rng) : valid(slot.kind(), dir, i, new Random(SEED + 7L * i), scale);
            if (slot.option() == null) {
                positional.add(file.toString());
            } else {
                args.add(slot.option());
                args.add(file.toString());
            }
        }
        args.addAll(s.fixed());
        for (Output o : s.outputs()) {
            if (o.option().equals("--grad-out")) { // one prefix for all its files
                if (!args.contains("--grad-out")) {
                    args.add(o.option());
                    args.add(dir.resolve("g").toString());
                }
                continue;
            }
            args.add(o.option());
            args.add(dir.resolve(o.fileName()).toString());
        }
        args.addAll(positional);
        return args;
    }

    /** A valid input of the kind; point-like data scaled by sqrt(scale), covariances and costs by scale. */
    private static Path valid(Kind kind, Path dir, int i, Random rng, double scale) throws IOException {
        boolean npz = kind == Kind.MIXTURE_NPZ || kind == Kind.STATS_OR_FEATURES || kind == Kind.MAP_NPZ;
        Path p = dir.resolve("in" + i + (npz ? ".npz" : ".npy"));
        double r = Math.sqrt(scale);
        switch (kind) {
            case MIXTURE_NPZ -> {
                Map<String, NdArray> m = new LinkedHashMap<>();
                m.put("weights", NdArray.vector(weights(COMPONENTS, rng)));
                m.put("means", new NdArray(new int[] {COMPONENTS, D}, scaled(normal(COMPONENTS * D, rng), r)));
                double[] covs = new double[COMPONENTS * D * D];
                for (int k = 0; k < COMPONENTS; k++) System.arraycopy(spd(D, rng, scale), 0, covs, k * D * D, D * D);
                m.put("covs", new NdArray(new int[] {COMPONENTS, D, D}, covs));
                Npz.write(p, m);
                return p;
            }
            case MAP_NPZ -> { // an entropic map on M points, its support first (the array the spoiled variants change)
                double[] b = weights(M, rng);
                EntropicMap map = EntropicMap.of(array(Kind.POINTS_M, rng, scale).toMatrix("support"), b, scaled(normal(M, rng), scale),
                        scale);
                Map<String, NdArray> m = new LinkedHashMap<>(TransportMapFiles.toArrays(map));
                m.put(TransportMapFiles.KIND, m.remove(TransportMapFiles.KIND));
                Npz.write(p, m);
                return p;
            }
            case STATS_OR_FEATURES -> {
                Map<String, NdArray> m = new LinkedHashMap<>();
                m.put("mu", NdArray.vector(scaled(normal(3, rng), r)));
                m.put("sigma", new NdArray(new int[] {3, 3}, spd(3, rng, scale)));
                Npz.write(p, m);
                return p;
            }
            default -> {
                Npy.write(p, array(kind, rng, scale));
                return p;
            }
        }
    }

    private static NdArray array(Kind kind, Random rng, double scale) {
        double r = Math.sqrt(scale);
        return switch (kind) {
            case POINTS_N -> new NdArray(new int[] {N, D}, scaled(normal(N * D, rng), r));
            case POINTS_M -> new NdArray(new int[] {M, D}, scaled(plus(normal(M * D, rng), 1), r));
            case POINTS_1D_N -> new NdArray(new int[] {N, 1}, scaled(normal(N, rng), r));
            case POINTS_1D_M -> new NdArray(new int[] {M, 1}, scaled(plus(normal(M, rng), 1), r));
            case WEIGHTS_N -> NdArray.vector(weights(N, rng));
            case WEIGHTS_M -> NdArray.vector(weights(M, rng));
            case SPD -> new NdArray(new int[] {D, D}, spd(D, rng, scale));
            case MEAN -> NdArray.vector(scaled(normal(D, rng), r));
            case COST -> new NdArray(new int[] {N, M}, scaled(uniform(N * M, rng), scale));
            case SQUARE_COST -> {
                double[] c = new double[SUPPORT * SUPPORT];
                for (int a = 0; a < SUPPORT; a++) for (int b = 0; b < SUPPORT; b++) c[a * SUPPORT + b] = scale * (a - b) * (a - b) / 81.0;
                yield new NdArray(new int[] {SUPPORT, SUPPORT}, c);
            }
            case HISTOGRAMS -> {
                double[] h = new double[HIST * SUPPORT];
                for (int k = 0; k < HIST; k++) System.arraycopy(weights(SUPPORT, rng), 0, h, k * SUPPORT, SUPPORT);
                yield new NdArray(new int[] {HIST, SUPPORT}, h);
            }
            case GRID -> {
                double[] g = new double[SUPPORT];
                for (int k = 0; k < SUPPORT; k++) g[k] = r * k / (SUPPORT - 1.0);
                yield new NdArray(new int[] {SUPPORT, 1}, g);
            }
            case FEATURES -> new NdArray(new int[] {40, 3}, scaled(normal(120, rng), r));
            case COVS_STACK -> {
                double[] c = new double[3 * D * D];
                for (int k = 0; k < 3; k++) System.arraycopy(spd(D, rng, scale), 0, c, k * D * D, D * D);
                yield new NdArray(new int[] {3, D, D}, c);
            }
            case MEANS_STACK -> new NdArray(new int[] {3, D}, scaled(normal(3 * D, rng), r));
            case INCREASING -> NdArray.vector(new double[] {-1, 0, 1});
            case MIXTURE_WEIGHTS -> NdArray.vector(new double[] {0.2, 0.5, 0.3});
            case LABELS_N -> { // class labels: not scaled with the points
                double[] l = new double[N];
                for (int k = 0; k < N; k++) l[k] = k % 2;
                yield NdArray.vector(l);
            }
            default -> throw new IllegalStateException(kind.toString());
        };
    }

    /** The same input spoiled in one way. */
    private static Path spoil(Kind kind, Variant v, Path dir, int i, Random rng) throws IOException {
        Path valid = valid(kind, dir, i, rng, 1.0);
        boolean npz = valid.toString().endsWith(".npz");
        switch (v) {
            case EMPTY_FILE -> { Files.write(valid, new byte[0]); return valid; }
            case DIRECTORY -> { Path d = dir.resolve("dir" + i + ".npy"); Files.createDirectories(d); return d; }
            case MISSING -> { return dir.resolve("missing" + i + ".npy"); }
            case UNKNOWN_EXTENSION -> { Path p = dir.resolve("in" + i + ".txt"); Files.copy(valid, p); return p; }
            case TRUNCATED_NPY -> {
                byte[] b = Files.readAllBytes(valid);
                Files.write(valid, Arrays.copyOf(b, b.length - Math.max(1, b.length / 4)));
                return valid;
            }
            case HUGE_DECLARED_NPY -> {
                Path p = dir.resolve("huge" + i + ".npy");
                String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 40000), }";
                writeRawNpy(p, header, new byte[64]);
                return p;
            }
            case GARBAGE_CSV -> {
                Path p = dir.resolve("garbage" + i + ".csv");
                byte[] b = new byte[200];
                rng.nextBytes(b);
                Files.write(p, b);
                return p;
            }
            case BOM_CSV -> {
                if (npz) return valid;
                NdArray a = ArrayFiles.read(valid);
                Path p = dir.resolve("bom" + i + ".csv");
                Files.writeString(p, "\ufeff" + csv(a), StandardCharsets.UTF_8);
                return p;
            }
            default -> {
                if (npz) {
                    Map<String, NdArray> m = new LinkedHashMap<>();
                    Iterator<Map.Entry<String, NdArray>> it = Npz.read(valid).entrySet().iterator();
                    Map.Entry<String, NdArray> first = it.next();
                    m.put(first.getKey(), transform(first.getValue(), v, rng));
                    it.forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
                    Npz.write(valid, m);
                } else {
                    Npy.write(valid, transform(ArrayFiles.read(valid), v, rng));
                }
                return valid;
            }
        }
    }

    private static NdArray transform(NdArray a, Variant v, Random rng) {
        int[] s = a.shape();
        double[] x = a.data().clone();
        int at = x.length == 0 ? 0 : rng.nextInt(x.length);
        return switch (v) {
            case NAN -> set(s, x, at, Double.NaN);
            case POS_INF -> set(s, x, at, Double.POSITIVE_INFINITY);
            case NEG_INF -> set(s, x, at, Double.NEGATIVE_INFINITY);
            case EMPTY_ARRAY -> { int[] e = s.clone(); e[0] = 0; yield new NdArray(e, new double[0]); }
            case FLAT -> new NdArray(new int[] {x.length}, x);
            case EXTRA_AXIS -> {
                int[] e = new int[s.length + 1];
                e[0] = 1;
                System.arraycopy(s, 0, e, 1, s.length);
                yield new NdArray(e, x);
            }
            case EXTRA_COLUMN -> {
                int rows = s[0], cols = s.length == 1 ? 1 : x.length / Math.max(1, rows);
                double[] y = new double[rows * (cols + 1)];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, r * cols, y, r * (cols + 1), cols);
                    y[r * (cols + 1) + cols] = rng.nextDouble();
                }
                yield new NdArray(new int[] {rows, cols + 1}, y);
            }
            case CONSTANT -> { Arrays.fill(x, x.length == 0 ? 0 : x[0]); yield new NdArray(s, x); }
            case NEGATED -> { for (int k = 0; k < x.length; k++) x[k] = -x[k]; yield new NdArray(s, x); }
            case ZEROS -> new NdArray(s, new double[x.length]);
            case SCALE_TINY -> { for (int k = 0; k < x.length; k++) x[k] *= 1e-300; yield new NdArray(s, x); }
            case SCALE_HUGE -> { for (int k = 0; k < x.length; k++) x[k] *= 1e300; yield new NdArray(s, x); }
            default -> throw new IllegalStateException(v.toString());
        };
    }

    private static NdArray set(int[] s, double[] x, int at, double value) {
        if (x.length > 0) x[at] = value;
        return new NdArray(s, x);
    }

    private static String csv(NdArray a) {
        int[] s = a.shape();
        int cols = s.length == 1 ? 1 : a.data().length / Math.max(1, s[0]);
        StringBuilder b = new StringBuilder();
        double[] x = a.data();
        for (int k = 0; k < x.length; k++) b.append(x[k]).append((k + 1) % cols == 0 ? "\n" : ",");
        return b.toString();
    }

    private static void writeRawNpy(Path p, String dict, byte[] body) throws IOException {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + hb.length + body.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) (hb.length & 0xff);
        out[9] = (byte) (hb.length >>> 8);
        System.arraycopy(hb, 0, out, 10, hb.length);
        System.arraycopy(body, 0, out, 10 + hb.length, body.length);
        Files.write(p, out);
    }

    private static JsonNode strictJson(String out, String what) {
        try {
            return STRICT.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("stdout is not strict JSON (" + e.getMessage() + "): " + what, e);
        }
    }

    /** Fields that hold a number hold a number: never the text "infinite", "NaN" or "inf". */
    private static void assertNumbersAreNumbers(JsonNode n, String what) {
        if (n.isTextual()) {
            String t = n.asText().toLowerCase();
            assertThat(t).as("a number written as text: %s", what).isNotIn("nan", "inf", "-inf", "infinite", "infinity", "-infinity");
        }
        n.elements().forEachRemaining(c -> assertNumbersAreNumbers(c, what));
    }

    private static List<NdArray> readAll(Path p) throws IOException {
        return p.toString().endsWith(".npz") ? new ArrayList<>(Npz.read(p).values()) : List.of(ArrayFiles.read(p));
    }

    private static double[] normal(int n, Random rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextGaussian();
        return x;
    }

    private static double[] uniform(int n, Random rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble();
        return x;
    }

    private static double[] weights(int n, Random rng) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.5 + rng.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    private static double[] spd(int d, Random rng, double scale) {
        double[] a = normal(d * d, rng), s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = i == j ? 1 : 0;
                for (int k = 0; k < d; k++) v += a[i * d + k] * a[j * d + k];
                s[i * d + j] = scale * v;
            }
        }
        return s;
    }

    private static double[] scaled(double[] x, double c) {
        for (int i = 0; i < x.length; i++) x[i] *= c;
        return x;
    }

    private static double[] plus(double[] x, double c) {
        for (int i = 0; i < x.length; i++) x[i] += c;
        return x;
    }
}
