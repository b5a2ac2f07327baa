package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaGradWeightingTest {
  static final float[] A = PcGradWeightingTest.A;
  static final float[] B = PcGradWeightingTest.B;

  /** The paper's direction for two terms, with ω found by ternary search in double precision. */
  static double[] reference(double[] v1, double[] v2, double c) {
    double[] g0 = Vec.scale(0.5, Vec.axpy(v1, 1, v2));
    double r = c * Vec.norm(g0);
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 200; i++) {
      double m1 = lo + (hi - lo) / 3;
      double m2 = hi - (hi - lo) / 3;
      if (f(m1, v1, v2, g0, r) < f(m2, v1, v2, g0, r)) hi = m2;
      else lo = m1;
    }
    double w = (lo + hi) / 2;
    double[] gw = Vec.axpy(Vec.scale(w, v1), 1 - w, v2);
    double[] d = Vec.axpy(g0, r / Vec.norm(gw), gw);
    return Vec.scale(2 / (1 + c * c), d);
  }

  private static double f(double w, double[] v1, double[] v2, double[] g0, double r) {
    double[] gw = Vec.axpy(Vec.scale(w, v1), 1 - w, v2);
    return Vec.dot(gw, g0) + r * Vec.norm(gw);
  }

  /**
   * The paper's direction for any number of terms, ω by grid search and refinement on the simplex.
   */
  static double[] reference(double[][] v, double c) {
    int m = v.length;
    double[] g0 = new double[v[0].length];
    for (double[] vi : v) g0 = Vec.axpy(g0, 1.0 / m, vi);
    double r = c * Vec.norm(g0);
    double[] best = null;
    double bestF = Double.MAX_VALUE;
    int n = 400;
    for (int i = 0; i <= n; i++) {
      for (int j = 0; i + j <= n; j++) {
        double[] w = {i / (double) n, j / (double) n, (n - i - j) / (double) n};
        double f = objective(v, w, g0, r);
        if (f < bestF) {
          bestF = f;
          best = w;
        }
      }
    }
    double[] gw = combination(v, best);
    return Vec.scale(m / (1 + c * c), Vec.axpy(g0, r / Vec.norm(gw), gw));
  }

  private static double[] combination(double[][] v, double[] w) {
    double[] gw = new double[v[0].length];
    for (int i = 0; i < v.length; i++) gw = Vec.axpy(gw, w[i], v[i]);
    return gw;
  }

  private static double objective(double[][] v, double[] w, double[] g0, double r) {
    double[] gw = combination(v, w);
    return Vec.dot(gw, g0) + r * Vec.norm(gw);
  }

  @Test
  void exactSolverMatchesAGridSearchOnThreeTerms() {
    float[][] targets = {{-3, -1, 0}, {4, -4, 1}, {1, 2, -2}};
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      double[][] v = new double[3][];
      for (int i = 0; i < 3; i++) {
        f.term("t" + i, i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, targets[i]), 1f);
        v[i] = Vec.neg(targets[i]);
      }
      WeightingResult r = new CaGradWeighting(CaGradWeighting.Options.DEFAULTS).combine(f.ctx());
      float[] gx = f.run(Map.of("gx", r.gradients().get("x"))).get("gx");
      double[] expected = reference(v, 0.4);
      double err = Vec.norm(Vec.axpy(Vec.of(gx), -1, expected)) / Vec.norm(expected);
      assertThat(err).isLessThan(1e-2); // the grid's resolution
    }
  }

  @Test
  void matchesTheDualSolutionOnTwoConflictingGradients() {
    Map<String, Integer> steps = Map.of("exact", 1, "frank_wolfe", 10, "projected_gradient", 40);
    Map<String, Double> tolerance =
        Map.of("exact", 1e-5, "frank_wolfe", 1e-4, "projected_gradient", 1e-3);
    for (String solver : List.of("exact", "frank_wolfe", "projected_gradient")) {
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0, 0);
        // v₁ = (3, 1, 0), v₂ = 0.5·(−4, 4, 0): the dual optimum ω ≈ 0.361 is inside the simplex
        f.term("main", Role.PRIMARY, f.quadratic(x, -3, -1, 0), 1f);
        f.term("aux", Role.AUXILIARY, f.quadratic(x, 4, -4, 0), 0.5f);
        Params p = Params.of("solver", solver, "iterations", steps.get(solver));
        WeightingResult r = CaGradWeighting.factory().create(p).combine(f.ctx());
        Map<String, float[]> out =
            f.run(
                Map.of(
                    "gx",
                    r.gradients().get("x"),
                    "w",
                    r.telemetry().get("term/main/solver_weight")));
        float[] gx = out.get("gx");
        assertThat((double) out.get("w")[0]).as(solver).isCloseTo(0.3612, within(2e-3));
        double[] expected = reference(Vec.of(3, 1, 0), Vec.of(-2, 2, 0), 0.4);
        double err = Vec.norm(Vec.axpy(Vec.of(gx), -1, expected)) / Vec.norm(expected);
        assertThat(err).as(solver).isLessThan(tolerance.get(solver));
      }
    }
  }

  @Test
  void defaultSolverIsAccurateOnAgreeingAndVertexCases() {
    float[][][] pairs = {{{-1, -0.2f}, {-0.1f, -1}}, {{-1, -2}, {2, -0.5f}}};
    for (float[][] pair : pairs) {
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0);
        f.term("main", Role.PRIMARY, f.quadratic(x, pair[0]), 1f);
        f.term("aux", Role.AUXILIARY, f.quadratic(x, pair[1]), 1f);
        WeightingResult r = new CaGradWeighting(CaGradWeighting.Options.DEFAULTS).combine(f.ctx());
        float[] gx = f.run(Map.of("gx", r.gradients().get("x"))).get("gx");
        assertClose(gx, reference(Vec.neg(pair[0]), Vec.neg(pair[1]), 0.4));
      }
    }
  }

  @Test
  void zeroRadiusIsThePlainWeightedSum() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, B), 0.5f);
      WeightingResult r = CaGradWeighting.factory().create(Params.of("c", 0)).combine(f.ctx());
      Map<String, float[]> out =
          f.run(Map.of("gx", r.gradients().get("x"), "w", r.effectiveWeights().get("aux")));
      assertClose(out.get("gx"), Vec.axpy(Vec.neg(A), 0.5, Vec.neg(B)));
      assertThat(out.get("w")[0]).isCloseTo(0.5f, within(1e-6f));
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new CaGradWeighting(CaGradWeighting.Options.DEFAULTS), List.of("term/aux/solver_weight"));
  }
}
