package dev.auxloss.config;

/**
 * How long and how a run trains; see {@code experiment.proto} for each field's default.
 *
 * <p>Build one by naming what is set: {@code
 * TrainingSettings.builder().steps(600).checkpointEvery(600)
 * .summaryEvery(10).keepCheckpoints(1).build()}. A field left unset is 0 (false): that periodic
 * action is off. {@link #of} gives the config's defaults, to adjust with {@link #toBuilder}.
 *
 * @param steps batches to draw; a batch skipped as non-finite counts, though it applies no update
 * @param skipNonFinite skip (and count) a batch whose loss is NaN/Inf instead of stopping: its
 *     whole step changes no variable, not even the global step
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
  /**
   * The config's defaults for a run of {@code steps}: eval and checkpoint every steps/5, and so on.
   */
  public static TrainingSettings of(long steps) {
    long fifth = Math.max(1, steps / 5);
    return builder()
        .steps(steps)
        .evalEvery(fifth)
        .checkpointEvery(fifth)
        .summaryEvery(10)
        .keepCheckpoints(3)
        .zeroGradientAlarmSteps(50)
        .build();
  }

  /** Every field 0 (false) until set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .steps(steps)
        .evalEvery(evalEvery)
        .checkpointEvery(checkpointEvery)
        .summaryEvery(summaryEvery)
        .keepCheckpoints(keepCheckpoints)
        .evalBatches(evalBatches)
        .skipNonFinite(skipNonFinite)
        .zeroGradientAlarmSteps(zeroGradientAlarmSteps)
        .profileEvery(profileEvery);
  }

  /** Names each setting; see the record's components for their meaning. */
  public static final class Builder {
    private long steps;
    private long evalEvery;
    private long checkpointEvery;
    private long summaryEvery;
    private int keepCheckpoints;
    private int evalBatches;
    private boolean skipNonFinite;
    private long zeroGradientAlarmSteps;
    private long profileEvery;

    private Builder() {}

    public Builder steps(long v) {
      steps = v;
      return this;
    }

    public Builder evalEvery(long v) {
      evalEvery = v;
      return this;
    }

    public Builder checkpointEvery(long v) {
      checkpointEvery = v;
      return this;
    }

    public Builder summaryEvery(long v) {
      summaryEvery = v;
      return this;
    }

    public Builder keepCheckpoints(int v) {
      keepCheckpoints = v;
      return this;
    }

    public Builder evalBatches(int v) {
      evalBatches = v;
      return this;
    }

    public Builder skipNonFinite(boolean v) {
      skipNonFinite = v;
      return this;
    }

    public Builder zeroGradientAlarmSteps(long v) {
      zeroGradientAlarmSteps = v;
      return this;
    }

    public Builder profileEvery(long v) {
      profileEvery = v;
      return this;
    }

    public TrainingSettings build() {
      return new TrainingSettings(
          steps,
          evalEvery,
          checkpointEvery,
          summaryEvery,
          keepCheckpoints,
          evalBatches,
          skipNonFinite,
          zeroGradientAlarmSteps,
          profileEvery);
    }
  }
}
