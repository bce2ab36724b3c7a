package io.fedchain.learning.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Test accuracy per round as a PNG (JFreeChart, headless). */
public final class AccuracyChart {
  private AccuracyChart() {}

  /** One line per entry of {@code series}, in the map's iteration order. */
  public static void write(Path file, String title, Map<String, List<RoundResult>> series) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<RoundResult>> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey());
      for (RoundResult r : e.getValue()) {
        s.add(r.round(), r.testAccuracy());
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(null, "round", "test accuracy", data,
        PlotOrientation.VERTICAL, series.size() > 1, false, false);
    chart.addSubtitle(new org.jfree.chart.title.TextTitle(title, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setRange(0, 1);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
  }
}
