package dev.auxloss.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * {@code sweep.png}: the validation metric per setting, mean with a ± std error bar over its seeds
 * (0 with one seed); settings without a finished trial are left out.
 */
public final class SweepChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 500;

  private SweepChart() {}

  /** Writes the PNG; false (nothing written) when no trial finished. */
  public static boolean write(Path png, SweepResults r) throws IOException {
    if (System.getProperty("java.awt.headless") == null)
      System.setProperty("java.awt.headless", "true");
    Map<String, Stats.Summary> summaries = r.summaries();
    if (summaries.isEmpty()) return false;
    List<String> labels = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    for (Setting s : r.settings()) {
      Stats.Summary sum = summaries.get(s.id());
      if (sum == null) continue;
      // The values only (the paths are in sweep.csv): full labels would not fit under the bars.
      labels.add(
          s.id()
              + (s.equals(r.baseline()) ? "*" : "")
              + ": "
              + String.join(", ", s.values().values()));
      means.add(sum.mean());
      stds.add(Double.isNaN(sum.std()) ? 0.0 : sum.std());
    }
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                "validation "
                    + r.metric().name()
                    + " per setting (mean ± std over seeds; * baseline)")
            .xAxisTitle(String.join(", ", r.settings().get(0).values().keySet()))
            .yAxisTitle(r.metric().name())
            .build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setYAxisDecimalPattern("#0.####");
    c.addSeries("validation " + r.metric().name(), labels, means, stds);
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }
}
