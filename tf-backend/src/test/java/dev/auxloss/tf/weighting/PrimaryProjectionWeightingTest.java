package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryProjectionWeightingTest {
  static final float[] A = PcGradWeightingTest.A;
  static final float[] B = PcGradWeightingTest.B;

  @Test
  void aConflictingAuxiliaryLeavesThePrimaryUnchangedToFirstOrder() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 2f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, B), 0.5f);
      WeightingResult r = new PrimaryProjectionWeighting().combine(f.ctx());
      Map<String, float[]> out =
          f.run(
              Map.of(
                  "gx", r.gradients().get("x"),
                  "projected", r.telemetry().get("term/aux/projected"),
                  "w", r.effectiveWeights().get("aux")),
              f.updates());
      double[] p = Vec.scale(2, Vec.neg(A));
      double[] va = Vec.scale(0.5, Vec.neg(B));
      double[] projected = Vec.axpy(va, -Vec.dot(va, p) / Vec.dot(p, p), p);
      assertClose(out.get("gx"), Vec.axpy(p, 1, projected));
      // the auxiliary's share of the step, d − p, is orthogonal to the primary gradient
      double[] auxShare = Vec.axpy(Vec.of(out.get("gx")), -1, p);
      assertThat(Vec.dot(auxShare, p)).isCloseTo(0, within(1e-5));
      assertThat(Vec.norm(auxShare)).isGreaterThan(0.1); // the normal-plane part is kept
      assertThat(out.get("projected")[0]).isEqualTo(1f);
      assertThat(out.get("w")[0]).isEqualTo(0.5f);
    }
  }

  @Test
  void anAgreeingAuxiliaryIsLeftAlone() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 1, 1, 1), 0.5f);
      WeightingResult r = new PrimaryProjectionWeighting().combine(f.ctx());
      Map<String, float[]> out =
          f.run(
              Map.of(
                  "gx",
                  r.gradients().get("x"),
                  "projected",
                  r.telemetry().get("term/aux/projected")));
      assertClose(out.get("gx"), Vec.axpy(Vec.neg(A), 0.5, Vec.neg(1, 1, 1)));
      assertThat(out.get("projected")[0]).isZero();
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(new PrimaryProjectionWeighting(), List.of("term/aux/projected"));
  }
}
