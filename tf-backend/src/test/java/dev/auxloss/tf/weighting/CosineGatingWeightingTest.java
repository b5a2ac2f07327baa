package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosineGatingWeightingTest {
  static final float[] A = PcGradWeightingTest.A;
  static final float[] B = PcGradWeightingTest.B; // conflicts with A
  static final float[] C = {1, 1, 1}; // agrees with A

  @Test
  void dropsAnAuxiliaryWhoseCosineIsNegativeButKeepsTrainingItsHead() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      Var head = f.variable("head", false, 1, 1);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term(
          "aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(x, B), f.quadratic(head, 3, -1)), 0.5f);
      WeightingResult r = CosineGatingWeighting.factory().create(Params.empty()).combine(f.ctx());
      Map<String, float[]> out =
          f.run(
              Map.of(
                  "gx", r.gradients().get("x"),
                  "ghead", r.gradients().get("head"),
                  "gate", r.telemetry().get("term/aux/gate"),
                  "w", r.effectiveWeights().get("aux")),
              f.updates());
      assertClose(out.get("gx"), Vec.neg(A));
      assertClose(out.get("ghead"), new double[] {0.5 * (1 - 3), 0.5 * (1 + 1)});
      assertThat(out.get("gate")[0]).isZero();
      assertThat(out.get("w")[0]).isZero();
    }
  }

  @Test
  void keepsAnAuxiliaryWhoseCosineIsPositive() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, C), 0.5f);
      WeightingResult r =
          new CosineGatingWeighting(CosineGatingWeighting.Options.DEFAULTS).combine(f.ctx());
      Map<String, float[]> out =
          f.run(Map.of("gx", r.gradients().get("x"), "gate", r.telemetry().get("term/aux/gate")));
      assertClose(out.get("gx"), Vec.axpy(Vec.neg(A), 0.5, Vec.neg(C)));
      assertThat(out.get("gate")[0]).isEqualTo(1f);
    }
  }

  @Test
  void weightedVariantScalesByTheCosine() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, C), 0.5f);
      WeightingResult r =
          CosineGatingWeighting.factory().create(Params.of("variant", "weighted")).combine(f.ctx());
      Map<String, float[]> out =
          f.run(Map.of("gx", r.gradients().get("x"), "w", r.effectiveWeights().get("aux")));
      double cos = Vec.cos(Vec.of(A), Vec.of(C));
      assertClose(out.get("gx"), Vec.axpy(Vec.neg(A), 0.5 * cos, Vec.neg(C)));
      assertThat((double) out.get("w")[0]).isCloseTo(0.5 * cos, within(1e-6));
    }
  }

  @Test
  void needsAPrimaryAndAKnownVariant() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, C), 0.5f);
      assertThatThrownBy(
              () ->
                  new CosineGatingWeighting(CosineGatingWeighting.Options.DEFAULTS)
                      .combine(f.ctx()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "weighting 'cosine-gating' needs a PRIMARY term to compare against; terms: [aux"
                  + " (AUXILIARY)]");
    }
    assertThatThrownBy(() -> CosineGatingWeighting.factory().create(Params.of("variant", "soft")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("variant: must be one of [unweighted, weighted], found 'soft'");
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new CosineGatingWeighting(new CosineGatingWeighting.Options("weighted")),
        List.of("term/aux/gate", "term/aux/cosine", "term/aux/conflict_rate"));
  }
}
