package org.monge.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a library error is tagged with the option it came from: "OPTION: problem". */
class OptionsTest {
    private static <T> T fail(String message) {
        throw new IllegalArgumentException(message);
    }

    @Test
    void tagsTheMessageAndDropsARepeatedParameterName() {
        assertThat(Options.tag("--cost", () -> 7)).isEqualTo(7);
        assertThatThrownBy(() -> Options.tag("--cost", () -> fail("has a NaN entry"))).hasMessage("--cost: has a NaN entry");
        assertThatThrownBy(() -> Options.tag("--metric", () -> fail("metric: unknown metric 'x'")))
                .hasMessage("--metric: unknown metric 'x'");
        assertThatThrownBy(() -> Options.tag("--x/--y", () -> fail("x: no coordinates"))).hasMessage("--x/--y: x: no coordinates");
    }

    @Test
    void leavesAMessageThatAlreadyNamesTheOption() {
        IllegalArgumentException e = new IllegalArgumentException("--cov0 is not symmetric");
        assertThatThrownBy(() -> Options.tag("--cov0", () -> { throw e; })).isSameAs(e);
    }

    @Test
    void picksTheLongestParameterNameThatEndsAtAWordBoundary() {
        Map<String, String> options = Map.of("u", "--u", "u weights", "--u-weights", "p", "--p");
        assertThatThrownBy(() -> Options.tag(options, "--other", () -> fail("u weights: negative entry")))
                .hasMessage("--u-weights: negative entry");
        assertThatThrownBy(() -> Options.tag(options, "--other", () -> fail("u[2] is not finite"))).hasMessage("--u: u[2] is not finite");
        assertThatThrownBy(() -> Options.tag(options, "--other", () -> fail("points differ"))).hasMessage("--other: points differ");
        assertThatThrownBy(() -> Options.tagVoid(options, "--other", () -> fail("p must be at least 1")))
                .hasMessage("--p: p must be at least 1");
    }

    @Test
    void checkedExceptionsPassUntouched() {
        IOException io = new IOException("disk");
        assertThatThrownBy(() -> Options.tagVoid("--x", () -> { throw io; })).isSameAs(io);
    }
}
