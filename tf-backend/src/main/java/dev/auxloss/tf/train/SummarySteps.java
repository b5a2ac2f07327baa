package dev.auxloss.tf.train;

/**
 * Which training steps are summary steps: the first one seen, then every {@code every} steps since
 * the last one, and the run's last step. The trainer fetches every telemetry scalar on them, and
 * the summary writers (TensorBoard, metrics.csv) write them, so each row they write has every
 * scalar.
 */
public final class SummarySteps {
  private final long every;
  private final long total;
  private long last = Long.MIN_VALUE;

  public SummarySteps(long every, long total) {
    this.every = every;
    this.total = total;
  }

  /** Whether {@code step} is a summary step (not when it was the last one already); records it. */
  public boolean due(long step) {
    if (step == last) return false;
    boolean due = last == Long.MIN_VALUE || step - last >= every || step >= total;
    if (due) last = step;
    return due;
  }
}
