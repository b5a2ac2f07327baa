package dev.auxloss.tf.train;

import static dev.auxloss.tf.testing.TinyTask.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A term that turns NaN stops training with its name (or is skipped); the weights stay good. */
class NonFiniteGuardTest {
  @TempDir Path dir;

  /** Finite until step 25, then log(-1) = NaN. */
  private static final AuxLoss NAN_AFTER_25 =
      ctx -> {
        Ops tf = ctx.tf();
        Operand<TFloat32> base =
            tf.math.mean(tf.math.square(ctx.endpoint("h1")), tf.constant(new int[] {0, 1}));
        return tf.select(
            tf.math.greaterEqual(ctx.globalStep(), tf.constant(25L)),
            tf.math.log(tf.constant(-1f)),
            base);
      };

  private static List<TermPlan> terms() {
    return List.of(
        term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits")),
        term("exploding", Role.AUXILIARY, 0.1, NAN_AFTER_25));
  }

  @Test
  void stopsWithTheTermsNameAndKeepsGoodWeightsAndCheckpoint() {
    var plan =
        TinyTask.plan(terms(), 100).toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(100)
                    .checkpointEvery(10)
                    .summaryEvery(10)
                    .keepCheckpoints(3)
                    .build())
            .build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      assertThatThrownBy(() -> run.train(false))
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageStartingWith(
              "loss term 'exploding' became NaN at step 26; training stopped, the last good checkpoint is kept")
          .hasMessageContaining("on_non_finite: SKIP_BATCH");
      var batch = TinyTask.Data.batch(new java.util.Random(1), 8);
      assertThat(run.peek(batch).get("term/primary/raw")).isFinite();
      assertThat(new CheckpointManager(dir, 3).latest())
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("step-20"));
    }
  }

  @Test
  void skipPolicyCountsAndContinues() {
    var plan =
        TinyTask.plan(terms(), 40).toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(40)
                    .checkpointEvery(40)
                    .summaryEvery(10)
                    .keepCheckpoints(3)
                    .skipNonFinite(true)
                    .build())
            .build();
    List<String> alarms = new ArrayList<>();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onAlarm(long step, String message) {
              alarms.add(message);
            }
          });
      TrainingOutcome out = run.train(false);
      assertThat(out.skippedBatches()).isEqualTo(15);
      assertThat(alarms)
          .hasSize(15)
          .first()
          .asString()
          .isEqualTo("skipped batch at step 26: loss term 'exploding' was NaN");
      assertThat(run.peek(TinyTask.Data.batch(new java.util.Random(1), 8)).get("term/primary/raw"))
          .isFinite();
    }
  }
}
