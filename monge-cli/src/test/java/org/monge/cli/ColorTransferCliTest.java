package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code monge figures color-transfer}: one PNG panel of five images, whose mapped images take the target's colours. */
class ColorTransferCliTest {
    @TempDir Path dir;

    @Test
    void writesThePanelAndTheMappedColoursMoveToTheTarget() throws Exception {
        CliRunner r = CliRunner.run("figures", "color-transfer", "--out", dir.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        BufferedImage panel = ImageIO.read(dir.resolve("color_transfer.png").toFile());
        assertThat(panel.getWidth()).isEqualTo(10 + 5 * (ColorTransferFigures.WIDTH + 10));
        JsonNode d = r.json().get("mean_colour_distance");
        double before = d.get("source").asDouble();
        assertThat(before).isGreaterThan(0.3);
        // every map moves the mean colour most of the way to the target's (the linear map matches the sample means exactly,
        // so its distance is the sampling error of 1000 pixels and the clamping to the cube)
        for (String m : new String[] {"entropic map", "exact plan", "linear map"}) {
            assertThat(d.get(m).asDouble()).as(m).isLessThan(0.1 * before);
        }
    }
}
