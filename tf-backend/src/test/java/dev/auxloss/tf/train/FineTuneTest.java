package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.FineTunePlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.CheckpointIndex;
import dev.auxloss.tf.graph.InitFromReport;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.testing.VariableValues;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * training.init_from (restore with renames, allow_partial, shape mismatches, the checkpoint index)
 * and training.freeze (frozen values bit-identical, fewer backward ops) on the tiny task.
 */
class FineTuneTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static Path pretrained; // a run directory whose newest checkpoint is step 5

  /**
   * TinyTask's model with its hidden layers named backbone1/backbone2 and h2 {@code width} wide.
   */
  static ModelFn renamed(int width, boolean extraLayer) {
    return ctx -> {
      Layers l = ctx.layers();
      Operand<TFloat32> x = ctx.input("x", TFloat32.class);
      Operand<TFloat32> h1 = l.dense("backbone1", x, 16, Activation.RELU);
      Operand<TFloat32> h2 = l.dense("backbone2", h1, width, Activation.RELU);
      if (extraLayer) h2 = l.dense("extra", h2, width, Activation.RELU);
      ctx.output("logits", l.dense("out", h2, TinyTask.CLASSES, Activation.NONE));
    };
  }

  static final List<FineTunePlan.Rename> RENAMES =
      List.of(
          new FineTunePlan.Rename("model/h1/", "model/backbone1/"),
          new FineTunePlan.Rename("model/h2/", "model/backbone2/"));

  @BeforeAll
  static void pretrain() {
    pretrained = shared.resolve("pre");
    TrainingPlan plan = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 5);
    try (TfTrainingSession run = TfTrainingSession.open(plan, pretrained)) {
      run.train(false);
    }
  }

  static TrainingPlan fineTune(ModelFn model, boolean allowPartial, String... freeze) {
    TrainingPlan base =
        TinyTask.plan(
            List.of(TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits"))), 3);
    return base.toBuilder()
        .model("renamed", model)
        .fineTune(
            new FineTunePlan(
                new FineTunePlan.InitFrom(pretrained, RENAMES, allowPartial),
                List.of(freeze).stream().map(Pattern::compile).toList()))
        .build();
  }

  @Test
  void theIndexListsEveryVariableWithItsTypeAndShape() throws Exception {
    CheckpointIndex index = CheckpointIndex.read(pretrained.resolve("checkpoints/step-5/ckpt"));
    assertThat(index.entries().get("model/h1/kernel"))
        .isEqualTo(new CheckpointIndex.Entry(DataType.DT_FLOAT, Shape.of(TinyTask.FEATURES, 16)));
    assertThat(index.entries().get("model/out/bias"))
        .isEqualTo(new CheckpointIndex.Entry(DataType.DT_FLOAT, Shape.of(TinyTask.CLASSES)));
    assertThat(index.entries().get("global_step"))
        .isEqualTo(new CheckpointIndex.Entry(DataType.DT_INT64, Shape.scalar()));
    assertThat(index.entries()).containsKey("model/h1/kernel/adam_m");
  }

  @Test
  void restoresRenamedVariablesBeforeStepOneAndStartsTheOptimizerFresh() {
    Map<String, float[]> atStart = new HashMap<>();
    long[] stepAtStart = {-1};
    try (TfTrainingSession run = TfTrainingSession.open(fineTune(renamed(16, false), false), dir)) {
      InitFromReport report = run.trainingGraph().initFrom();
      assertThat(report.matched())
          .extracting(InitFromReport.Match::modelName)
          .containsExactlyInAnyOrder(
              "model/backbone1/kernel",
              "model/backbone1/bias",
              "model/backbone2/kernel",
              "model/backbone2/bias",
              "model/out/kernel",
              "model/out/bias");
      assertThat(report.unmatchedModel()).isEmpty();
      assertThat(report.unmatchedCheckpoint()).allMatch(n -> n.startsWith("heads/aux"));
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStart(long start, long total) {
              for (String v :
                  List.of(
                      "model/backbone1/kernel",
                      "model/backbone2/bias",
                      "model/out/kernel",
                      "model/backbone1/kernel/adam_m"))
                atStart.put(v, VariableValues.inSession(run.session(), v));
              stepAtStart[0] = run.globalStep();
            }
          });
      run.train(false);
    }
    Path ckpt = pretrained.resolve("checkpoints/step-5/ckpt");
    assertThat(atStart.get("model/backbone1/kernel"))
        .containsExactly(VariableValues.inCheckpoint(ckpt, "model/h1/kernel"));
    assertThat(atStart.get("model/backbone2/bias"))
        .containsExactly(VariableValues.inCheckpoint(ckpt, "model/h2/bias"));
    assertThat(atStart.get("model/out/kernel"))
        .containsExactly(VariableValues.inCheckpoint(ckpt, "model/out/kernel"));
    assertThat(atStart.get("model/backbone1/kernel/adam_m")).containsOnly(0f); // slots start fresh
    assertThat(VariableValues.inCheckpoint(ckpt, "model/h1/kernel/adam_m"))
        .isNotEqualTo(new float[TinyTask.FEATURES * 16]);
    assertThat(stepAtStart[0]).isZero();
  }

  @Test
  void aModelVariableMissingFromTheCheckpointIsAnErrorUnlessPartialIsAllowed() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> TfTrainingSession.open(fineTune(renamed(16, true), false), dir).close());
    assertThat(e.getMessage())
        .contains("training.init_from")
        .contains("2 model variable(s) not in the checkpoint")
        .contains("model/extra/kernel [16, 16]", "model/extra/bias [16]")
        .contains("allow_partial");
    assertThat(dir).isEmptyDirectory(); // nothing written

    try (TfTrainingSession run = TfTrainingSession.open(fineTune(renamed(16, true), true), dir)) {
      InitFromReport report = run.trainingGraph().initFrom();
      assertThat(report.unmatchedModel())
          .containsExactly("model/extra/kernel [16, 16]", "model/extra/bias [16]");
      assertThat(report.matched()).hasSize(6);
    }
  }

  @Test
  void aShapeMismatchIsAnErrorNamingBothShapes() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> TfTrainingSession.open(fineTune(renamed(8, false), false), dir).close());
    assertThat(e.getMessage())
        .contains(
            "shape mismatch: 'model/h2/kernel' [16, 16] -> model variable 'model/backbone2/kernel' [16, 8]",
            "'model/h2/bias' [16] -> model variable 'model/backbone2/bias' [8]",
            "'model/out/kernel' [16, 3] -> model variable 'model/out/kernel' [8, 3]");
    // allowed partial: the mismatched ones keep their initializers, the rest is restored
    try (TfTrainingSession run = TfTrainingSession.open(fineTune(renamed(8, false), true), dir)) {
      assertThat(run.trainingGraph().initFrom().mismatches()).hasSize(3);
      assertThat(run.trainingGraph().initFrom().matched()).hasSize(3);
    }
  }

  @Test
  void resumeRestoresTheRunsOwnCheckpointNotInitFrom() {
    TrainingPlan plan = fineTune(renamed(16, false), false);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.train(false);
    }
    Path own = dir.resolve("checkpoints/step-3/ckpt");
    float[][] atStart = new float[1][];
    TrainingPlan longer =
        plan.toBuilder().training(plan.training().toBuilder().steps(4).build()).build();
    try (TfTrainingSession run = TfTrainingSession.open(longer, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStart(long start, long total) {
              atStart[0] = VariableValues.inSession(run.session(), "model/backbone1/kernel");
            }
          });
      run.train(true);
    }
    assertThat(atStart[0])
        .containsExactly(VariableValues.inCheckpoint(own, "model/backbone1/kernel"))
        .isNotEqualTo(
            VariableValues.inCheckpoint(
                pretrained.resolve("checkpoints/step-5/ckpt"), "model/h1/kernel"));
  }

  @Test
  void aMissingCheckpointIsAnErrorNamingIt() {
    TrainingPlan plan = fineTune(renamed(16, false), false);
    TrainingPlan missing =
        plan.toBuilder()
            .fineTune(
                new FineTunePlan(
                    new FineTunePlan.InitFrom(dir.resolve("nope"), RENAMES, false), List.of()))
            .build();
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> TfTrainingSession.open(missing, dir).close());
    assertThat(e.getMessage())
        .contains("training.init_from.checkpoint: no checkpoint at '" + dir.resolve("nope") + "'");
  }

  /** Static weighting, and PCGrad comparing per-term gradients on every (unfrozen) variable. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"static", "pcgrad"})
  void frozenVariablesKeepTheirValuesBitForBitWhileTheOthersMove(String strategy) {
    TrainingPlan base = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 5);
    if (strategy.equals("pcgrad"))
      base =
          base.toBuilder()
              .weighting("pcgrad", new dev.auxloss.tf.weighting.PcGradWeighting())
              .compareOn(dev.auxloss.config.CompareOn.ALL)
              .build();
    TrainingPlan plan =
        base.toBuilder()
            .fineTune(new FineTunePlan(null, List.of(Pattern.compile("model/h1/.*"))))
            .build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      Random r = new Random(1);
      step(run, r);
      float[] kernel = VariableValues.inSession(run.session(), "model/h1/kernel");
      float[] bias = VariableValues.inSession(run.session(), "model/h1/bias");
      float[] h2 = VariableValues.inSession(run.session(), "model/h2/kernel");
      for (int i = 0; i < 5; i++) step(run, r);
      assertThat(VariableValues.inSession(run.session(), "model/h1/kernel"))
          .containsExactly(kernel);
      assertThat(VariableValues.inSession(run.session(), "model/h1/bias")).containsExactly(bias);
      assertThat(VariableValues.inSession(run.session(), "model/h2/kernel")).isNotEqualTo(h2);
      assertThat(run.trainingGraph().variableNames()).contains("model/h1/kernel"); // still saved
      assertThat(run.trainingGraph().variableNames()).doesNotContain("model/h1/kernel/adam_m");
    }
  }

  @Test
  void freezingTheLowerLayersLeavesTheirBackwardPassOut() {
    int none = backwardOps(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 5));
    int frozen =
        backwardOps(
            TinyTask.plan(TinyTask.primaryAndTwoHeads(), 5).toBuilder()
                .fineTune(new FineTunePlan(null, List.of(Pattern.compile("model/h1/.*"))))
                .build());
    assertThat(frozen).isLessThan(none);
    // h1's own backward ops (the MatMul of its kernel's gradient among them) are gone
    assertThat(none - frozen).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aFreezeRegexMatchingNothingIsAnErrorNamingIt() {
    TrainingPlan plan =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 5).toBuilder()
            .fineTune(
                new FineTunePlan(
                    null, List.of(Pattern.compile("h1"), Pattern.compile("model/h2/.*"))))
            .build();
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> TfTrainingSession.open(plan, dir).close());
    assertThat(e.errors()).hasSize(1);
    assertThat(e.getMessage())
        .contains(
            "training.freeze[0]: 'h1' matches no trainable variable (a regex matches a whole name)")
        .contains("model/h1/kernel");
  }

  /** Ops TF's gradient builder added (they live under the {@code gradients_<n>} scopes). */
  private int backwardOps(TrainingPlan plan) {
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      int n = 0;
      for (Iterator<GraphOperation> it = run.trainingGraph().graph().operations(); it.hasNext(); )
        if (it.next().name().startsWith("gradients_")) n++;
      return n;
    }
  }

  private static void step(TfTrainingSession run, Random r) {
    Map<String, Tensor> feeds = BatchFeeder.toTensors(TinyTask.Data.batch(r, 32));
    try {
      run.step(feeds);
    } finally {
      feeds.values().forEach(Tensor::close);
    }
  }
}
