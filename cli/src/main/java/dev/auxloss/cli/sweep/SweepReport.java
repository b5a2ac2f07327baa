package dev.auxloss.cli.sweep;

import dev.auxloss.cli.run.AtomicFiles;
import dev.auxloss.cli.run.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code sweep.csv} (one row per trial), {@code sweep.json} (per setting: mean, std, n and
 * the paired difference to the baseline; the best setting by validation and its test metric) and
 * {@code sweep.png} ({@link SweepChart}). docs/sweep.md shows each.
 */
public final class SweepReport {
  private SweepReport() {}

  /**
   * @param status trial id → {@code done} or {@code failed} ({@code not run} when absent)
   * @param test trial id → test metric, for the best setting's finished trials
   */
  public static void write(
      Path dir, SweepResults r, Map<String, String> status, Map<String, Double> test)
      throws IOException {
    AtomicFiles.writeString(dir.resolve("sweep.csv"), csv(r, status, test));
    AtomicFiles.writeString(dir.resolve("sweep.json"), Json.write(json(r, status, test)));
    SweepChart.write(dir.resolve("sweep.png"), r);
  }

  static String csv(SweepResults r, Map<String, String> status, Map<String, Double> test) {
    List<String> paths = List.copyOf(r.settings().get(0).values().keySet());
    StringBuilder sb = new StringBuilder("trial,setting");
    for (String p : paths) sb.append(',').append(cell(p));
    sb.append(",seed,metric,validation,test,status\n");
    for (Setting s : r.settings()) {
      for (long seed : r.seeds()) {
        String id = s.trial(seed);
        sb.append(id).append(',').append(s.id());
        for (String p : paths) sb.append(',').append(cell(s.values().get(p)));
        sb.append(',')
            .append(seed)
            .append(',')
            .append(cell(r.metric().name()))
            .append(',')
            .append(number(r.validation().get(id)))
            .append(',')
            .append(number(test.get(id)))
            .append(',')
            .append(status.getOrDefault(id, "not run"))
            .append('\n');
      }
    }
    return sb.toString();
  }

  static Map<String, Object> json(
      SweepResults r, Map<String, String> status, Map<String, Double> test) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("metric", r.metric().name());
    root.put("higher_is_better", !r.metric().lowerIsBetter());
    root.put("seeds", r.seeds());
    root.put("baseline", r.baseline().id());
    root.put("trials", r.settings().size() * r.seeds().size());
    root.put("finished", status.values().stream().filter("done"::equals).count());
    Map<String, Stats.Summary> summaries = r.summaries();
    List<Object> settings = new ArrayList<>();
    for (Setting s : r.settings()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("values", s.values());
      m.put("validation", summary(summaries.get(s.id())));
      if (!s.equals(r.baseline())) {
        List<Double> d = r.differences(s);
        Map<String, Object> diff = new LinkedHashMap<>();
        if (!d.isEmpty()) {
          Stats.Paired p = Stats.paired(d);
          diff.put("mean", p.mean());
          diff.put("ci95", List.of(p.low(), p.high()));
        }
        diff.put("n", d.size());
        m.put("vs_baseline", diff);
      }
      settings.add(m);
    }
    root.put("settings", settings);
    Setting best = r.best();
    if (best != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", best.id());
      b.put("values", best.values());
      b.put("validation", summary(summaries.get(best.id())));
      List<Double> tests = new ArrayList<>();
      Map<String, Object> perSeed = new LinkedHashMap<>();
      for (long seed : r.seeds()) {
        Double v = test.get(best.trial(seed));
        if (v != null) {
          tests.add(v);
          perSeed.put(String.valueOf(seed), v);
        }
      }
      b.put("test", tests.isEmpty() ? null : summary(Stats.summary(tests)));
      b.put("test_per_seed", perSeed);
      root.put("best", b);
    } else {
      root.put("best", null);
    }
    return root;
  }

  private static Map<String, Object> summary(Stats.Summary s) {
    if (s == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s.mean());
    m.put("std", s.std());
    m.put("n", s.n());
    return m;
  }

  private static String number(Double v) {
    return v == null ? "" : String.valueOf(v);
  }

  /** A CSV cell, quoted when it holds a comma or a quote. */
  private static String cell(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
