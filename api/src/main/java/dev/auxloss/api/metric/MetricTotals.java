package dev.auxloss.api.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric's statistics summed over an evaluation's batches (in double precision), by the names its
 * {@link AuxMetric#update} gave them. The backend {@link #add}s each batch; tests may too.
 *
 * <pre>{@code
 * MetricTotals t = new MetricTotals();
 * t.add("correct", new float[] {3}); t.add("correct", new float[] {2});
 * t.scalar("correct"); // 5.0
 * }</pre>
 */
public final class MetricTotals {
  private final Map<String, double[]> sums = new LinkedHashMap<>();

  /**
   * Adds one batch's values of {@code stat} (a scalar is one value); the length must not change.
   */
  public void add(String stat, float[] batch) {
    double[] s = sums.computeIfAbsent(stat, k -> new double[batch.length]);
    if (s.length != batch.length) {
      throw new IllegalArgumentException(
          "statistic '"
              + stat
              + "' had "
              + s.length
              + " values, now "
              + batch.length
              + "; a metric's statistic has the same shape in every batch");
    }
    for (int i = 0; i < batch.length; i++) s[i] += batch[i];
  }

  /** The sum of a scalar statistic; 0 when no batch was seen. */
  public double scalar(String stat) {
    double[] s = sums.get(stat);
    if (s == null) return 0;
    if (s.length != 1)
      throw new IllegalArgumentException(
          "statistic '" + stat + "' has " + s.length + " values, not 1");
    return s[0];
  }

  /** The element-wise sums of a statistic; empty when no batch was seen. */
  public double[] vector(String stat) {
    double[] s = sums.get(stat);
    return s == null ? new double[0] : s.clone();
  }
}
