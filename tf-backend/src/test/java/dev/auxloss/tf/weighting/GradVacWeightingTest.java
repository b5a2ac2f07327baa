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

class GradVacWeightingTest {
  /**
   * vᵢ' after moving toward vⱼ to reach the target cosine (Wang et al. 2021, eq. in Algorithm 1).
   */
  static double[] vaccinate(double[] vi, double[] vj, double target) {
    double rho = Vec.cos(vi, vj);
    if (rho >= target) return vi;
    double coef =
        Vec.norm(vi)
            * (target * Math.sqrt(1 - rho * rho) - rho * Math.sqrt(1 - target * target))
            / (Vec.norm(vj) * Math.sqrt(1 - target * target));
    return Vec.axpy(vi, coef, vj);
  }

  @Test
  void firstStepIsPcGradThenFollowsTheEmaTarget() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, PcGradWeightingTest.A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, PcGradWeightingTest.B), 0.5f);
      WeightingResult r =
          GradVacWeighting.factory().create(Params.of("beta", 0.1)).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      double[] v1 = Vec.neg(PcGradWeightingTest.A);
      double[] v2 = Vec.scale(0.5, Vec.neg(PcGradWeightingTest.B));
      double rho = Vec.cos(v1, v2);
      double target = 0;
      for (int step = 0; step < 3; step++) {
        Map<String, float[]> out = f.run(fetch, r.updates());
        double[] expected = Vec.axpy(vaccinate(v1, v2, target), 1, vaccinate(v2, v1, target));
        assertClose(out.get("gx"), expected);
        assertThat(out.get("term/aux/adjusted")[0]).isEqualTo(1f);
        target = 0.9 * target + 0.1 * rho;
        assertThat((double) out.get("term/main/target_cosine/aux")[0])
            .isCloseTo(target, within(1e-6));
      }
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new GradVacWeighting(GradVacWeighting.Options.DEFAULTS), List.of("term/aux/adjusted"));
  }
}
