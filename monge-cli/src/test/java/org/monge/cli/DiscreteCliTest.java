package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.Npy;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiscreteCliTest {
    @TempDir Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void emdFromPointsWithPlanAndPotentials() throws Exception {
        // POT 0.8.2: ot.emd2(ones(3)/3, ones(3)/3, ot.dist(x, y)) = 2.0 for these points
        Path x = write("x.csv", "0,0\n1,0\n0,2\n"), y = write("y.csv", "1,1\n3,0\n0,0\n");
        Path plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--plan-out", plan.toString(),
                "--potentials-out", dir.resolve("pot").toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("cost").asDouble()).isCloseTo(2.0, within(1e-14));
        assertThat(j.get("status").asText()).isEqualTo("optimal");
        assertThat(j.get("nonzeros").asInt()).isBetween(1, 5);
        assertThat(j.get("iterations").asInt()).isPositive();
        assertThat(j.get("duality_gap").asDouble()).isCloseTo(0, within(1e-12));
        double[] p = Npy.read(plan).data();
        double s = 0;
        for (double v : p) s += v;
        assertThat(s).isCloseTo(1, within(1e-12));
        assertThat(Npy.read(dir.resolve("pot_u.npy")).data()).hasSize(3);
        assertThat(Npy.read(dir.resolve("pot_v.npy")).data()).hasSize(3);
    }

    @Test
    void emdMultiscaleGivesTheSameCostAsTheDefault() throws Exception {
        Random rnd = new Random(4);
        StringBuilder xs = new StringBuilder(), ys = new StringBuilder();
        for (int i = 0; i < 700; i++) xs.append(rnd.nextDouble()).append(',').append(rnd.nextDouble()).append('\n');
        for (int i = 0; i < 500; i++) ys.append(rnd.nextGaussian()).append(',').append(rnd.nextDouble()).append('\n');
        Path x = write("mx.csv", xs.toString()), y = write("my.csv", ys.toString());
        JsonNode plain = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--json").json();
        CliRunner r = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--multiscale", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("multiscale network simplex: level 0");
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("optimal");
        assertThat(j.get("cost").asDouble()).isCloseTo(plain.get("cost").asDouble(), within(1e-12 * plain.get("cost").asDouble()));
        assertThat(j.get("dual_infeasibility").asDouble()).isLessThan(1e-12);
        Path tiny = write("tx.csv", "0,0\n1,0\n0,2\n"), tinyY = write("ty.csv", "1,1\n3,0\n0,0\n");
        // the POT value of emdPointsWithPlan
        assertThat(CliRunner.run("emd", "--x", tiny.toString(), "--y", tinyY.toString(), "--multiscale", "--json").json().get("cost")
                .asDouble()).isCloseTo(2.0, within(1e-14));
        CliRunner dense = CliRunner.run("emd", "--cost", write("c.csv", "0,1\n1,0\n").toString(), "--multiscale");
        assertThat(dense.isOneLineUserError()).isTrue();
        assertThat(dense.err()).contains("--multiscale").contains("--x/--y");
        CliRunner city = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--metric", "cityblock", "--multiscale");
        assertThat(city.isOneLineUserError()).isTrue();
        assertThat(city.err()).contains("--multiscale").contains("--metric");
        CliRunner stopped = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--multiscale", "--max-iter", "3", "--json");
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.json().get("status").asText()).isEqualTo("iteration_limit");
        assertThat(stopped.json().has("cost")).isFalse();
    }

    /**
     * From EmdCommand.AUTO_PAIRS pairs on, point clouds go to the multiscale solver by default and --no-multiscale forces the
     * plain one (itself checked against POT's emd2 in this class): both branches give the same cost to 1e-9 and carry the
     * certificate keys.
     */
    @Test
    void emdChoosesTheMultiscaleSolverForLargePointClouds() throws Exception {
        Random rnd = new Random(1717);
        int m = 2100, n = 2000; // 4.2e6 pairs: above the threshold
        assertThat((long) m * n).isGreaterThanOrEqualTo(EmdCommand.AUTO_PAIRS);
        StringBuilder xs = new StringBuilder(), ys = new StringBuilder();
        for (int i = 0; i < m; i++) xs.append(rnd.nextDouble()).append(',').append(rnd.nextDouble()).append('\n');
        for (int i = 0; i < n; i++) ys.append(rnd.nextGaussian()).append(',').append(rnd.nextDouble()).append('\n');
        Path x = write("ax.csv", xs.toString()), y = write("ay.csv", ys.toString());
        CliRunner auto = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--json");
        CliRunner plain = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--no-multiscale", "--json");
        assertThat(auto.exitCode()).as(auto.err()).isZero();
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        JsonNode a = auto.json(), p = plain.json();
        assertThat(a.get("solver").asText()).isEqualTo("multiscale");
        assertThat(p.get("solver").asText()).isEqualTo("network_simplex");
        assertThat(auto.err()).doesNotContain("level 0"); // progress lines only with an explicit --multiscale
        for (JsonNode j : new JsonNode[] {a, p}) {
            assertThat(j.get("status").asText()).isEqualTo("optimal");
            for (String key : new String[] {"cost", "iterations", "nonzeros", "duality_gap", "marginal_error", "dual_infeasibility"}) {
                assertThat(j.has(key)).as(key).isTrue();
            }
            assertThat(j.get("dual_infeasibility").asDouble()).isLessThan(1e-12);
            assertThat(Math.abs(j.get("duality_gap").asDouble())).isLessThan(1e-9 * p.get("cost").asDouble());
        }
        assertThat(a.get("cost").asDouble()).isCloseTo(p.get("cost").asDouble(), within(1e-9 * p.get("cost").asDouble()));
        // below the threshold the plain solver stays the default
        Path small = write("sx.csv", "0,0\n1,0\n0,2\n"), smallY = write("sy.csv", "1,1\n3,0\n0,0\n");
        JsonNode s = CliRunner.run("emd", "--x", small.toString(), "--y", smallY.toString(), "--json").json();
        assertThat(s.get("solver").asText()).isEqualTo("network_simplex");
        assertThat(s.get("cost").asDouble()).isCloseTo(2.0, within(1e-14)); // POT's emd2 value of these points (emdPointsWithPlan)
        CliRunner both = CliRunner.run("emd", "--x", small.toString(), "--y", smallY.toString(), "--multiscale", "--no-multiscale");
        assertThat(both.isOneLineUserError()).isTrue();
        assertThat(both.err()).contains("--multiscale/--no-multiscale");
    }

    @Test
    void emdWithCostAndWeights() throws Exception {
        Path c = write("c.csv", "0,1\n1,0\n3,3\n"), a = write("a.csv", "0.25,0.25,0.5\n"), b = write("b.csv", "0.5,0.5\n");
        CliRunner r = CliRunner.run("emd", "--cost", c.toString(), "--a", a.toString(), "--b", b.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // rows 0 and 1 go to their zero-cost columns, row 2 pays 3 for its 0.5: cost 1.5
        assertThat(r.json().get("cost").asDouble()).isCloseTo(1.5, within(1e-14));
    }

    @Test
    void emdErrorsAreOneLine() throws Exception {
        Path c = write("c.csv", "0,1\n1,0\n"), a = write("a.csv", "0.5,0.6\n"), neg = write("neg.csv", "1.5,-0.5\n");
        assertThat(CliRunner.run("emd", "--a", a.toString()).isOneLineUserError()).isTrue();
        CliRunner unbalanced = CliRunner.run("emd", "--cost", c.toString(), "--a", a.toString());
        assertThat(unbalanced.isOneLineUserError()).isTrue();
        assertThat(unbalanced.err()).contains("--a/--b").contains("masses differ");
        CliRunner negative = CliRunner.run("emd", "--cost", c.toString(), "--a", neg.toString());
        assertThat(negative.isOneLineUserError()).isTrue();
        assertThat(negative.err()).contains("--a").contains("negative");
        CliRunner metric = CliRunner.run("emd", "--x", c.toString(), "--y", c.toString(), "--metric", "hamming");
        assertThat(metric.isOneLineUserError()).isTrue();
        assertThat(metric.err()).contains("--metric");
        assertThat(CliRunner.run("emd", "--cost", dir.resolve("missing.csv").toString()).isOneLineUserError()).isTrue();
    }

    @Test
    void assign() throws Exception {
        // scipy.optimize.linear_sum_assignment: cols [1 0 2], total 5; maximize: total 11 (SciPy 1.10.1)
        Path c = write("c.csv", "4,1,3\n2,0,5\n3,2,2\n");
        CliRunner r = CliRunner.run("assign", "--cost", c.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isEqualTo(5);
        assertThat(r.json().get("assignment").toString()).isEqualTo("[1,0,2]");
        assertThat(CliRunner.run("assign", "--cost", c.toString(), "--maximize", "--json").json().get("cost").asDouble()).isEqualTo(11);
        // rectangular: 3 rows, 1 column -> two rows unassigned
        Path tall = write("tall.csv", "3\n1\n2\n");
        assertThat(CliRunner.run("assign", "--cost", tall.toString(), "--json").json().get("assignment").toString()).isEqualTo("[-1,0,-1]");
        Path bad = write("bad.csv", "inf,1\ninf,2\n"); // as numpy.savetxt writes it
        CliRunner infeasible = CliRunner.run("assign", "--cost", bad.toString());
        assertThat(infeasible.isOneLineUserError()).isTrue();
        assertThat(infeasible.err()).contains("infeasible").contains("column 0 has no finite cost");
    }

    @Test
    void match() throws Exception {
        Path p = write("p.csv", "0,1\n0,1\n0,1\n1\n"), r = write("r.csv", "0,1,2,3\n0,1,2,3\n"), cap = write("cap.csv", "2\n2\n");
        CliRunner res = CliRunner.run("match", "--proposers", p.toString(), "--reviewers", r.toString(), "--capacities", cap.toString(),
                "--json");
        assertThat(res.exitCode()).as(res.err()).isZero();
        assertThat(res.json().get("matching").toString()).isEqualTo("[0,0,1,1]");
        assertThat(res.json().get("stable").asBoolean()).isTrue();
        CliRunner one = CliRunner.run("match", "--proposers", p.toString(), "--reviewers", r.toString(), "--json");
        assertThat(one.json().get("matching").toString()).isEqualTo("[0,1,-1,-1]");
        Path badPrefs = write("bad.csv", "0,7\n");
        CliRunner err = CliRunner.run("match", "--proposers", badPrefs.toString(), "--reviewers", r.toString());
        assertThat(err.isOneLineUserError()).isTrue();
        assertThat(err.err()).contains("--proposers");
        // the last proposer has no acceptable reviewer: a blank last line, and it must not vanish
        Path lastEmpty = write("last.csv", "0\n1\n\n");
        Path r3 = write("r3.csv", "0,1,2\n0,1,2\n");
        CliRunner withEmpty = CliRunner.run("match", "--proposers", lastEmpty.toString(), "--reviewers", r3.toString(), "--json");
        assertThat(withEmpty.exitCode()).as(withEmpty.err()).isZero();
        assertThat(withEmpty.json().get("matching").toString()).isEqualTo("[0,1,-1]");
        Path frac = write("frac.csv", "0.5\n");
        assertThat(CliRunner.run("match", "--proposers", frac.toString(), "--reviewers", r.toString()).err()).contains("not an integer");
    }

    @Test
    void demoSection() throws Exception {
        Report r = new DiscreteDemo().run(dir, new PrintWriter(Writer.nullWriter()));
        assertThat(r.get("emd_status")).isEqualTo("optimal");
        assertThat((Double) r.get("duality_gap")).isCloseTo(0, within(1e-12));
        assertThat(r.get("cyclically_monotone")).isEqualTo(true);
        assertThat(r.get("stable")).isEqualTo(true);
        assertThat((Double) r.get("assignment_cost")).isCloseTo(80 * (Double) r.get("emd_cost"), within(1e-9));
        assertThat(Files.size(dir.resolve("displacement_interpolation.png"))).isPositive();
    }

    @Test
    void w1d() throws Exception {
        // ot.wasserstein_1d(u, v, uw, vw, p=2) = 1.1854999999999998 (POT 0.8.2)
        Path u = write("u.csv", "0.3,-1.2,2.5,0.0,4.1\n"), uw = write("uw.csv", "0.1,0.3,0.2,0.25,0.15\n");
        Path v = write("v.csv", "1.0,-0.5,3.3\n"), vw = write("vw.csv", "0.5,0.2,0.3\n");
        CliRunner r = CliRunner.run("w1d", "--u", u.toString(), "--v", v.toString(), "--u-weights", uw.toString(),
                "--v-weights", vw.toString(), "--p", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isCloseTo(1.1854999999999998, within(1e-14));
        assertThat(r.json().get("distance").asDouble()).isCloseTo(Math.sqrt(1.1854999999999998), within(1e-14));
        CliRunner badP = CliRunner.run("w1d", "--u", u.toString(), "--v", v.toString(), "--p", "0.5");
        assertThat(badP.isOneLineUserError()).isTrue();
        assertThat(badP.err()).contains("--p");
        Path negw = write("negw.csv", "0.1,-0.3,0.2,0.25,0.75\n");
        CliRunner badW = CliRunner.run("w1d", "--u", u.toString(), "--v", v.toString(), "--u-weights", negw.toString());
        assertThat(badW.isOneLineUserError()).isTrue();
        assertThat(badW.err()).contains("--u-weights");
    }
}
