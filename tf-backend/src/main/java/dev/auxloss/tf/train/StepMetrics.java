package dev.auxloss.tf.train;

import java.util.Map;

/**
 * The scalars fetched in one training step (from the same {@code Session.run} as the update).
 *
 * <p>Keys: {@code loss/total}, {@code lr}, {@code nonfinite/skipped} (1 when the step's update was
 * gated off because a term or the gradient was NaN/Inf), and per term {@code term/<name>/raw},
 * {@code term/<name>/weight}, {@code term/<name>/weighted}; strategies that compute per-term
 * gradients add {@code term/<name>/grad_norm}, {@code term/<name>/cosine} and {@code
 * term/<name>/conflict_rate}.
 *
 * @param step batches trained on so far, this one included (checkpoints written now are named by
 *     it); the global step in the graph counts applied updates and lags it by the skipped batches
 * @param seconds wall time of the step
 */
public record StepMetrics(long step, double seconds, Map<String, Double> scalars) {
  public StepMetrics {
    scalars = Map.copyOf(scalars);
  }

  public double get(String key) {
    Double v = scalars.get(key);
    if (v == null)
      throw new IllegalArgumentException("no metric '" + key + "', metrics: " + scalars.keySet());
    return v;
  }
}
