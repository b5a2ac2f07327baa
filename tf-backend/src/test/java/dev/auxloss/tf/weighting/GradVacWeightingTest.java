package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        Map<String, float[]> out = f.run(fetch, f.updates());
        double[] expected = Vec.axpy(vaccinate(v1, v2, target), 1, vaccinate(v2, v1, target));
        assertClose(out.get("gx"), expected);
        assertThat(out.get("term/aux/adjusted")[0]).isEqualTo(1f);
        target = 0.9 * target + 0.1 * rho;
        assertThat((double) out.get("term/main/target_cosine/aux")[0])
            .isCloseTo(target, within(1e-6));
      }
    }
  }

  /**
   * {@code group: layer}: two layers, each with its own Gram matrix and targets. The terms conflict
   * on layer "a" (A vs B) and agree on layer "b" (C vs D, cosine ≈ 0.8); on the whole model they
   * would be judged by one cosine. Expected per layer from {@link #vaccinate}, over three steps
   * with each layer's EMA target; the reported target is the mean of the two layers'.
   */
  @Test
  void layerGroupsVaccinateEachLayerWithItsOwnTarget() {
    float[] c = {1, 2};
    float[] d = {2, 1.5f};
    try (WeightingFixture f = new WeightingFixture()) {
      Var a = f.variable("a/kernel", true, 0, 0, 0);
      Var b = f.variable("b/kernel", true, 0, 0);
      f.term(
          "main",
          Role.PRIMARY,
          f.tf.math.add(f.quadratic(a, PcGradWeightingTest.A), f.quadratic(b, c)),
          1f);
      f.term(
          "aux",
          Role.AUXILIARY,
          f.tf.math.add(f.quadratic(a, PcGradWeightingTest.B), f.quadratic(b, d)),
          0.5f);
      WeightingResult r =
          GradVacWeighting.factory()
              .create(Params.of("beta", 0.1, "group", "layer"))
              .combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("ga", r.gradients().get("a/kernel"));
      fetch.put("gb", r.gradients().get("b/kernel"));
      double[] a1 = Vec.neg(PcGradWeightingTest.A);
      double[] a2 = Vec.scale(0.5, Vec.neg(PcGradWeightingTest.B));
      double[] b1 = Vec.neg(c);
      double[] b2 = Vec.scale(0.5, Vec.neg(d));
      double targetA = 0;
      double targetB = 0;
      for (int step = 0; step < 3; step++) {
        Map<String, float[]> out = f.run(fetch, f.updates());
        assertClose(
            out.get("ga"), Vec.axpy(vaccinate(a1, a2, targetA), 1, vaccinate(a2, a1, targetA)));
        assertClose(
            out.get("gb"), Vec.axpy(vaccinate(b1, b2, targetB), 1, vaccinate(b2, b1, targetB)));
        targetA = 0.9 * targetA + 0.1 * Vec.cos(a1, a2);
        targetB = 0.9 * targetB + 0.1 * Vec.cos(b1, b2);
        assertThat((double) out.get("term/main/target_cosine/aux")[0])
            .isCloseTo((targetA + targetB) / 2, within(1e-6));
      }
      // Layer "b" agrees above its target (cosine 0.89; targets 0 → 0.09 → 0.17): only "a" is
      // adjusted.
      assertThat(f.run(fetch).get("term/aux/adjusted")[0]).isEqualTo(1f);
    }
  }

  @Test
  void variableGroupsKeepOneTargetPerParameterTensor() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var k = f.variable("l/kernel", true, 0, 0, 0);
      Var b = f.variable("l/bias", true, 0, 0);
      f.term(
          "main", Role.PRIMARY, f.tf.math.add(f.quadratic(k, 1, 0, 0), f.quadratic(b, 1, 0)), 1f);
      f.term(
          "aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(k, -1, 1, 0), f.quadratic(b, 0, 1)), 1f);
      GradVacWeighting.factory().create(Params.of("group", "variable")).combine(f.ctx());
      GradVacWeighting.factory().create(Params.of("group", "layer")).combine(f.ctx());
      List<String> names = f.store.all().stream().map(Var::name).toList();
      assertThat(names)
          .contains(
              "weighting/gradvac/l/kernel/main/aux/target_cosine",
              "weighting/gradvac/l/bias/aux/main/target_cosine",
              "weighting/gradvac/l/main/aux/target_cosine");
    }
  }

  /**
   * Random order ({@link ThreeTermOrders}); with fresh targets (0) every visit is PCGrad's
   * projection.
   */
  @Test
  void visitsTheOtherTermsInARandomOrderPerStep() {
    ThreeTermOrders.assertRandomPerStep(
        new GradVacWeighting(GradVacWeighting.Options.DEFAULTS), (g, vj) -> vaccinate(g, vj, 0));
  }

  @Test
  void rejectsAnUnknownGroup() {
    assertThatThrownBy(() -> new GradVacWeighting.Options(0.01, "block", "random", 0))
        .hasMessageContaining("group")
        .hasMessageContaining("block");
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new GradVacWeighting(GradVacWeighting.Options.DEFAULTS), List.of("term/aux/adjusted"));
  }
}
