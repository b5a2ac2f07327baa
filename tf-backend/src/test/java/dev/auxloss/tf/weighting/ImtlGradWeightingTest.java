package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImtlGradWeightingTest {
  /** IMTL-G's two-term closed form on v1, v2: α₂ = v₁·u / (v₁ − v₂)·u, u = u₁ − u₂. */
  private static double[] imtl(double[] v1, double[] v2) {
    double[] u = Vec.axpy(Vec.scale(1 / Vec.norm(v1), v1), -1 / Vec.norm(v2), v2);
    double a2 = Vec.dot(v1, u) / Vec.dot(Vec.axpy(v1, -1, v2), u);
    return Vec.axpy(Vec.scale(1 - a2, v1), a2, v2);
  }

  /**
   * A term scheduled to 0 has no unit gradient; its equation would force g·u₁ = 0 and stop the
   * shared layers. It must take no part — also when it is the first term, the closed form's anchor.
   */
  @Test
  void aTermScheduledToZeroTakesNoPart() {
    float[] a = PcGradWeightingTest.A;
    float[] b = PcGradWeightingTest.B;
    float[] c = {0.5f, -1, 2};
    assertClose(
        QuadraticTerms.update(new ImtlGradWeighting(), new float[][] {a, b}, new float[] {1, 0}),
        Vec.neg(a));
    assertClose(
        QuadraticTerms.update(
            new ImtlGradWeighting(), new float[][] {a, b, c}, new float[] {1, 0, 1}),
        imtl(Vec.neg(a), Vec.neg(c)));
    assertClose(
        QuadraticTerms.update(
            new ImtlGradWeighting(), new float[][] {a, b, c}, new float[] {0, 1, 1}),
        imtl(Vec.neg(b), Vec.neg(c)));
  }

  @Test
  void twoTermsMatchTheClosedForm() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, PcGradWeightingTest.A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, PcGradWeightingTest.B), 0.5f);
      WeightingResult r = new ImtlGradWeighting().combine(f.ctx());
      Map<String, float[]> out = MgdaWeightingTest.run(f, r);
      double[] v1 = Vec.neg(PcGradWeightingTest.A);
      double[] v2 = Vec.scale(0.5, Vec.neg(PcGradWeightingTest.B));
      double[] u = Vec.axpy(Vec.scale(1 / Vec.norm(v1), v1), -1 / Vec.norm(v2), v2); // u₁ − u₂
      double a2 = Vec.dot(v1, u) / Vec.dot(Vec.axpy(v1, -1, v2), u);
      double[] g = Vec.axpy(Vec.scale(1 - a2, v1), a2, v2);
      assertClose(out.get("gx"), g);
      assertThat((double) out.get("term/aux/solver_weight")[0]).isCloseTo(a2, within(1e-5));
      assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * a2, within(1e-5));
      double[] gx = Vec.of(out.get("gx"));
      assertThat(Vec.dot(gx, v1) / Vec.norm(v1))
          .isCloseTo(Vec.dot(gx, v2) / Vec.norm(v2), within(1e-4));
    }
  }

  /** Off XLA (MatrixSolve) and compiled by XLA (the elementary solver of ClusterableLinalg). */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void threeTermsGetEqualProjectionsOnEveryUnitGradient(boolean compiled) {
    float[][] targets = {{-1, 0, 0}, {0, -2, 0.5f}, {0.3f, 0.2f, -3}};
    try (WeightingFixture f = new WeightingFixture()) {
      f.compiled = compiled;
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("t0", Role.PRIMARY, f.quadratic(x, targets[0]), 1f);
      f.term("t1", Role.AUXILIARY, f.quadratic(x, targets[1]), 1f);
      f.term("t2", Role.AUXILIARY, f.quadratic(x, targets[2]), 1f);
      WeightingResult r = new ImtlGradWeighting().combine(f.ctx());
      Map<String, float[]> out = MgdaWeightingTest.run(f, r);
      double[] gx = Vec.of(out.get("gx"));
      double first = Vec.dot(gx, Vec.neg(targets[0])) / Vec.norm(Vec.of(targets[0]));
      for (float[] t : targets) {
        assertThat(Vec.dot(gx, Vec.neg(t)) / Vec.norm(Vec.of(t))).isCloseTo(first, within(1e-4));
      }
      double sum = 0;
      for (String t : List.of("t0", "t1", "t2"))
        sum += out.get(TelemetryKeys.term(t, "solver_weight"))[0];
      assertThat(sum).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(new ImtlGradWeighting(), List.of("term/aux/solver_weight"));
  }
}
