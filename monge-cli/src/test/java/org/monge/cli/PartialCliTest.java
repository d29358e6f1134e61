package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PartialCliTest {
    @TempDir Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void fromPointsWithPlan() throws Exception {
        // POT 0.8.2: ot.partial.partial_wasserstein2(ones(3)/3, ones(3)/3, ot.dist(x, y), m=0.7) = 0.49999999999999967
        Path x = write("x.csv", "0,0\n1,0\n0,2\n"), y = write("y.csv", "1,1\n3,0\n0,0\n");
        Path plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run("partial", "--x", x.toString(), "--y", y.toString(), "--mass", "0.7", "--plan-out", plan.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("cost").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(j.get("mass").asDouble()).isCloseTo(0.7, within(1e-12));
        assertThat(j.get("status").asText()).isEqualTo("optimal");
        assertThat(j.get("iterations").asInt()).isNotNegative();
        assertThat(j.get("duality_gap").asDouble()).isCloseTo(0, within(1e-12));
        assertThat(j.get("dual_infeasibility").asDouble()).isCloseTo(0, within(1e-12));
        assertThat(j.get("marginal_error").asDouble()).isCloseTo(0, within(1e-12));
        NdArray p = Npy.read(plan);
        assertThat(p.shape()).containsExactly(3, 3);
        double total = 0;
        for (int i = 0; i < 3; i++) {
            double row = 0;
            for (int k = 0; k < 3; k++) row += p.data()[3 * i + k];
            assertThat(row).isLessThanOrEqualTo(1.0 / 3 + 1e-12);
            total += row;
        }
        assertThat(total).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void withCostAndUnequalWeights() throws Exception {
        // POT 0.8.2, seed 3 of PartialTransportTest (monge-core): ot.partial.partial_wasserstein2(a, b, M, m=1.418) = 0.8203429999999996
        Path c = write("c.csv", "0.568,1.956,2.584,2.153\n2.934,3.689,4.781,1.421\n3.243,3.481,1.464,0.007\n4.867,1.492,1.57,4.459\n"
                + "2.926,2.357,3.866,0.152\n");
        Path a = write("a.csv", "0.177,0.313,0.821,0.624,0.185\n"), b = write("b.csv", "0.49,0.531,0.244,0.761\n");
        CliRunner r = CliRunner.run("partial", "--cost", c.toString(), "--a", a.toString(), "--b", b.toString(), "--mass", "1.418",
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isCloseTo(0.8203429999999996, within(1e-9));
    }

    @Test
    void theWholeMassOfBalancedWeightsIsTheEmdCost() throws Exception {
        Path x = write("x.csv", "0,0\n1,0\n0,2\n2,2\n"), y = write("y.csv", "1,1\n3,0\n0,0\n");
        CliRunner emd = CliRunner.run("emd", "--x", x.toString(), "--y", y.toString(), "--json");
        CliRunner partial = CliRunner.run("partial", "--x", x.toString(), "--y", y.toString(), "--mass", "1", "--json");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.json().get("cost").asDouble()).isCloseTo(emd.json().get("cost").asDouble(), within(1e-12));
    }

    @Test
    void aMassOutsideTheIntervalIsOneLineNamingMass() throws Exception {
        Path c = write("c.csv", "0,1\n1,0\n"), a = write("a.csv", "0.25,0.5\n");
        for (String m : new String[] {"0", "-1", "0.8", "NaN", "Infinity", "abc"}) {
            CliRunner r = CliRunner.run("partial", "--cost", c.toString(), "--a", a.toString(), "--mass", m);
            assertThat(r.isOneLineUserError()).as("--mass %s: %s", m, r.err()).isTrue();
            assertThat(r.err()).contains("--mass");
        }
        CliRunner above = CliRunner.run("partial", "--cost", c.toString(), "--a", a.toString(), "--mass", "0.8");
        assertThat(above.err()).contains("(0, 0.75]").contains("0.8");
        CliRunner missing = CliRunner.run("partial", "--cost", c.toString());
        assertThat(missing.isOneLineUserError()).as(missing.err()).isTrue();
        assertThat(missing.err()).contains("--mass");
    }

    @Test
    void aMassThatFiniteCostsCannotCarryIsInfeasible() throws Exception {
        double inf = Double.POSITIVE_INFINITY;
        Path c = dir.resolve("c.npy");
        Npy.write(c, new NdArray(new int[] {2, 2}, new double[] {1, inf, inf, inf}));
        CliRunner ok = CliRunner.run("partial", "--cost", c.toString(), "--mass", "0.5", "--json");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.json().get("cost").asDouble()).isCloseTo(0.5, within(1e-15));
        CliRunner blocked = CliRunner.run("partial", "--cost", c.toString(), "--mass", "0.8");
        assertThat(blocked.isOneLineUserError()).as(blocked.err()).isTrue();
        assertThat(blocked.err()).contains("problem is infeasible");
    }

    @Test
    void costsTooLargeForTheHeapAreRefusedBeforeSolving() throws Exception {
        // 40000 points a side on the line: the dense augmented costs take 16 × 40001² bytes, 25.6 GB (the tests run with -Xmx4g)
        double[] v = new double[40_000];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Path x = dir.resolve("x.npy");
        Npy.write(x, NdArray.vector(v));
        CliRunner r = CliRunner.run("partial", "--x", x.toString(), "--y", x.toString(), "--mass", "0.5");
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("--x/--y").contains("augmented").contains("MONGE_JAVA_OPTS=-Xmx");
    }

    @Test
    void otherErrorsNameTheirOption() throws Exception {
        Path c = write("c.csv", "0,1\n1,0\n"), neg = write("neg.csv", "1.5,-0.5\n");
        CliRunner negative = CliRunner.run("partial", "--cost", c.toString(), "--a", neg.toString(), "--mass", "0.5");
        assertThat(negative.isOneLineUserError()).isTrue();
        assertThat(negative.err()).contains("--a").contains("negative");
        CliRunner both = CliRunner.run("partial", "--cost", c.toString(), "--x", c.toString(), "--y", c.toString(), "--mass", "0.5");
        assertThat(both.isOneLineUserError()).isTrue();
        assertThat(both.err()).contains("--cost");
    }
}
