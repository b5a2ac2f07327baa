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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class MgdaWeightingTest {
  /** The two-term closed form on v1, v2 (Sener &amp; Koltun 2018, Algorithm 1). */
  private static double[] minNorm(double[] v1, double[] v2) {
    double[] diff = Vec.axpy(v2, -1, v1);
    double a1 = Math.min(1, Math.max(0, Vec.dot(diff, v2) / Vec.dot(diff, diff)));
    return Vec.axpy(Vec.scale(a1, v1), 1 - a1, v2);
  }

  /**
   * An auxiliary scheduled to 0 has a zero vector, which would be the hull's min-norm point and
   * stop the shared layers; it must take no part instead, for every solver.
   */
  @Test
  void aTermScheduledToZeroTakesNoPart() {
    float[] a = PcGradWeightingTest.A;
    float[] b = PcGradWeightingTest.B;
    float[] c = {0.5f, -1, 2};
    assertClose(
        QuadraticTerms.update(
            new MgdaWeighting(MgdaWeighting.Options.DEFAULTS),
            new float[][] {a, b},
            new float[] {1, 0}),
        Vec.neg(a));
    double[] expected = minNorm(Vec.neg(a), Vec.neg(c));
    for (String solver : List.of("exact", "frank_wolfe")) {
      MgdaWeighting mgda =
          (MgdaWeighting)
              MgdaWeighting.factory().create(Params.of("solver", solver, "iterations", 200));
      float[] g = QuadraticTerms.update(mgda, new float[][] {a, b, c}, new float[] {1, 0, 1});
      for (int i = 0; i < 3; i++)
        assertThat((double) g[i]).as(solver).isCloseTo(expected[i], within(2e-3));
    }
  }

  @Test
  void twoTermsGiveTheClosedFormMinNormPoint() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, PcGradWeightingTest.A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, PcGradWeightingTest.B), 0.5f);
      WeightingResult r = MgdaWeighting.factory().create(Params.empty()).combine(f.ctx());
      Map<String, float[]> out = run(f, r);

      double[] v1 = Vec.neg(PcGradWeightingTest.A);
      double[] v2 = Vec.scale(0.5, Vec.neg(PcGradWeightingTest.B));
      double[] diff = Vec.axpy(v2, -1, v1);
      double a1 = Math.min(1, Math.max(0, Vec.dot(diff, v2) / Vec.dot(diff, diff)));
      double[] d = Vec.axpy(Vec.scale(a1, v1), 1 - a1, v2);
      assertClose(out.get("gx"), d);
      assertThat((double) out.get("term/main/solver_weight")[0]).isCloseTo(a1, within(1e-5));
      assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * (1 - a1), within(1e-5));
      // interior min-norm point: equal inner products with both gradients
      assertThat(Vec.dot(Vec.of(out.get("gx")), v1))
          .isCloseTo(Vec.dot(Vec.of(out.get("gx")), v2), within(1e-4));
    }
  }

  /** The exact solver off XLA (MatrixSolve) and compiled by XLA (ClusterableLinalg). */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void threeTermsExactAndFrankWolfeFindTheMinNormPoint(boolean compiled) {
    // v = (2,0,0), (0,1,0), (0,0,1): α ∝ 1/‖vᵢ‖² = (1/9, 4/9, 4/9)
    for (String solver : List.of("exact", "frank_wolfe")) {
      try (WeightingFixture f = new WeightingFixture()) {
        f.compiled = compiled;
        Var x = f.variable("x", true, 0, 0, 0);
        f.term("main", Role.PRIMARY, f.quadratic(x, -2, 0, 0), 1f);
        f.term("aux1", Role.AUXILIARY, f.quadratic(x, 0, -1, 0), 1f);
        f.term("aux2", Role.AUXILIARY, f.quadratic(x, 0, 0, -1), 1f);
        Params p = Params.of("solver", solver, "iterations", 40);
        WeightingResult r = MgdaWeighting.factory().create(p).combine(f.ctx());
        float[] gx = f.run(Map.of("gx", r.gradients().get("x"))).get("gx");
        double tol = solver.equals("exact") ? 1e-5 : 1e-3;
        assertThat((double) gx[0]).as(solver).isCloseTo(2.0 / 9, within(tol));
        assertThat((double) gx[1]).as(solver).isCloseTo(4.0 / 9, within(tol));
        assertThat((double) gx[2]).as(solver).isCloseTo(4.0 / 9, within(tol));
      }
    }
  }

  @Test
  void picksAVertexWhenOneGradientIsInsideTheOthersShadow() {
    // v1 = (1,0) has v1·v2 = v1·v3 = 2 ≥ ‖v1‖²: the min-norm point is v1 itself.
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, -1, 0), 1f);
      f.term("aux1", Role.AUXILIARY, f.quadratic(x, -2, -1), 1f);
      f.term("aux2", Role.AUXILIARY, f.quadratic(x, -2, 1), 1f);
      WeightingResult r = new MgdaWeighting(MgdaWeighting.Options.DEFAULTS).combine(f.ctx());
      Map<String, float[]> out = run(f, r);
      assertClose(out.get("gx"), new double[] {1, 0});
      assertThat(out.get("term/main/solver_weight")[0]).isCloseTo(1f, within(1e-5f));
      assertThat(out.get("term/aux1/solver_weight")[0]).isCloseTo(0f, within(1e-5f));
    }
  }

  @Test
  void l2NormalizationBalancesDirectionsNotMagnitudes() {
    // normalised v: (1,0), (0,1) → α = (½, ½), applied to the raw (4,0), (0,1)
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, -4, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, -1), 1f);
      WeightingResult r =
          MgdaWeighting.factory().create(Params.of("normalization", "l2")).combine(f.ctx());
      assertClose(f.run(Map.of("gx", r.gradients().get("x"))).get("gx"), new double[] {2, 0.5});
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new MgdaWeighting(MgdaWeighting.Options.DEFAULTS), List.of("term/aux/solver_weight"));
  }

  static Map<String, float[]> run(WeightingFixture f, WeightingResult r) {
    Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
    fetch.put("gx", r.gradients().get("x"));
    r.effectiveWeights().forEach((k, v) -> fetch.put("w_" + k, v));
    return f.run(fetch, f.updates());
  }
}
