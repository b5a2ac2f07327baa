package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class DwaWeightingTest {
  // L_main = s₁·0.5 and L_aux = s₂·2 at x = 0, with the scales fed per step
  static final double[][] SCALES = {{1, 1}, {0.8, 0.9}, {0.6, 0.85}, {0.5, 0.8}, {0.45, 0.78}};
  static final double[] BASE = {0.5, 2};

  /** λ = K·softmax(r/T), r = L̄(t−1)/L̄(t−2); 1 for the first two steps. */
  static double[] weights(double[] last, double[] previous, double t) {
    double e0 = Math.exp(last[0] / previous[0] / t);
    double e1 = Math.exp(last[1] / previous[1] / t);
    return new double[] {2 * e0 / (e0 + e1), 2 * e1 / (e0 + e1)};
  }

  @Test
  void weightsFollowTheRatioOfTheLastTwoLosses() {
    check(0.0);
  }

  @Test
  void weightsFollowTheRatioOfMovingAverages() {
    check(0.5);
  }

  private void check(double decay) {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Operand<TFloat32> s1 = f.feed("s1", 1f);
      Operand<TFloat32> s2 = f.feed("s2", 1f);
      f.term("main", Role.PRIMARY, f.tf.math.mul(s1, f.quadratic(x, 1, 0)), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.mul(s2, f.quadratic(x, 0, 2)), 0.5f);
      WeightingResult r =
          DwaWeighting.factory().create(Params.of("ema_decay", decay)).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("w_aux", r.effectiveWeights().get("aux"));
      double[] avg = null;
      double[] previous = null;
      for (int t = 0; t < SCALES.length; t++) {
        f.set("s1", (float) SCALES[t][0]);
        f.set("s2", (float) SCALES[t][1]);
        Map<String, float[]> out = f.run(fetch, f.updates());
        double[] lambda = t < 2 ? new double[] {1, 1} : weights(avg, previous, 2.0);
        assertThat((double) out.get("term/main/adaptive_weight")[0])
            .as("step %d", t)
            .isCloseTo(lambda[0], within(1e-5));
        assertThat((double) out.get("term/aux/adaptive_weight")[0])
            .as("step %d", t)
            .isCloseTo(lambda[1], within(1e-5));
        assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * lambda[1], within(1e-5));
        assertClose(
            out.get("gx"),
            new double[] {-lambda[0] * SCALES[t][0], -0.5 * lambda[1] * 2 * SCALES[t][1]});
        double[] loss = {BASE[0] * SCALES[t][0], BASE[1] * SCALES[t][1]};
        previous = avg;
        avg =
            avg == null
                ? loss
                : new double[] {
                  decay * avg[0] + (1 - decay) * loss[0], decay * avg[1] + (1 - decay) * loss[1]
                };
      }
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new DwaWeighting(DwaWeighting.Options.DEFAULTS),
        List.of("term/aux/adaptive_weight", "term/aux/loss_ratio"));
  }
}
