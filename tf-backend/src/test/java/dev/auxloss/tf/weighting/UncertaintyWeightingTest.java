package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

class UncertaintyWeightingTest {
  static final String S_MAIN = "weighting/uncertainty/main/log_variance";
  static final String S_AUX = "weighting/uncertainty/aux/log_variance";

  @Test
  void gradientsFollowTheLikelihoodForBothTaskTypes() {
    for (String type : List.of("classification", "regression")) {
      double h = type.equals("regression") ? 0.5 : 1;
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0);
        f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f); // L = 0.5
        f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f); // L = 2
        Params p = Params.of("task_type", type, "initial_log_variance", 0.5);
        WeightingResult r = UncertaintyWeighting.factory().create(p).combine(f.ctx());
        Map<String, float[]> out =
            f.run(
                Map.of(
                    "gx", r.gradients().get("x"),
                    "s_main", r.gradients().get(S_MAIN),
                    "s_aux", r.gradients().get(S_AUX),
                    "w_aux", r.effectiveWeights().get("aux")));
        double e = Math.exp(-0.5);
        assertClose(out.get("gx"), new double[] {-h * e, -0.5 * h * e * 2});
        assertThat((double) out.get("s_main")[0])
            .as(type)
            .isCloseTo(h * (1 - e * 0.5), within(1e-5));
        assertThat((double) out.get("s_aux")[0])
            .as(type)
            .isCloseTo(0.5 * h * (1 - e * 2), within(1e-5));
        assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * h * e, within(1e-6));
      }
    }
  }

  @Test
  void auxiliaryOnlyKeepsThePrimaryFixed() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f);
      WeightingResult r =
          UncertaintyWeighting.factory().create(Params.of("auxiliary_only", true)).combine(f.ctx());
      assertThat(r.gradients()).containsKey(S_AUX).doesNotContainKey(S_MAIN);
      assertThat(r.telemetry())
          .containsKey("term/aux/log_variance")
          .doesNotContainKey("term/main/log_variance");
      assertThat(f.scalar(r.effectiveWeights().get("main"))).isEqualTo(1f);
    }
  }

  @Test
  void weightsStayFiniteWhileALossDivergesOrVanishes() {
    for (double factor : new double[] {10, 0.1}) {
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0);
        Operand<TFloat32> blowUp = f.feed("blow_up", 1f);
        f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
        f.term("aux", Role.AUXILIARY, blowUp, 0.5f);
        // a vanishing loss pulls s down by lr·w per step: start near the floor to reach it
        Params p = Params.of("initial_log_variance", factor > 1 ? 0 : -9);
        WeightingResult r = UncertaintyWeighting.factory().create(p).combine(f.ctx());
        Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
        r.gradients().forEach((k, v) -> fetch.put("gradient " + k, v));
        r.effectiveWeights().forEach((k, v) -> fetch.put("weight " + k, v));
        List<Op> targets = new ArrayList<>(f.sgd(r, 0.1f, new ArrayList<>(fetch.values())));
        float s = 0;
        for (int step = 0; step <= 30; step++) {
          // up to 1e30, or from 1e-4 ≈ exp(−9) down to 1e-34
          f.set("blow_up", (float) Math.pow(factor, factor > 1 ? step : step + 4));
          Map<String, float[]> out = f.run(fetch, targets);
          int at = step;
          out.forEach(
              (k, v) -> assertThat(Float.isFinite(v[0])).as("%s at step %d", k, at).isTrue());
          s = out.get("term/aux/log_variance")[0];
          assertThat(s).isBetween(-10f, 10f);
        }
        assertThat(s).isEqualTo(factor > 1 ? 10f : -10f);
      }
    }
  }

  @Test
  void trainsTheTinyModel() {
    // weights exp(−s) → 1/L grow as the losses shrink, multiplying plain SGD's step: a smaller rate
    TinyModel.assertTrains(
        new UncertaintyWeighting(UncertaintyWeighting.Options.DEFAULTS),
        List.of("term/aux/log_variance", "term/main/adaptive_weight"),
        0.03f);
  }
}
