package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.ExperimentResolver;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.Registry;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * examples/resnet-cifar-ds.pbtxt as shipped, cut to a few steps: the ResNet trains with its stage
 * losses attached from the config alone, batch norm's moving statistics move, and the SavedModel
 * loaded in a separate JVM with plain TF Java serves what {@code evaluate}'s inference-mode pass
 * computes (moving statistics, no auxiliary head) within 1e-5.
 */
class ResNetCifarDsIT {
  private static final int STEPS = 6;
  @TempDir Path dir;

  @Test
  void trainsWithStageLossesAndServesTheEvaluationForwardPass() throws Exception {
    TrainingPlan plan = plan();
    List<StepMetrics> steps = new ArrayList<>();
    Batch batch = plan.dataset().batches(Split.TEST, 5, 1).next();
    Path export = dir.resolve("export");
    float[] expected;
    float[] movingMean;
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir.resolve("run"))) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              steps.add(m);
            }
          });
      run.train(false);
      run.export(export);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> logits =
          (Operand<TFloat32>) run.trainingGraph().evalOutputs().get("logits");
      expected = run.fetch(logits, batch);
      movingMean =
          run.fetch(
              run.trainingGraph()
                  .graph()
                  .operation("vars/model.stage1.block1.conv1.bn.moving_mean_read")
                  .<TFloat32>output(0),
              batch);
    }
    assertThat(steps).hasSize(STEPS);
    for (StepMetrics m : steps) assertThat(m.scalars().values()).allMatch(Double::isFinite);
    assertThat(steps.get(0).scalars().keySet())
        .anyMatch(k -> k.contains("aux_classifier") && k.endsWith("/raw"))
        .anyMatch(k -> k.contains("dsn_companion") && k.endsWith("/raw"));
    assertThat(movingMean)
        .as("moving mean after %d steps", STEPS)
        .isNotEqualTo(new float[movingMean.length]);

    Path inputs = ExportInFreshJvmIT.inputsFile(dir, (HostTensor.Floats) batch.get("image"));
    List<String> out = ExportInFreshJvmIT.runServing(dir, export, "image", "logits", inputs);
    String vars = out.stream().filter(l -> l.startsWith("variables ")).findFirst().orElseThrow();
    assertThat(vars)
        .contains("model/stage4/block2/conv2/bn/moving_variance")
        .doesNotContain("heads/")
        .doesNotContain("adam_");
    String[] pred =
        out.stream().filter(l -> l.startsWith("predictions ")).findFirst().orElseThrow().split(" ");
    assertThat(pred.length - 1).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++)
      assertThat(Float.parseFloat(pred[i + 1]))
          .as("logit %d", i)
          .isCloseTo(expected[i], within(1e-5f));
  }

  /** The shipped example with {@code training.steps} cut to {@link #STEPS}. */
  private static TrainingPlan plan() {
    LoadedExperiment loaded =
        ExperimentLoader.load(Path.of("..", "examples", "resnet-cifar-ds.pbtxt"));
    Experiment e = loaded.experiment();
    loaded =
        loaded.withExperiment(
            e.toBuilder().setTraining(e.getTraining().toBuilder().setSteps(STEPS)).build());
    return ExperimentResolver.resolve(loaded, Registry.from(EveryStrategyTrainsCnnDsIT.INJECTOR))
        .plan();
  }
}
