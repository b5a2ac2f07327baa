package dev.auxloss.tf.train;

import dev.auxloss.api.config.TrainingPlan;
import dev.auxloss.api.data.Split;
import java.nio.file.Path;
import java.util.Map;

/**
 * One training run: owns the graph, the session and the input thread. Build-time problems (missing
 * endpoints, unreachable terms, shape mismatches...) are thrown together as a {@code ConfigException}
 * from {@link #open}; nothing is written before that succeeds.
 *
 * <pre>{@code
 * try (TfTrainingSession run = TfTrainingSession.open(plan, runDir)) {
 *   run.addListener(listener);
 *   run.train(false);
 *   Map<String, Double> test = run.evaluate(Split.TEST);
 *   run.export(runDir.resolve("export"));
 * }
 * }</pre>
 */
public final class TfTrainingSession implements AutoCloseable {
  private TfTrainingSession() {}

  /** Builds and validates the training graph and opens a session; writes nothing yet. */
  public static TfTrainingSession open(TrainingPlan plan, Path runDir) {
    throw new UnsupportedOperationException("not yet");
  }

  public void addListener(TrainingListener listener) {}

  /**
   * Trains to {@code plan.training().steps()}; with {@code resume}, continues from the newest valid
   * checkpoint in the run directory.
   */
  public TrainingOutcome train(boolean resume) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Mean of each primary term and the accuracy of the {@code logits} output on a split. */
  public Map<String, Double> evaluate(Split split) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Restores the newest checkpoint of the run directory (for evaluate/export of a finished run). */
  public long restoreLatest() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Writes the SavedModel (inference graph, primary outputs only) to {@code dir}, atomically. */
  public Path export(Path dir) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
