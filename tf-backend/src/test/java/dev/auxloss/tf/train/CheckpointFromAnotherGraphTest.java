package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.weighting.MetaBalanceWeighting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's checkpoints restored into a graph with other variables (another auxloss version's
 * strategy state, another weighting): intact files, so neither is called unreadable nor skipped for
 * an older one; the error names the variable and the way out.
 */
class CheckpointFromAnotherGraphTest {
  @TempDir Path dir;

  private static TrainingPlan plan(String group) {
    TrainingPlan p =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10).toBuilder()
            .training(TrainingSettings.builder().steps(10).checkpointEvery(5).build())
            .build();
    if (group == null) return p;
    return p.toBuilder()
        .weighting(
            MetaBalanceWeighting.KEY,
            new MetaBalanceWeighting(new MetaBalanceWeighting.Options(0.7, 0.9, "both", group)))
        .build();
  }

  /**
   * Trains {@code first}, restores its checkpoint into {@code second}'s graph; the error must say
   * one of {@code differences} (TF reports whichever variable it meets first).
   */
  private List<String> trainThenResumeAs(
      TrainingPlan first, TrainingPlan second, String... differences) {
    try (TfTrainingSession run = TfTrainingSession.open(first, dir)) {
      run.train(false);
    }
    List<String> alarms = new ArrayList<>();
    try (TfTrainingSession run = TfTrainingSession.open(second, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onAlarm(long step, String message) {
              alarms.add(message);
            }
          });
      assertThatThrownBy(run::restoreLatest)
          .isInstanceOf(IllegalStateException.class)
          .satisfies(
              e ->
                  assertThat(differences)
                      .anySatisfy(
                          d ->
                              assertThat(e.getMessage())
                                  .contains(
                                      "checkpoint "
                                          + dir.resolve("checkpoints/step-10/ckpt")
                                          + " "
                                          + d)))
          .hasMessageContaining("another version of auxloss or another model or weighting")
          .hasMessageContaining("init_from");
    }
    return alarms;
  }

  @Test
  void aVariableTheCheckpointLacks() {
    assertThat(
            trainThenResumeAs(
                plan(null),
                plan("variable"),
                "has no variable 'weighting/metabalance/target_norm', which this graph has:",
                "has no variable 'weighting/metabalance/norms', which this graph has:"))
        .isEmpty();
  }

  @Test
  void aVariableOfAnotherShape() {
    // One group of the whole model against one per variable (TinyTask's trunk has four).
    assertThat(
            trainThenResumeAs(
                plan("model"),
                plan("variable"),
                "holds 'weighting/metabalance/target_norm' with shape [1] where this graph has [4]:",
                "holds 'weighting/metabalance/norms' with shape [1,3] where this graph has [4,3]:"))
        .isEmpty();
  }
}
