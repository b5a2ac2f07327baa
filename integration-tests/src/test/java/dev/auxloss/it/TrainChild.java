package dev.auxloss.it;

import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A training process to kill: trains the tiny task into a run directory, checkpointing every 10
 * steps, appending "step primary_loss" per step to a file. Args: runDir metricsFile
 * resume(true|false) msPerStep.
 */
public final class TrainChild {
  static final long STEPS = 120;

  static TrainingPlan plan() {
    return TinyTask.plan(TinyTask.primaryAndTwoHeads(), STEPS).toBuilder()
        .training(
            TrainingSettings.builder()
                .steps(STEPS)
                .checkpointEvery(10)
                .summaryEvery(10)
                .keepCheckpoints(3)
                .build())
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    boolean resume = Boolean.parseBoolean(args[2]);
    long sleep = Long.parseLong(args[3]);
    try (PrintWriter out = new PrintWriter(new FileWriter(args[1], true));
        TfTrainingSession s = TfTrainingSession.open(plan(), run)) {
      s.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              out.println(m.step() + " " + m.get("term/primary/raw"));
              out.flush();
              try {
                Thread.sleep(sleep);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      s.train(resume);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
