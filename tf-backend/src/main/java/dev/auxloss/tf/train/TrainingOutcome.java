package dev.auxloss.tf.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param finalStep the step reached: batches drawn, as in checkpoint names and logs (the global
 *     step lags it by every batch skipped as non-finite)
 * @param skippedBatches batches skipped for a non-finite loss (when configured to skip)
 * @param lastCheckpoint the newest checkpoint written, or null
 */
public record TrainingOutcome(long finalStep, long skippedBatches, Path lastCheckpoint) {}
