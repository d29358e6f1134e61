package org.monge.cli.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import org.monge.cli.Outputs;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that touches the plotting library (XChart): line charts saved as PNG and SVG, or one
 * file in the format its name asks for (PNG, JPEG or SVG).
 * Build a {@link LineChart}, add series, save.
 */
public final class Plots {
    /** The image formats a file name may ask for. */
    public static final List<String> FORMATS = List.of(".png", ".jpg", ".jpeg", ".svg");

    private Plots() {}

    public static LineChart lineChart(String title, String xLabel, String yLabel) {
        return new LineChart(title, xLabel, yLabel, 900, 640);
    }

    /** A line chart of the given pixel size (e.g. near-square for plots in the plane). */
    public static LineChart lineChart(String title, String xLabel, String yLabel, int width, int height) {
        return new LineChart(title, xLabel, yLabel, width, height);
    }

    /**
     * Writes the charts side by side in a grid of {@code columns} columns as one PNG, {@code dir}/{@code base}.png
     * (replaced atomically, see {@link Outputs}); returns its path. For panels of snapshots.
     */
    public static Path panel(List<LineChart> charts, int columns, Path dir, String base) throws IOException {
        if (charts.isEmpty()) throw new IllegalArgumentException("a panel needs at least one chart");
        List<BufferedImage> images = new ArrayList<>();
        for (LineChart c : charts) images.add(BitmapEncoder.getBufferedImage(c.chart));
        int w = images.get(0).getWidth(), h = images.get(0).getHeight(), rows = (images.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(w * Math.min(columns, images.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int k = 0; k < images.size(); k++) g.drawImage(images.get(k), (k % columns) * w, (k / columns) * h, Color.WHITE, null);
        g.dispose();
        Files.createDirectories(dir);
        Path file = dir.resolve(base + ".png");
        Outputs.write(file, "--out", tmp -> {
            if (!ImageIO.write(grid, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
        });
        return file;
    }

    /** A 2-D line chart with a legend. */
    public static final class LineChart {
        private final XYChart chart;
        private final List<String> names = new ArrayList<>();

        private LineChart(String title, String xLabel, String yLabel, int width, int height) {
            chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        }

        /** A line through the points (x_i, y_i). Names must be unique within a chart. */
        public LineChart line(String name, double[] x, double[] y) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            return this;
        }

        /** A line in colour {@code index} of {@code count} colours spread over a sequential palette (for curves over time). */
        public LineChart line(String name, double[] x, double[] y, int index, int count) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(paletteColor(index, count));
            return this;
        }

        /**
         * A dashed line in palette colour {@code index} of {@code count} (a reference curve paired with
         * {@link #line(String, double[], double[], int, int)}).
         */
        public LineChart dashedLine(String name, double[] x, double[] y, int index, int count) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setLineColor(paletteColor(index, count));
            return this;
        }

        /** Points without a line. */
        public LineChart scatter(String name, double[] x, double[] y) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            return this;
        }

        /** A line that does not appear in the legend (for families of curves). */
        public LineChart unlabeledLine(double[] x, double[] y) {
            String name = "_" + names.size();
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            return this;
        }

        private static Color paletteColor(int index, int count) {
            float t = count <= 1 ? 0 : (float) index / (count - 1);
            return Color.getHSBColor(0.66f - 0.66f * t, 0.85f, 0.85f - 0.25f * t);
        }

        /** A dashed line (for reference curves such as limits). */
        public LineChart dashedLine(String name, double[] x, double[] y) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setLineColor(Color.GRAY);
            return this;
        }

        /** Fixes the axis ranges. */
        public LineChart range(double xMin, double xMax, double yMin, double yMax) {
            chart.getStyler().setXAxisMin(xMin);
            chart.getStyler().setXAxisMax(xMax);
            chart.getStyler().setYAxisMin(yMin);
            chart.getStyler().setYAxisMax(yMax);
            return this;
        }

        /** Fixes the x-axis range only. */
        public LineChart xRange(double xMin, double xMax) {
            chart.getStyler().setXAxisMin(xMin);
            chart.getStyler().setXAxisMax(xMax);
            return this;
        }

        public LineChart logX() {
            chart.getStyler().setXAxisLogarithmic(true);
            return this;
        }

        public LineChart logY() {
            chart.getStyler().setYAxisLogarithmic(true);
            return this;
        }

        /**
         * Writes {@code base}.png and {@code base}.svg and returns the PNG path; a base that already ends
         * in .png, .jpg, .jpeg or .svg names the one file to write, in that format. Each file is replaced
         * atomically (see {@link Outputs}).
         */
        public Path save(Path dir, String base) throws IOException {
            Files.createDirectories(dir);
            String ext = base.contains(".") ? base.substring(base.lastIndexOf('.')).toLowerCase(Locale.ROOT) : "";
            if (FORMATS.contains(ext)) {
                Path file = dir.resolve(base);
                saveAs(file, ext);
                return file;
            }
            Path png = dir.resolve(base + ".png");
            saveAs(png, ".png");
            saveAs(dir.resolve(base + ".svg"), ".svg");
            return png;
        }

        private void saveAs(Path file, String ext) throws IOException {
            Outputs.write(file, "--plot", tmp -> {
                switch (ext) {
                    // the temporary file ends in .png, so XChart adds no extension of its own
                    case ".png" -> BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
                    case ".svg" -> {
                        try (OutputStream out = Files.newOutputStream(tmp)) {
                            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                        }
                    }
                    default -> { // JPEG has no alpha channel: draw on an opaque image
                        BufferedImage argb = BitmapEncoder.getBufferedImage(chart);
                        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
                        Graphics2D g = rgb.createGraphics();
                        g.drawImage(argb, 0, 0, Color.WHITE, null);
                        g.dispose();
                        if (!ImageIO.write(rgb, "jpg", tmp.toFile())) throw new IOException("no JPEG writer in this Java runtime");
                    }
                }
            });
        }

        private void requireNew(String name) {
            if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' already in the chart");
            names.add(name);
        }
    }
}
