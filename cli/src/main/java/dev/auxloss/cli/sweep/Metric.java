package dev.auxloss.cli.sweep;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation metric a sweep ranks by: one that {@code evaluate} prints ({@code accuracy},
 * {@code macro_f1}, {@code loss/<primary term>}). Higher is better, unless the name contains {@code
 * loss}. By default: {@code macro_f1} for taggers (their accuracy hides the rare tags), else {@code
 * accuracy}, else the first primary loss.
 */
public record Metric(String name, boolean lowerIsBetter) {
  public static final String ACCURACY = "accuracy";
  public static final String MACRO_F1 = "macro_f1";

  public static Metric named(String name) {
    return new Metric(name, name.toLowerCase(Locale.ROOT).contains("loss"));
  }

  /** The default for a run that recorded {@code metrics}, or null when it recorded none. */
  public static Metric defaultFor(Map<String, Double> metrics) {
    for (String n : List.of(MACRO_F1, ACCURACY)) if (metrics.containsKey(n)) return named(n);
    return metrics.keySet().stream()
        .filter(k -> k.startsWith("loss/"))
        .findFirst()
        .map(Metric::named)
        .orElse(null);
  }

  /** True when {@code a} is better than {@code b}. */
  public boolean better(double a, double b) {
    return lowerIsBetter ? a < b : a > b;
  }
}
