package dev.auxloss.tf.train;

import dev.auxloss.api.data.Split;
import java.nio.file.Path;
import java.util.Map;

/** Receives what a run does, on the training thread; keep callbacks short. */
public interface TrainingListener {
  default void onStart(long startStep, long totalSteps) {}

  default void onStep(StepMetrics metrics) {}

  default void onEvaluation(long step, Split split, Map<String, Double> metrics) {}

  default void onCheckpoint(long step, Path checkpoint) {}

  /** A run-time alarm (a term whose gradient stayed zero, a skipped non-finite batch...). */
  default void onAlarm(long step, String message) {}

  default void onFinish(TrainingOutcome outcome) {}
}
