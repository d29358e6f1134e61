package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {
    @Test
    void demoRunsEverySectionAndWritesItsOutputs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliRunner r = CliRunner.run("demo", "--out", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (DemoCommand.DemoSection s : DemoCommand.sections()) assertThat(r.json().has(s.name())).as(s.name()).isTrue();
        assertThat(r.json().get("gaussian").get("w2_squared").asDouble()).isBetween(5.4505863931, 5.4505863932);
        assertThat(Files.size(out.resolve("mccann_interpolation.png"))).isPositive();
        assertThat(Files.size(out.resolve("mccann_interpolation.svg"))).isPositive();
        assertThat(Files.exists(out.resolve("features_a_stats.npz"))).isTrue();
    }
}
