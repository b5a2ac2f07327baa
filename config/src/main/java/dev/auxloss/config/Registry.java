package dev.auxloss.config;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.weighting.WeightingFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a config may name, by key: the maps that modules contribute to with {@code AuxLosses},
 * {@code AuxModels}, {@code AuxDatasets}, {@code AuxWeightings} and {@code AuxMetrics}. Sorted by
 * key, so listings and "known ..." messages are stable.
 *
 * <pre>{@code
 * Registry r = Registry.from(injector);
 * r.losses().keySet(); // [nlp.cross_entropy, ..., vision.aux_classifier, ...]
 * }</pre>
 */
public record Registry(
    Map<String, LossFactory> losses,
    Map<String, ModelFactory> models,
    Map<String, DatasetFactory> datasets,
    Map<String, WeightingFactory> strategies,
    Map<String, MetricFactory> metrics) {
  public Registry {
    losses = sorted(losses);
    models = sorted(models);
    datasets = sorted(datasets);
    strategies = sorted(strategies);
    metrics = sorted(metrics);
  }

  /** The maps bound in {@code injector}; a map nobody declared is empty. */
  public static Registry from(Injector injector) {
    return new Registry(
        map(injector, LossFactory.class),
        map(injector, ModelFactory.class),
        map(injector, DatasetFactory.class),
        map(injector, WeightingFactory.class),
        map(injector, MetricFactory.class));
  }

  @SuppressWarnings("unchecked")
  private static <T> Map<String, T> map(Injector injector, Class<T> type) {
    Key<Map<String, T>> key =
        (Key<Map<String, T>>) Key.get(TypeLiteral.get(Types.mapOf(String.class, type)));
    Binding<Map<String, T>> binding = injector.getExistingBinding(key);
    return binding == null ? Map.of() : binding.getProvider().get();
  }

  private static <T> Map<String, T> sorted(Map<String, T> m) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
