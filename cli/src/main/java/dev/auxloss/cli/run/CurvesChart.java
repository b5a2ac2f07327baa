package dev.auxloss.cli.run;

import dev.auxloss.tf.graph.TelemetryKeys;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: two stacked XChart line charts over the global step: on top, each term's raw
 * loss and the weighted total; below, each term's effective weight (schedule × strategy), which
 * shows a DSN decay, a warm-up or an adaptive strategy at work.
 */
public final class CurvesChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 420;

  private CurvesChart() {}

  /** Writes the PNG; returns false (and writes nothing) when there is nothing to draw. */
  public static boolean write(Path png, String title, Map<String, List<double[]>> curves)
      throws IOException {
    if (System.getProperty("java.awt.headless") == null)
      System.setProperty("java.awt.headless", "true");
    XYChart losses = chart(title + ": loss per term", "loss");
    XYChart weights = chart(title + ": effective weight per term", "weight");
    weights
        .getStyler()
        .setYAxisMin(0.0); // weights are >= 0; from 0, a constant 0.3 does not fill the axis
    curves.forEach(
        (key, points) -> {
          if (points.isEmpty()) return;
          if (key.equals(TelemetryKeys.TOTAL_LOSS)) add(losses, "total (weighted)", points);
          TelemetryKeys.termOf(key, TelemetryKeys.RAW).ifPresent(term -> add(losses, term, points));
          TelemetryKeys.termOf(key, TelemetryKeys.WEIGHT)
              .ifPresent(term -> add(weights, term, points));
        });
    if (losses.getSeriesMap().isEmpty()) return false;
    BufferedImage top = BitmapEncoder.getBufferedImage(losses);
    BufferedImage bottom =
        weights.getSeriesMap().isEmpty() ? null : BitmapEncoder.getBufferedImage(weights);
    BufferedImage out =
        new BufferedImage(WIDTH, bottom == null ? HEIGHT : 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(top, 0, 0, null);
      if (bottom != null) g.drawImage(bottom, 0, HEIGHT, null);
    } finally {
      g.dispose();
    }
    ImageIO.write(out, "png", png.toFile());
    return true;
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("step")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setMarkerSize(0);
    c.getStyler().setYAxisDecimalPattern("#0.####");
    c.getStyler().setXAxisDecimalPattern("#0");
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(14f));
    return c;
  }

  private static void add(XYChart chart, String name, List<double[]> points) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = Double.isFinite(points.get(i)[1]) ? points.get(i)[1] : Double.NaN;
    }
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
  }
}
