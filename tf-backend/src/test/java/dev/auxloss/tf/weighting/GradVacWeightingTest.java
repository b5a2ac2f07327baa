package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * {@code group: layer}: two layers, each with its own Gram matrix and targets. The terms conflict
   * on layer "a" (A vs B) and agree on layer "b" (C vs D, cosine ≈ 0.8); on the whole model they
   * would be judged by one cosine. Expected per layer from {@link #vaccinate}, over three steps with
   * each layer's EMA target; the reported target is the mean of the two layers'.
   */
  @Test
  void layerGroupsVaccinateEachLayerWithItsOwnTarget() {
    float[] c = {1, 2};
    float[] d = {2, 1.5f};
    try (WeightingFixture f = new WeightingFixture()) {
      Var a = f.variable("a/kernel", true, 0, 0, 0);
      Var b = f.variable("b/kernel", true, 0, 0);
      f.term("main", Role.PRIMARY, f.tf.math.add(f.quadratic(a, PcGradWeightingTest.A), f.quadratic(b, c)), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(a, PcGradWeightingTest.B), f.quadratic(b, d)), 0.5f);
      WeightingResult r = GradVacWeighting.factory()
          .create(Params.of("beta", 0.1, "group", "layer")).combine(f.ctx());
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
        Map<String, float[]> out = f.run(fetch, r.updates());
        assertClose(out.get("ga"), Vec.axpy(vaccinate(a1, a2, targetA), 1, vaccinate(a2, a1, targetA)));
        assertClose(out.get("gb"), Vec.axpy(vaccinate(b1, b2, targetB), 1, vaccinate(b2, b1, targetB)));
        targetA = 0.9 * targetA + 0.1 * Vec.cos(a1, a2);
        targetB = 0.9 * targetB + 0.1 * Vec.cos(b1, b2);
        assertThat((double) out.get("term/main/target_cosine/aux")[0])
            .isCloseTo((targetA + targetB) / 2, within(1e-6));
      }
      // Layer "b" agrees above its target (cosine 0.89; targets 0 → 0.09 → 0.17): only "a" is adjusted.
      assertThat(f.run(fetch).get("term/aux/adjusted")[0]).isEqualTo(1f);
    }
  }

  @Test
  void variableGroupsKeepOneTargetPerParameterTensor() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var k = f.variable("l/kernel", true, 0, 0, 0);
      Var b = f.variable("l/bias", true, 0, 0);
      f.term("main", Role.PRIMARY, f.tf.math.add(f.quadratic(k, 1, 0, 0), f.quadratic(b, 1, 0)), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(k, -1, 1, 0), f.quadratic(b, 0, 1)), 1f);
      GradVacWeighting.factory().create(Params.of("group", "variable")).combine(f.ctx());
      GradVacWeighting.factory().create(Params.of("group", "layer")).combine(f.ctx());
      List<String> names = f.store.all().stream().map(Var::name).toList();
      assertThat(names).contains("weighting/gradvac/l/kernel/main/aux/target_cosine",
          "weighting/gradvac/l/bias/aux/main/target_cosine", "weighting/gradvac/l/main/aux/target_cosine");
    }
  }

  /**
   * Three terms, random order: every step's update is one of the 2³ visiting-order combinations
   * (computed here with target 0, i.e. the first step of every draw), and the draws vary by step.
   */
  @Test
  void visitsTheOtherTermsInARandomOrderPerStep() {
    double[][] v = {{1, 0, 0}, {-1, 1, 0}, {-0.5, -1, 1}};
    List<double[]> possible = new ArrayList<>();
    for (int mask = 0; mask < 8; mask++) {
      double[] sum = new double[3];
      for (int i = 0; i < 3; i++) {
        int[] order = (mask >> i & 1) == 0 ? new int[] {(i + 1) % 3, (i + 2) % 3} : new int[] {(i + 2) % 3, (i + 1) % 3};
        double[] g = v[i].clone();
        for (int j : order) g = vaccinate(g, v[j], 0);
        sum = Vec.axpy(sum, 1, g);
      }
      possible.add(sum);
    }
    Set<Integer> seen = new HashSet<>();
    for (long step = 0; step < 12; step++) {
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0, 0);
        for (int i = 0; i < 3; i++) {
          float[] a = {(float) -v[i][0], (float) -v[i][1], (float) -v[i][2]};
          f.term("t" + i, i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, a), 1f);
        }
        WeightingResult r = new GradVacWeighting(GradVacWeighting.Options.DEFAULTS).combine(f.ctx(step));
        float[] g = f.run(Map.of("gx", r.gradients().get("x"))).get("gx");
        int match = -1;
        for (int cmb = 0; cmb < possible.size() && match < 0; cmb++) if (close(g, possible.get(cmb))) match = cmb;
        assertThat(match).as("step %d: %s is one of the order combinations", step, Arrays.toString(g)).isNotNegative();
        seen.add(match);
      }
    }
    assertThat(seen).as("distinct visiting orders over 12 steps").hasSizeGreaterThan(1);
  }

  private static boolean close(float[] a, double[] b) {
    for (int i = 0; i < b.length; i++) if (Math.abs(a[i] - b[i]) > 1e-4 * (1 + Math.abs(b[i]))) return false;
    return true;
  }

  @Test
  void rejectsAnUnknownGroup() {
    assertThatThrownBy(() -> new GradVacWeighting.Options(0.01, "block", "random", 0))
        .hasMessageContaining("group").hasMessageContaining("block");
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new GradVacWeighting(GradVacWeighting.Options.DEFAULTS), List.of("term/aux/adjusted"));
  }
}
