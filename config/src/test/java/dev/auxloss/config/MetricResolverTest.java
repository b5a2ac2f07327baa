package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.util.Modules;
import dev.auxloss.api.guice.AuxMetrics;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricContext;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.metric.MetricTotals;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * training.metric blocks: registered keys, checked params, unique names; the model's defaults when
 * none is named.
 */
class MetricResolverTest {
  /** A metric that only carries its name: resolution never builds ops. */
  record Named(String name) implements AuxMetric {
    @Override
    public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
      throw new UnsupportedOperationException("never built here");
    }

    @Override
    public OptionalDouble result(MetricTotals totals) {
      return OptionalDouble.empty();
    }
  }

  static final Param<Integer> K = Param.integer("k", 5, "top classes").atLeast(1);

  /**
   * test.accuracy, test.top_k (k >= 1) and test-classifier, a model reporting test.accuracy by
   * default.
   */
  static final class Metrics extends AbstractModule {
    @Override
    protected void configure() {
      AuxMetrics.contribute(
          binder(),
          MetricFactory.of(
              Descriptor.builder("test.accuracy").build(), p -> new Named("accuracy")));
      AuxMetrics.contribute(
          binder(),
          MetricFactory.of(
              Descriptor.builder("test.top_k").params(K).build(),
              p -> new Named("top" + p.get(K) + "_accuracy")));
      AuxModels.contribute(
          binder(),
          new ModelFactory() {
            @Override
            public Descriptor descriptor() {
              return Descriptor.builder("test-classifier").build();
            }

            @Override
            public ModelFn create(dev.auxloss.api.params.Params params) {
              return new ModelFn() {
                @Override
                public void build(ModelContext ctx) {}

                @Override
                public List<String> defaultMetrics() {
                  return List.of("test.accuracy");
                }
              };
            }
          });
    }
  }

  private static ResolvedExperiment resolve(String text) {
    Registry r =
        Registry.from(Guice.createInjector(Modules.combine(new TestPlugins(), new Metrics())));
    return ExperimentResolver.resolve(ExperimentLoader.parse(text, "x.pbtxt"), r);
  }

  private static List<String> errors(String text) {
    return catchThrowableOfType(ConfigException.class, () -> resolve(text)).errors().stream()
        .map(ConfigError::toString)
        .toList();
  }

  private static String with(String model, String training) {
    return ExperimentResolverTest.BASE.replace("test-net", model) + training;
  }

  @Test
  void namedMetricsResolveUnderTheirOwnOrTheirGivenName() {
    TrainingPlan p =
        resolve(
                with(
                    "test-classifier",
                    """
        training {
          metric { key: "test.top_k" param { name: "k" number: 3 } }
          metric { key: "test.top_k" name: "top_five" }
        }
        """))
            .plan();
    assertThat(p.metrics())
        .extracting(MetricPlan::name, MetricPlan::key, MetricPlan::byDefault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("top3_accuracy", "test.top_k", false),
            org.assertj.core.groups.Tuple.tuple("top_five", "test.top_k", false));
  }

  @Test
  void withNoMetricNamedTheModelsDefaultsAreUsed() {
    assertThat(resolve(with("test-classifier", "")).plan().metrics())
        .extracting(MetricPlan::name, MetricPlan::key, MetricPlan::byDefault)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("accuracy", "test.accuracy", true));
    assertThat(resolve(with("test-net", "")).plan().metrics()).isEmpty();
  }

  @Test
  void unknownKeysBadParamsAndDuplicateNamesAreReportedTogether() {
    assertThat(
            errors(
                with(
                    "test-classifier",
                    """
        training {
          metric { key: "test.acuracy" }
          metric { key: "test.top_k" param { name: "k" number: 0 } param { name: "kk" number: 2 } }
          metric { key: "test.accuracy" }
          metric { key: "test.top_k" name: "accuracy" }
          metric { }
        }
        """)))
        .containsExactly(
            "x.pbtxt:7:12: training.metric[0].key: unknown metric 'test.acuracy'; did you mean 'test.accuracy'? "
                + "known metrics: test.accuracy, test.top_k",
            "x.pbtxt:8:30: training.metric[1].param.k: must be >= 1, found 0",
            "x.pbtxt:8:60: training.metric[1].param.kk: unknown parameter 'kk'; did you mean 'k'? known parameters: [k]",
            "x.pbtxt:10:30: training.metric[3].name: duplicate metric name 'accuracy' (also training.metric[2]); "
                + "give one of them a name",
            "x.pbtxt:11:3: training.metric[4].key: is required; known metrics: test.accuracy, test.top_k");
  }
}
