package dev.auxloss.api.config;

/**
 * How long and how a run trains; see {@code experiment.proto} for each field's default.
 *
 * @param steps batches to draw; a batch skipped as non-finite counts, though it applies no update
 * @param skipNonFinite skip (and count) a batch whose loss is NaN/Inf instead of stopping: its whole
 *     step changes no variable, not even the global step
 * @param zeroGradientAlarmSteps alarm when a term's gradient is exactly zero for this many steps
 * @param profileEvery sample TF step stats every N steps (0: off)
 */
public record TrainingSettings(
    long steps,
    long evalEvery,
    long checkpointEvery,
    long summaryEvery,
    int keepCheckpoints,
    int evalBatches,
    boolean skipNonFinite,
    long zeroGradientAlarmSteps,
    long profileEvery) {
  public static TrainingSettings of(long steps) {
    long fifth = Math.max(1, steps / 5);
    return new TrainingSettings(steps, fifth, fifth, 10, 3, 0, false, 50, 0);
  }
}
