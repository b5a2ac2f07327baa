package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class GradNormWeightingTest {
  static final double LR = 0.025;
  static final double ALPHA = 1.5;

  /** Chen et al. 2018 Algorithm 1, one weight update with the closed-form gradient. */
  static double[] update(double[] lambda, double[] norms, double[] rates) {
    int n = lambda.length;
    double mean = 0;
    for (int i = 0; i < n; i++) mean += lambda[i] * norms[i] / n;
    double[] next = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double gap = lambda[i] * norms[i] - mean * Math.pow(rates[i], ALPHA);
      next[i] = Math.max(lambda[i] - LR * Math.signum(gap) * norms[i], 1e-3);
      sum += next[i];
    }
    for (int i = 0; i < n; i++) next[i] *= n / sum;
    return next;
  }

  static double[] rates(double[] losses, double[] initial) {
    double[] r = new double[losses.length];
    double mean = 0;
    for (int i = 0; i < r.length; i++) mean += losses[i] / initial[i] / r.length;
    for (int i = 0; i < r.length; i++) r[i] = losses[i] / initial[i] / mean;
    return r;
  }

  @Test
  void weightsMoveTowardEqualTrainingRatesByTheClosedFormGradient() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Operand<TFloat32> s = f.feed("scale", 1f);
      // at x = 0: ∇L_main = (−1, 0), ∇L_aux = s·(0, −3); L_main = 0.5, L_aux = 4.5·s
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.mul(s, f.quadratic(x, 0, 3)), 0.5f);
      WeightingResult r =
          new GradNormWeighting(GradNormWeighting.Options.DEFAULTS).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("w_aux", r.effectiveWeights().get("aux"));

      double[] initial = {0.5, 4.5};
      double[] lambda = {1, 1};
      double[] scales = {1, 0.5, 0.25};
      for (double scale : scales) {
        f.set("scale", (float) scale);
        Map<String, float[]> out = f.run(fetch, f.updates());
        assertThat((double) out.get("term/main/adaptive_weight")[0])
            .isCloseTo(lambda[0], within(1e-5));
        assertThat((double) out.get("term/aux/adaptive_weight")[0])
            .isCloseTo(lambda[1], within(1e-5));
        assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * lambda[1], within(1e-5));
        assertClose(out.get("gx"), new double[] {-lambda[0], -0.5 * lambda[1] * 3 * scale});
        double[] rate = rates(new double[] {0.5, 4.5 * scale}, initial);
        assertThat((double) out.get("term/aux/train_rate")[0]).isCloseTo(rate[1], within(1e-5));
        double[] next = update(lambda, new double[] {1, 3 * scale}, rate);
        if (scale < 1) {
          // the auxiliary trains faster (its loss ratio fell): its weight goes down
          assertThat(next[1]).isLessThan(lambda[1]);
          assertThat(next[0]).isGreaterThan(lambda[0]);
        }
        lambda = next;
      }
      assertThat(lambda[0] + lambda[1]).isCloseTo(2.0, within(1e-9));
    }
  }

  /**
   * A term whose value goes below 0 (rate r^α undefined) must not leave NaN in the weight state.
   */
  @Test
  void aLossThatTurnsNegativeKeepsTheWeightsFinite() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Operand<TFloat32> shift = f.feed("shift", 0f);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(x, 0, 3), shift), 0.5f);
      WeightingResult r =
          new GradNormWeighting(GradNormWeighting.Options.DEFAULTS).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      for (float v : new float[] {0, -10, -10, 0}) { // L_aux: 4.5, then −5.5 (ratio < 0), then back
        f.set("shift", v);
        Map<String, float[]> out = f.run(fetch, f.updates());
        float a = out.get("term/main/adaptive_weight")[0];
        float b = out.get("term/aux/adaptive_weight")[0];
        assertThat(a).isFinite();
        assertThat(b).isFinite();
        assertThat((double) a + b).isCloseTo(2.0, within(1e-5));
        assertThat(out.get("term/aux/train_rate")[0]).isFinite().isGreaterThanOrEqualTo(0f);
      }
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new GradNormWeighting(GradNormWeighting.Options.DEFAULTS),
        List.of(
            "term/aux/adaptive_weight",
            "term/aux/train_rate",
            "term/aux/grad_norm",
            "gradnorm/loss"));
  }
}
