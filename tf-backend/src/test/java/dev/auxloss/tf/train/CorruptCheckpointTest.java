package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated newest checkpoint is reported on resume and the previous one is used. */
class CorruptCheckpointTest {
  @TempDir Path dir;

  @Test
  void resumeFallsBackToThePreviousCheckpoint() throws Exception {
    var plan =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 30).toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(30)
                    .checkpointEvery(10)
                    .summaryEvery(10)
                    .keepCheckpoints(3)
                    .build())
            .build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.train(false);
    }
    Path newest = dir.resolve("checkpoints/step-30");
    try (Stream<Path> files = Files.list(newest)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("ckpt.data-")).toList()) {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 3)); // torn write
      }
    }
    List<String> alarms = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    try (TfTrainingSession run =
        TfTrainingSession.open(
            plan.toBuilder().training(plan.training().toBuilder().steps(40).build()).build(),
            dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onAlarm(long step, String message) {
              alarms.add(message);
            }

            @Override
            public void onStep(StepMetrics m) {
              steps.add(m.step());
            }
          });
      run.train(true);
      assertThat(run.globalStep()).isEqualTo(40);
    }
    assertThat(alarms).hasSize(1);
    assertThat(alarms.get(0))
        .startsWith("checkpoint " + newest.resolve("ckpt") + " is unreadable:");
    assertThat(steps).first().isEqualTo(21L);
  }
}
