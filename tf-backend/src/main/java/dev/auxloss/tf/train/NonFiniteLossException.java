package dev.auxloss.tf.train;

/** A loss term became NaN or infinite: training stops here; the last good checkpoint stays. */
public class NonFiniteLossException extends RuntimeException {
  private final String term;
  private final long step;

  public NonFiniteLossException(String term, long step, double value) {
    super(
        "loss term '"
            + term
            + "' became "
            + value
            + " at step "
            + step
            + "; training stopped, the last good checkpoint is kept (lower the learning rate or the term's weight,"
            + " or set training { on_non_finite: SKIP_BATCH } to skip such batches)");
    this.term = term;
    this.step = step;
  }

  public String term() {
    return term;
  }

  public long step() {
    return step;
  }
}
