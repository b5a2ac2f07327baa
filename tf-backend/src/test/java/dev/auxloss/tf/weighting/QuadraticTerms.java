package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Terms ½‖x − aᵢ‖² at x = 0 (gradient −aᵢ) with scheduled weights, for checking a strategy's update
 * against one computed by hand: term orders drawn per step, terms scheduled to 0.
 */
final class QuadraticTerms {
  private QuadraticTerms() {}

  /** The strategy's update of x at step 0; term 0 is the primary. */
  static float[] update(WeightingStrategy strategy, float[][] targets, float[] weights) {
    return update(strategy, targets, weights, 0);
  }

  /** The same at global step {@code step}. */
  static float[] update(WeightingStrategy strategy, float[][] targets, float[] weights, long step) {
    return run(strategy, targets, weights, step).get("gx");
  }

  /** The strategy's telemetry and its update of x ({@code "gx"}) at global step {@code step}. */
  static Map<String, float[]> run(
      WeightingStrategy strategy, float[][] targets, float[] weights, long step) {
    return run(strategy, targets, weights, step, false);
  }

  /** The same, the step {@code compiled} by XLA or not ({@link WeightingFixture#compiled}). */
  static Map<String, float[]> run(
      WeightingStrategy strategy, float[][] targets, float[] weights, long step, boolean compiled) {
    try (WeightingFixture f = new WeightingFixture()) {
      f.compiled = compiled;
      Var x = f.variable("x", true, new float[targets[0].length]);
      for (int i = 0; i < targets.length; i++) {
        f.term(
            "t" + i,
            i == 0 ? Role.PRIMARY : Role.AUXILIARY,
            f.quadratic(x, targets[i]),
            weights[i]);
      }
      WeightingResult r = strategy.combine(f.ctx(step));
      Map<String, Operand<TFloat32>> fetch = new java.util.LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      return f.run(fetch, f.updates());
    }
  }
}
