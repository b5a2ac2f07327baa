package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.config.CompareOn;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every registered weighting strategy trains cnn-ds (primary + two GoogLeNet-style auxiliary
 * classifiers from the vision catalog) on synthetic images, one Session.run per step: the primary
 * loss falls and every telemetry scalar stays finite.
 */
class EveryStrategyTrainsCnnDsIT {
  static final Injector INJECTOR = injector();
  @TempDir Path dir;

  static Stream<String> strategies() {
    return registry(WeightingFactory.class).keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void trains(String strategy) {
    assertTrains(strategy, "shared");
  }

  /**
   * Comparing at block 1's output (rep-grad mode): per-term passes stop there, block 1 gets one.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "pcgrad",
        "cosine-gating",
        "mgda",
        "gradnorm",
        "metabalance",
        "upgrad",
        "aligned-mtl"
      })
  void trainsComparingAtTheRepresentation(String strategy) {
    List<StepMetrics> steps = assertTrains(strategy, "endpoint:block1/features");
    assertThat(steps.get(29).scalars()).containsKey("term/aux2/cosine");
  }

  private List<StepMetrics> assertTrains(String strategy, String compareOn) {
    List<StepMetrics> steps = new ArrayList<>();
    TrainingPlan plan =
        plan(strategy).toBuilder().compareOn(CompareOn.parse(compareOn).orElseThrow()).build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              steps.add(m);
            }
          });
      run.train(false);
    }
    assertThat(steps).hasSize(30);
    for (StepMetrics m : steps) assertThat(m.scalars().values()).allMatch(Double::isFinite);
    double first =
        steps.subList(0, 5).stream()
            .mapToDouble(m -> m.get("term/primary/raw"))
            .average()
            .orElseThrow();
    double last =
        steps.subList(25, 30).stream()
            .mapToDouble(m -> m.get("term/primary/raw"))
            .average()
            .orElseThrow();
    assertThat(last).as(strategy + ": primary loss %s → %s", first, last).isLessThan(first * 0.8);
    return steps;
  }

  static TrainingPlan plan(String strategy) {
    Map<String, LossFactory> losses = registry(LossFactory.class);
    List<TermPlan> terms =
        List.of(
            new TermPlan(
                "primary",
                "vision.cross_entropy",
                Role.PRIMARY,
                1,
                Schedules.constant(1),
                losses.get("vision.cross_entropy").create(Params.empty())),
            new TermPlan(
                "aux1",
                "vision.aux_classifier",
                Role.AUXILIARY,
                0.3,
                Schedules.constant(1),
                losses
                    .get("vision.aux_classifier")
                    .create(Params.of("endpoint", "block1/features", "head", "small"))),
            new TermPlan(
                "aux2",
                "vision.aux_classifier",
                Role.AUXILIARY,
                0.3,
                Schedules.constant(1),
                losses
                    .get("vision.aux_classifier")
                    .create(Params.of("endpoint", "block2/features", "head", "small"))));
    var model = registry(ModelFactory.class).get("cnn-ds").create(Params.empty());
    var data = registry(DatasetFactory.class).get("synthetic-images").create(Params.empty());
    var weighting = registry(WeightingFactory.class).get(strategy).create(Params.empty());
    return TrainingPlan.builder()
        .name("strategy-" + strategy)
        .seed(1)
        .model("cnn-ds", model)
        .dataset("synthetic-images", data)
        .batchSize(32)
        .terms(terms)
        .weighting(strategy, weighting)
        .optimizer(OptimizerPlan.adam(1e-3))
        .training(
            TrainingSettings.builder()
                .steps(30)
                .checkpointEvery(30)
                .summaryEvery(10)
                .keepCheckpoints(1)
                .build())
        .build();
  }

  static <T> Map<String, T> registry(Class<T> type) {
    @SuppressWarnings("unchecked")
    Key<Map<String, T>> key =
        (Key<Map<String, T>>) Key.get(TypeLiteral.get(Types.mapOf(String.class, type)));
    return INJECTOR.getInstance(key);
  }

  private static Injector injector() {
    List<Module> modules = new ArrayList<>();
    modules.add(new TfBackendModule());
    ServiceLoader.load(AuxlossPlugin.class).forEach(modules::add);
    return Guice.createInjector(modules);
  }
}
