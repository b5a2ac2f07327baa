package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.Map;

/**
 * Terms ½‖x − aᵢ‖² at x = 0 (gradient −aᵢ) with scheduled weights, some of them 0: a term scheduled
 * to 0 must take no part, whatever the solver does with a zero vector.
 */
final class ZeroWeightTerms {
  private ZeroWeightTerms() {}

  /** The strategy's update of x; term 0 is the primary. */
  static float[] update(WeightingStrategy strategy, float[][] targets, float[] weights) {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, new float[targets[0].length]);
      for (int i = 0; i < targets.length; i++) {
        f.term("t" + i, i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, targets[i]), weights[i]);
      }
      WeightingResult r = strategy.combine(f.ctx());
      return f.run(Map.of("gx", r.gradients().get("x"))).get("gx");
    }
  }
}
