package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.proto.Experiment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentResolverTest {
  static final String BASE =
      """
      name: "t"
      model { name: "test-net" }
      data { dataset: "test-data" }
      loss { key: "test.cross_entropy" }
      loss { key: "test.aux_classifier" }
      """;

  static ResolvedExperiment resolve(String text) {
    return ExperimentResolver.resolve(
        ExperimentLoader.parse(text, "x.pbtxt"), TestPlugins.registry());
  }

  static List<String> errors(String text) {
    return catchThrowableOfType(ConfigException.class, () -> resolve(text)).errors().stream()
        .map(ConfigError::toString)
        .toList();
  }

  @Test
  void fillsEveryDefault() {
    ResolvedExperiment r = resolve(BASE);
    TrainingPlan p = r.plan();
    assertThat(p.seed()).isEqualTo(1);
    assertThat(p.batchSize()).isEqualTo(64);
    assertThat(p.training()).isEqualTo(TrainingSettings.of(1000));
    assertThat(p.optimizer().type()).isEqualTo("adam");
    assertThat(p.optimizer().learningRate()).isEqualTo(1e-3);
    assertThat(List.of(p.optimizer().beta1(), p.optimizer().beta2(), p.optimizer().epsilon()))
        .containsExactly(0.9, 0.999, 1e-7);
    assertThat(p.runtime()).isEqualTo(RuntimeSettings.defaults());
    assertThat(p.weightingName()).isEqualTo("static");
    assertThat(p.compareOn()).isEqualTo(CompareOn.SHARED);
    assertThat(p.terms())
        .extracting(TermPlan::name, TermPlan::role, TermPlan::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("test.cross_entropy", Role.PRIMARY, 1.0),
            org.assertj.core.groups.Tuple.tuple("test.aux_classifier", Role.AUXILIARY, 0.3));
    assertThat(p.terms().get(1).schedule().valueAt(500)).isEqualTo(1.0);
    assertThat(p.dataset()).isNotInstanceOf(PartialLabelDataset.class);
  }

  @Test
  void configTextIsTheResolvedConfigAndResolvesToItself() {
    ResolvedExperiment r = resolve(BASE);
    String text = r.plan().configText();
    assertThat(text)
        .contains(
            "seed: 1\n",
            "batch_size: 64\n",
            "label_fraction: 1.0\n",
            "strategy: \"static\"\n",
            "compare_on: \"shared\"\n",
            "type: \"adam\"\n",
            "learning_rate: 0.001\n",
            "epsilon: 1.0E-7\n",
            "steps: 1000\n",
            "eval_every: 200\n",
            "checkpoint_every: 200\n",
            "summary_every: 10\n",
            "keep_checkpoints: 3\n",
            "prefetch_batches: 4\n",
            "role: AUXILIARY\n",
            "weight: 0.3\n",
            "on_non_finite: STOP\n")
        .doesNotContain("momentum", "weight_decay");
    assertThat(r.plan().configHash()).isEqualTo(ResolvedExperiment.sha256(text)).hasSize(64);
    ResolvedExperiment again = resolve(text);
    assertThat(again.plan().configText()).isEqualTo(text);
    assertThat(again.plan().configHash()).isEqualTo(r.plan().configHash());
  }

  @Test
  void anExplicitZeroIsKeptWhereZeroIsAValue() {
    // Issue 14: proto3 could not tell "seed: 0" from no seed, so seed 0 became seed 1, momentum 0
    // became 0.9 and weight_decay 0 became 0.01.
    ResolvedExperiment r =
        resolve(BASE + "seed: 0\noptimizer { type: \"adamw\" beta1: 0 weight_decay: 0 }\n");
    assertThat(r.plan().seed()).isZero();
    assertThat(r.plan().optimizer().beta1()).isZero();
    assertThat(r.plan().optimizer().weightDecay()).isZero();
    assertThat(r.plan().configText()).contains("seed: 0\n", "beta1: 0.0\n", "weight_decay: 0.0\n");
    assertThat(resolve(r.plan().configText()).plan().configText()).isEqualTo(r.plan().configText());
    ResolvedExperiment momentum = resolve(BASE + "optimizer { type: \"momentum\" momentum: 0 }\n");
    assertThat(momentum.plan().optimizer().momentum()).isZero();
  }

  @Test
  void anExplicitZeroWhereZeroIsNoValueIsAnError() {
    // Issue 14: "steps: 0" trained 1000 steps and "batch_size: 0" ran at 64.
    assertThat(errors(BASE + "training { steps: 0 eval_batches: 0 }\n"))
        .satisfiesExactly(
            e ->
                assertThat(e)
                    .startsWith("x.pbtxt:6:")
                    .endsWith(" training.steps: must be > 0, found 0"),
            e ->
                assertThat(e)
                    .startsWith("x.pbtxt:6:")
                    .endsWith(
                        " training.eval_batches: must be > 0 (leave it out "
                            + "to evaluate the whole validation split), found 0"));
    assertThat(
            errors(
                BASE.replace(
                    "data { dataset: \"test-data\" }",
                    "data { dataset: \"test-data\" batch_size: 0 label_fraction: 0 }")))
        .satisfiesExactly(
            e ->
                assertThat(e)
                    .startsWith("x.pbtxt:3:")
                    .endsWith(" data.batch_size: must be > 0, found 0"),
            e ->
                assertThat(e)
                    .startsWith("x.pbtxt:3:")
                    .endsWith(" data.label_fraction: must be in (0, 1], found 0.0"));
  }

  @Test
  void modelParamsComeFromDatasetHintsUnlessSet() {
    assertThat(resolve(BASE).config().getModel().getParamList())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName())
                  .isEqualTo("num_classes"); // vocab_size is not a test-net param
              assertThat(p.getNumber()).isEqualTo(7.0);
            });
    String set =
        BASE.replace(
            "model { name: \"test-net\" }",
            "model { name: \"test-net\" param { name: \"num_classes\" number: 3 } }");
    assertThat(resolve(set).config().getModel().getParamList())
        .singleElement()
        .satisfies(p -> assertThat(p.getNumber()).isEqualTo(3.0));
  }

  @Test
  void defaultNameIsTheFileName() {
    ResolvedExperiment r = resolve(BASE.replace("name: \"t\"\n", ""));
    assertThat(r.name()).isEqualTo("x");
  }

  @Test
  void labelFractionWrapsTheDataset() {
    ResolvedExperiment r =
        resolve(
            BASE.replace("dataset: \"test-data\"", "dataset: \"test-data\" label_fraction: 0.1"));
    assertThat(r.plan().dataset()).isInstanceOf(PartialLabelDataset.class);
    assertThat(r.plan().dataset().modelHints()).containsEntry("num_classes", 7.0);
  }

  @Test
  void aDatasetThatOwnsLabelFractionGetsItWithTheDataSeed() {
    ResolvedExperiment r =
        resolve(
            BASE.replace(
                "dataset: \"test-data\"", "dataset: \"test-owned\" label_fraction: 0.05 seed: 9"));
    assertThat(r.plan().dataset().modelHints())
        .containsEntry("got_fraction", 0.05)
        .containsEntry("got_seed", 9.0);
    // only the data seed's shift wraps it; the labelled share is the dataset's own business
    assertThat(r.plan().dataset()).isInstanceOf(PartialLabelDataset.class);
    assertThat(r.plan().dataset().specs()).isEmpty();
    assertThat(r.config().getData().getParamList()).isEmpty();
    assertThat(
            ExperimentResolverTest.errors(
                BASE.replace(
                    "dataset: \"test-data\"",
                    "dataset: \"test-owned\" label_fraction: 0.05 param { name: \"label_fraction\" number: 0.2 }")))
        .containsExactly(
            "x.pbtxt:3:30: data.label_fraction: disagrees with the dataset's own param label_fraction "
                + "(0.2); set only one, found 0.05");
  }

  @Test
  void stepsOverrideMovesDerivedDefaults() {
    LoadedExperiment loaded = ExperimentLoader.parse(BASE, "x.pbtxt");
    Experiment e =
        loaded.experiment().toBuilder()
            .setTraining(loaded.experiment().getTraining().toBuilder().setSteps(50))
            .build();
    TrainingPlan p =
        ExperimentResolver.resolve(loaded.withExperiment(e), TestPlugins.registry()).plan();
    assertThat(p.training().steps()).isEqualTo(50);
    assertThat(p.training().evalEvery()).isEqualTo(10);
  }

  @Test
  void schedulesAndOptimizersResolve() {
    ResolvedExperiment r =
        resolve(
            BASE.replace(
                    "loss { key: \"test.aux_classifier\" }",
                    """
        loss {
          key: "test.aux_classifier"
          schedule { type: "linear" from: 1 to: 0 warmup_steps: 10 off_after: 800 }
        }
        """)
                + "optimizer { type: \"momentum\" learning_rate: 0.1 nesterov: true "
                + "lr_schedule { type: \"cosine\" from: 1 to: 0 } }\n");
    var aux = r.plan().terms().get(1).schedule();
    assertThat(aux.valueAt(5))
        .isCloseTo(0.5 * (1 - 5 / 1000.0), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(aux.valueAt(500)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(aux.valueAt(900)).isZero();
    assertThat(r.config().getLoss(1).getSchedule().getEnd()).isEqualTo(1000);
    assertThat(r.plan().optimizer().momentum()).isEqualTo(0.9);
    assertThat(r.plan().optimizer().lrSchedule().valueAt(1000)).isZero();
  }
}
