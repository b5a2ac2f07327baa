package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.summary.TfSummaryListener;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A training step is one {@code Session.run}: the update, batch norm's moving statistics, the
 * auxiliary head and every telemetry scalar (written as summaries each step) come from the same
 * run. Every run of the trainer passes {@link SessionRuns} (ArchitectureTest keeps it so), so the
 * count between two steps' reports is the runs one step took.
 */
class OneSessionRunPerStepTest {
  private static final int STEPS = 5;
  @TempDir Path dir;

  private static final ModelFn MODEL =
      ctx -> {
        Layers l = ctx.layers();
        Operand<TFloat32> h = l.batchNorm("bn1", ctx.input("x", TFloat32.class));
        h = l.batchNorm("bn2", l.dense("h1", h, 16, Activation.RELU));
        ctx.publish("h1", h);
        ctx.output("logits", l.dense("out", h, TinyTask.CLASSES, Activation.NONE));
      };

  @Test
  void eachStepIsExactlyOneRun() {
    var plan =
        TinyTask.plan(
                List.of(
                    TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits")),
                    TinyTask.term("aux", Role.AUXILIARY, 0.3, TinyTask.auxHead("h1"))),
                STEPS)
            .toBuilder()
            .model("bn", MODEL)
            .training(
                TrainingSettings.builder()
                    .steps(STEPS)
                    .checkpointEvery(STEPS)
                    .summaryEvery(1)
                    .keepCheckpoints(1)
                    .build())
            .build();
    LongAdder runs = new LongAdder();
    List<Long> runsAtEachStep = new ArrayList<>();
    float[] movingMean;
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir.resolve("run"));
        TfSummaryListener summaries = new TfSummaryListener(dir.resolve("tb"), 1, STEPS)) {
      run.addListener(summaries);
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              runsAtEachStep.add(runs.sum());
            }
          });
      SessionRuns.countInto(runs);
      run.train(false);
      SessionRuns.countInto(null);
      movingMean =
          run.fetch(
              run.trainingGraph()
                  .graph()
                  .operation("vars/model.bn2.moving_mean_read")
                  .<TFloat32>output(0),
              TinyTask.Data.batch(new java.util.Random(1), 4));
    } finally {
      SessionRuns.countInto(null);
    }
    assertThat(runsAtEachStep)
        .as("Session.runs counted when each step reported")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
    assertThat(runs.sum()).as("the steps and the final checkpoint").isEqualTo(STEPS + 1);
    assertThat(movingMean)
        .as("batch norm updated in those runs")
        .isNotEqualTo(new float[movingMean.length]);
  }
}
