package dev.auxloss.config;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the {@code training.metric} blocks into {@link MetricPlan}s: the key must be registered
 * (else "did you mean"), the params fit the metric's declared ones, and the reported name (default:
 * the metric's own) must be unique and usable as a TensorFlow scope. When the experiment names no
 * metric, the model's {@link ModelFn#defaultMetrics()} are used with their default parameters.
 */
final class MetricResolver {
  /** Reported beside the metrics by every evaluation: the number of examples scored. */
  static final String EXAMPLES = "examples";

  private MetricResolver() {}

  /**
   * The metrics (empty when any block has errors); {@code model} is null when it failed to resolve.
   */
  static List<MetricPlan> resolve(
      Experiment e, ModelFn model, Map<String, MetricFactory> metrics, ErrorCollector errors) {
    List<Metric> named = e.getTraining().getMetricList();
    if (named.isEmpty())
      return model == null ? List.of() : defaults(e.getModel().getName(), model, metrics, errors);
    int before = errors.size();
    List<MetricPlan> out = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < named.size(); i++) {
      Metric m = named.get(i);
      String field = "training.metric[" + i + "]";
      MetricFactory factory = null;
      if (m.getKey().isEmpty()) {
        errors.add(field + ".key", NearestName.required("metric", metrics.keySet()));
      } else if ((factory = metrics.get(m.getKey())) == null) {
        errors.add(field + ".key", NearestName.unknown("metric", m.getKey(), metrics.keySet()));
      }
      AuxMetric metric =
          factory == null
              ? null
              : ParamsReader.create(
                  factory::create,
                  factory.descriptor().params(),
                  ParamsReader.read(m.getParamList(), field, errors),
                  m.getParamList(),
                  field,
                  "metric '" + m.getKey() + "'",
                  errors);
      if (metric == null) continue;
      String name = m.getName().isEmpty() ? metric.name() : m.getName();
      boolean usable =
          errors.check(
              TermResolver.TERM_NAME.matcher(name).matches() && !name.equals(EXAMPLES),
              field + ".name",
              "must be letters, digits, '.', '_' or '-' and not '" + EXAMPLES + "'",
              "'" + name + "'");
      Integer first = names.putIfAbsent(name, i);
      if (first != null) {
        errors.add(
            field + ".name",
            "duplicate metric name '"
                + name
                + "' (also training.metric["
                + first
                + "]); give one of them a name");
      } else if (usable) {
        out.add(new MetricPlan(name, m.getKey(), metric, false));
      }
    }
    return errors.size() == before ? out : List.of();
  }

  /**
   * The model's defaults, made with their default parameters; a default the registry lacks is a
   * plugin bug.
   */
  private static List<MetricPlan> defaults(
      String modelName, ModelFn model, Map<String, MetricFactory> metrics, ErrorCollector errors) {
    List<MetricPlan> out = new ArrayList<>();
    for (String key : model.defaultMetrics()) {
      MetricFactory factory = metrics.get(key);
      if (factory == null) {
        errors.add(
            "model.name",
            "model '"
                + modelName
                + "' reports metric '"
                + key
                + "' by default, but no module "
                + "contributes it (a plugin bug); known metrics: "
                + metrics.keySet());
        continue;
      }
      AuxMetric metric =
          ParamsReader.create(
              factory::create,
              factory.descriptor().params(),
              ParamsReader.read(List.of(), "model", errors),
              List.of(),
              "model",
              "metric '" + key + "'",
              errors);
      if (metric != null) out.add(new MetricPlan(metric.name(), key, metric, true));
    }
    return out;
  }
}
