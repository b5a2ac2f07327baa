package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class RlwWeightingTest {
  /** λ of the three terms (main, aux, reg) and ∂/∂x at steps 0..n−1, each step its own context. */
  private static List<Map<String, float[]>> run(RlwWeighting.Options options, int steps) {
    List<Map<String, float[]>> out = new ArrayList<>();
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f);
      f.term("reg", Role.REGULARIZER, f.quadratic(x, 0, 0), 0.1f);
      List<Map<String, Operand<TFloat32>>> fetches = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        WeightingResult r = new RlwWeighting(options).combine(f.ctx(t));
        Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
        fetch.put("gx", r.gradients().get("x"));
        fetch.put("w_reg", r.effectiveWeights().get("reg"));
        fetches.add(fetch);
      }
      for (Map<String, Operand<TFloat32>> fetch : fetches) out.add(f.run(fetch));
    }
    return out;
  }

  @Test
  void weightsArePositiveSumToOneAndDriveTheGradient() {
    for (Map<String, float[]> s : run(RlwWeighting.Options.DEFAULTS, 6)) {
      double main = s.get("term/main/adaptive_weight")[0];
      double aux = s.get("term/aux/adaptive_weight")[0];
      assertThat(main).isPositive();
      assertThat(aux).isPositive();
      assertThat(main + aux).isCloseTo(1, within(1e-6));
      assertThat(s).doesNotContainKey("term/reg/adaptive_weight"); // regularizers keep their weight
      assertThat((double) s.get("w_reg")[0]).isCloseTo(0.1, within(1e-7));
      // ∂/∂x at x = 0 of λ₁·½‖x−(1,0)‖² + 0.5·λ₂·½‖x−(0,2)‖² + 0.1·½‖x‖²
      assertClose(s.get("gx"), new double[] {-main, -0.5 * aux * 2});
    }
  }

  @Test
  void eachStepDrawsAfreshAndTheSameSeedRepeatsTheRun() {
    List<Map<String, float[]>> a = run(RlwWeighting.Options.DEFAULTS, 4);
    List<Map<String, float[]>> b = run(RlwWeighting.Options.DEFAULTS, 4);
    List<Map<String, float[]>> other = run(new RlwWeighting.Options("normal", 7), 4);
    List<Float> perStep = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      float w = a.get(t).get("term/main/adaptive_weight")[0];
      perStep.add(w);
      assertThat(b.get(t).get("term/main/adaptive_weight")[0]).isEqualTo(w);
      assertThat(other.get(t).get("term/main/adaptive_weight")[0]).isNotEqualTo(w);
    }
    assertThat(perStep).doesNotHaveDuplicates();
  }

  @Test
  void uniformDrawsKeepTheWeightsWithinTheirSoftmaxBounds() {
    // λ̃ ∈ [0, 1): with two terms λ = softmax ∈ (1/(1+e), e/(1+e)) ≈ (0.269, 0.731)
    double lo = 1 / (1 + Math.E);
    for (Map<String, float[]> s : run(new RlwWeighting.Options("uniform", 0), 20)) {
      assertThat((double) s.get("term/main/adaptive_weight")[0]).isBetween(lo, 1 - lo);
    }
    // N(0, 1) draws leave that band now and then: over 20 steps at least once (P(miss) < 1e-3)
    assertThat(
            run(RlwWeighting.Options.DEFAULTS, 20).stream()
                .map(s -> (double) s.get("term/main/adaptive_weight")[0]))
        .anyMatch(w -> w < lo || w > 1 - lo);
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new RlwWeighting(RlwWeighting.Options.DEFAULTS), List.of("term/aux/adaptive_weight"));
  }
}
