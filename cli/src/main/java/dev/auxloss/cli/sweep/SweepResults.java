package dev.auxloss.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a sweep: each setting's validation metric over its finished seeds, its paired
 * difference to the baseline ({@link Stats#paired}) and the best setting by validation mean.
 *
 * @param validation trial id → validation metric, for the finished trials
 */
public record SweepResults(
    List<Setting> settings,
    List<Long> seeds,
    Setting baseline,
    Metric metric,
    Map<String, Double> validation) {

  /** The finished seeds' metrics of {@code s}, in seed order. */
  public List<Double> values(Setting s) {
    List<Double> out = new ArrayList<>();
    for (long seed : seeds) {
      Double v = validation.get(s.trial(seed));
      if (v != null) out.add(v);
    }
    return out;
  }

  /** Per seed both finished: metric(s) − metric(baseline). */
  public List<Double> differences(Setting s) {
    List<Double> out = new ArrayList<>();
    for (long seed : seeds) {
      Double a = validation.get(s.trial(seed));
      Double b = validation.get(baseline.trial(seed));
      if (a != null && b != null) out.add(a - b);
    }
    return out;
  }

  /** Setting id → its summary, for the settings with at least one finished trial. */
  public Map<String, Stats.Summary> summaries() {
    Map<String, Stats.Summary> out = new LinkedHashMap<>();
    for (Setting s : settings) {
      List<Double> v = values(s);
      if (!v.isEmpty()) out.put(s.id(), Stats.summary(v));
    }
    return out;
  }

  /**
   * The setting with the best validation mean (the first of equals); null when no trial finished
   * with a number.
   */
  public Setting best() {
    Setting best = null;
    double bestMean = Double.NaN;
    for (Setting s : settings) {
      List<Double> v = values(s);
      if (v.isEmpty()) continue;
      double mean = Stats.summary(v).mean();
      if (Double.isNaN(mean)) continue; // a diverged seed: never the best
      if (best == null || metric.better(mean, bestMean)) {
        best = s;
        bestMean = mean;
      }
    }
    return best;
  }
}
