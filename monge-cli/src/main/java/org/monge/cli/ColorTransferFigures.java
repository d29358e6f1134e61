package org.monge.cli;

import org.monge.linalg.Matrix;
import org.monge.maps.EmdTransport;
import org.monge.maps.LinearTransport;
import org.monge.maps.SinkhornTransport;
import org.monge.maps.TransportMap;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Colour transfer between two generated images (Ferradans et al. 2014; POT's "colour adaptation" example): the
 * pixels of each image are points of the RGB cube, a map is fitted between 1000 pixels sampled from each, and
 * every pixel of the source is sent through it. Three maps side by side: the entropic map of the Sinkhorn
 * potentials (smooth on new pixels), the exact plan's barycentric projection with POT's nearest-neighbour rule,
 * and the linear (Gaussian) map. The images are made here: a warm diagonal gradient with blobs, and a cool one
 * with stripes and other blobs, so the figure needs no input file.
 */
final class ColorTransferFigures {
    static final int WIDTH = 160, HEIGHT = 120, SAMPLES = 1000;
    static final double EPSILON = 0.01;
    static final long SEED = 7;

    private ColorTransferFigures() {}

    /** What was written and how close each mapped image's mean colour came to the target's. */
    record Written(List<Path> files, Map<String, Double> meanColourDistance) {}

    static Written write(Path out) throws IOException {
        Files.createDirectories(out);
        Matrix source = pixels(sourceImage()), target = pixels(targetImage());
        Matrix xs = sample(source, SAMPLES, SEED), xt = sample(target, SAMPLES, SEED + 1);
        SinkhornTransport.Result sinkhorn = SinkhornTransport.withEpsilon(EPSILON).withMaxIterations(100_000).fit(xs, xt);
        if (!sinkhorn.converged()) throw new IllegalStateException("Sinkhorn did not converge on the colour samples");
        Map<String, TransportMap> maps = new LinkedHashMap<>();
        maps.put("entropic map", sinkhorn.entropicMap());
        maps.put("exact plan", EmdTransport.defaults().fit(xs, xt).map());
        maps.put("linear map", LinearTransport.defaults().fit(xs, xt).map());

        List<BufferedImage> panels = new ArrayList<>(List.of(image(source), image(target)));
        List<String> titles = new ArrayList<>(List.of("source", "target"));
        Map<String, Double> distance = new LinkedHashMap<>();
        double[] targetMean = mean(target);
        distance.put("source", dist(mean(source), targetMean));
        for (Map.Entry<String, TransportMap> e : maps.entrySet()) {
            Matrix mapped = clamp(e.getValue().apply(source));
            panels.add(image(mapped));
            titles.add(e.getKey());
            distance.put(e.getKey(), dist(mean(mapped), targetMean));
        }
        BufferedImage panel = panel(panels, titles);
        Path file = out.resolve("color_transfer.png");
        Outputs.write(file, "--out", tmp -> {
            if (!ImageIO.write(panel, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
        });
        return new Written(List.of(file), distance);
    }

    /** A warm image: an orange-to-crimson diagonal gradient, a yellow sun and a dark-red blob. */
    static BufferedImage sourceImage() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double t = (x + y) / (double) (WIDTH + HEIGHT - 2);
                double r = 0.95 - 0.25 * t, g = 0.55 - 0.45 * t, b = 0.15 + 0.1 * t;
                double sun = blob(x, y, 45, 35, 18);
                double dark = blob(x, y, 120, 85, 25);
                r = mix(r, 1.0, sun) * (1 - 0.5 * dark);
                g = mix(g, 0.9, sun) * (1 - 0.7 * dark);
                b = mix(b, 0.3, sun) * (1 - 0.3 * dark);
                img.setRGB(x, y, rgb(r, g, b));
            }
        }
        return img;
    }

    /** A cool image: horizontal teal-to-navy stripes, a pale cyan blob and a green one. */
    static BufferedImage targetImage() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double t = y / (double) (HEIGHT - 1);
                double stripe = 0.5 + 0.5 * Math.sin(x / 9.0);
                double r = 0.05 + 0.1 * stripe, g = 0.45 - 0.3 * t + 0.1 * stripe, b = 0.55 + 0.3 * t;
                double pale = blob(x, y, 110, 30, 22);
                double green = blob(x, y, 35, 90, 20);
                r = mix(mix(r, 0.75, pale), 0.2, green);
                g = mix(mix(g, 0.95, pale), 0.7, green);
                b = mix(mix(b, 1.0, pale), 0.3, green);
                img.setRGB(x, y, rgb(r, g, b));
            }
        }
        return img;
    }

    private static double blob(int x, int y, double cx, double cy, double radius) {
        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (radius * radius);
        return Math.exp(-d2);
    }

    private static double mix(double a, double b, double t) { return a + (b - a) * t; }

    private static int rgb(double r, double g, double b) {
        return new Color(channel(r), channel(g), channel(b)).getRGB();
    }

    private static int channel(double v) { return (int) Math.round(255 * Math.max(0, Math.min(1, v))); }

    /** The pixels of an image as rows (r, g, b) in [0, 1], row by row. */
    static Matrix pixels(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        double[] v = new double[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color c = new Color(img.getRGB(x, y));
                int o = 3 * (y * w + x);
                v[o] = c.getRed() / 255.0;
                v[o + 1] = c.getGreen() / 255.0;
                v[o + 2] = c.getBlue() / 255.0;
            }
        }
        return Matrix.fromRowMajor(w * h, 3, v);
    }

    static BufferedImage image(Matrix pixels) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int i = y * WIDTH + x;
                img.setRGB(x, y, rgb(pixels.get(i, 0), pixels.get(i, 1), pixels.get(i, 2)));
            }
        }
        return img;
    }

    private static Matrix sample(Matrix pixels, int n, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n * 3];
        for (int i = 0; i < n; i++) {
            int p = rnd.nextInt(pixels.rows());
            for (int k = 0; k < 3; k++) v[3 * i + k] = pixels.get(p, k);
        }
        return Matrix.fromRowMajor(n, 3, v);
    }

    private static Matrix clamp(Matrix m) {
        double[] v = m.toRowMajor();
        for (int i = 0; i < v.length; i++) v[i] = Math.max(0, Math.min(1, v[i]));
        return Matrix.fromRowMajor(m.rows(), m.cols(), v);
    }

    static double[] mean(Matrix m) {
        double[] s = new double[m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int k = 0; k < m.cols(); k++) s[k] += m.get(i, k) / m.rows();
        return s;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        return Math.sqrt(s);
    }

    /** The images in a row, each with its title above, on white. */
    private static BufferedImage panel(List<BufferedImage> images, List<String> titles) {
        int pad = 10, top = 24;
        int w = pad + images.size() * (WIDTH + pad), h = top + HEIGHT + pad;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < images.size(); i++) {
            int x = pad + i * (WIDTH + pad);
            g.drawImage(images.get(i), x, top, null);
            g.drawString(titles.get(i), x, top - 8);
        }
        g.dispose();
        return out;
    }
}
