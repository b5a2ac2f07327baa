package dev.auxloss.bench.learning;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.config.MetricPlan;
import dev.auxloss.tf.TfBackendModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registered losses, models, datasets and weighting strategies, looked up by key exactly as a
 * config would: {@link TfBackendModule} plus every {@link AuxlossPlugin} on the class path ({@link
 * ServiceLoader}). Datasets are created once per (key, params) and shared by every run — they are
 * read-only, and Fashion-MNIST takes seconds to decode.
 */
public final class Catalog {
  private final Map<String, LossFactory> losses;
  private final Map<String, ModelFactory> models;
  private final Map<String, DatasetFactory> datasets;
  private final Map<String, WeightingFactory> weightings;
  private final Map<String, Dataset> datasetCache = new HashMap<>();

  public Catalog() {
    Injector inj = injector();
    losses = registry(inj, LossFactory.class);
    models = registry(inj, ModelFactory.class);
    datasets = registry(inj, DatasetFactory.class);
    weightings = registry(inj, WeightingFactory.class);
  }

  public boolean hasModel(String key) {
    return models.containsKey(key);
  }

  public AuxLoss loss(String key, Params p) {
    return find(losses, key, "loss").create(p);
  }

  public double defaultWeight(String key) {
    return find(losses, key, "loss").descriptor().defaultWeight();
  }

  public ModelFn model(String key, Params p) {
    return find(models, key, "model").create(p);
  }

  public synchronized Dataset dataset(String key, Params p) {
    return datasetCache.computeIfAbsent(
        key + " " + new TreeMap<>(p.values()), k -> find(datasets, key, "dataset").create(p));
  }

  public WeightingStrategy weighting(String key) {
    return find(weightings, key, "weighting strategy").create(Params.empty());
  }

  /**
   * The model's default evaluation metrics with their default parameters ({@code accuracy} for a
   * classifier): what a config naming no metric gets, and what every run's curve reads.
   */
  static List<MetricPlan> defaultMetrics(ModelFn model) {
    return model.defaultMetrics().stream()
        .map(
            key -> {
              AuxMetric m = find(Metrics.ALL, key, "metric").create(Params.empty());
              return new MetricPlan(m.name(), key, m, true);
            })
        .toList();
  }

  /** Built on first use: {@link Setting#plan} has no catalog at hand. */
  private static final class Metrics {
    static final Map<String, MetricFactory> ALL = registry(injector(), MetricFactory.class);
  }

  private static Injector injector() {
    List<Module> modules = new ArrayList<>();
    modules.add(new TfBackendModule());
    ServiceLoader.load(AuxlossPlugin.class).forEach(modules::add);
    return Guice.createInjector(modules);
  }

  private static <T> T find(Map<String, T> registry, String key, String what) {
    T t = registry.get(key);
    if (t == null) {
      throw new IllegalStateException(
          "no "
              + what
              + " '"
              + key
              + "' is registered; registered: "
              + new TreeSet<>(registry.keySet())
              + " (is its module on the class path?)");
    }
    return t;
  }

  private static <T> Map<String, T> registry(Injector inj, Class<T> type) {
    @SuppressWarnings("unchecked")
    Key<Map<String, T>> key =
        (Key<Map<String, T>>) Key.get(TypeLiteral.get(Types.mapOf(String.class, type)));
    return inj.getInstance(key);
  }
}
