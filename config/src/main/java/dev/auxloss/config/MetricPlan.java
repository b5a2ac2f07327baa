package dev.auxloss.config;

import dev.auxloss.api.metric.AuxMetric;
import java.util.Objects;

/**
 * One resolved evaluation metric.
 *
 * @param name the unique name it is reported under
 * @param key the registered metric key
 * @param metric the configured metric
 * @param byDefault true when the model's defaults chose it (the experiment named no metric): left
 *     out of the report when it does not fit the data, where a named metric that does not fit is an
 *     error
 */
public record MetricPlan(String name, String key, AuxMetric metric, boolean byDefault) {
  public MetricPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
  }

  /** A metric named in code, reported under its own name. */
  public static MetricPlan of(String key, AuxMetric metric) {
    return new MetricPlan(metric.name(), key, metric, false);
  }
}
