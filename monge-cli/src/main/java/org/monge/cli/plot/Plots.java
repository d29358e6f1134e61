package org.monge.cli.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that touches the plotting library (XChart): line charts saved as PNG and SVG.
 * Build a {@link LineChart}, add series, save.
 */
public final class Plots {
    private Plots() {}

    public static LineChart lineChart(String title, String xLabel, String yLabel) {
        return new LineChart(title, xLabel, yLabel);
    }

    /** A 2-D line chart with a legend. */
    public static final class LineChart {
        private final XYChart chart;
        private final List<String> names = new ArrayList<>();

        private LineChart(String title, String xLabel, String yLabel) {
            chart = new XYChartBuilder().width(900).height(640).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            chart.getStyler().setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 16));
            chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18));
            chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 14));
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

        /** A dashed line, optionally in palette colour {@code index} of {@code count} (count 0: default colour). */
        public LineChart dashedLine(String name, double[] x, double[] y, int index, int count) {
            requireNew(name);
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            if (count > 0) s.setLineColor(paletteColor(index, count));
            s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
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

        private static java.awt.Color paletteColor(int index, int count) {
            float t = count <= 1 ? 0 : (float) index / (count - 1);
            return java.awt.Color.getHSBColor(0.66f - 0.66f * t, 0.85f, 0.85f - 0.25f * t);
        }

        public LineChart logY() {
            chart.getStyler().setYAxisLogarithmic(true);
            return this;
        }

        /** Writes {@code base}.png and {@code base}.svg; returns the PNG path. */
        public Path save(Path dir, String base) throws IOException {
            Files.createDirectories(dir);
            Path png = dir.resolve(base + ".png");
            BitmapEncoder.saveBitmapWithDPI(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(base + ".svg").toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return png;
        }

        private void requireNew(String name) {
            if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' already in the chart");
            names.add(name);
        }
    }
}
