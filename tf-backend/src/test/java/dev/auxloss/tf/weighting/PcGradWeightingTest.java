package dev.auxloss.tf.weighting;

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

class PcGradWeightingTest {
  // Gradients at x = 0 are -a and -b: a·b = -1, they conflict.
  static final float[] A = {1, 2, 0};
  static final float[] B = {-2, 0.5f, 1};

  @Test
  void projectsConflictingGradientsOntoEachOthersNormalPlane() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      Var head = f.variable("head", false, 1, 1);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term(
          "aux", Role.AUXILIARY, f.tf.math.add(f.quadratic(x, B), f.quadratic(head, 3, -1)), 0.5f);
      WeightingResult r = PcGradWeighting.factory().create(Params.empty()).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("ghead", r.gradients().get("head"));
      fetch.put("w_aux", r.effectiveWeights().get("aux"));
      Map<String, float[]> out = f.run(fetch, f.updates());

      double[] v1 = Vec.neg(A);
      double[] v2 = Vec.scale(0.5, Vec.neg(B));
      double[] p1 = Vec.axpy(v1, -Vec.dot(v1, v2) / Vec.dot(v2, v2), v2);
      double[] p2 = Vec.axpy(v2, -Vec.dot(v2, v1) / Vec.dot(v1, v1), v1);
      double[] expected = Vec.axpy(p1, 1, p2);
      assertClose(out.get("gx"), expected);
      assertClose(out.get("ghead"), new double[] {0.5 * (1 - 3), 0.5 * (1 + 1)});
      assertThat(out.get("w_aux")[0]).isEqualTo(0.5f);
      assertThat(out.get("term/main/projected")[0]).isEqualTo(1f);
      assertThat(out.get("term/aux/projected")[0]).isEqualTo(1f);
      assertThat(out.get("term/aux/grad_norm")[0])
          .isCloseTo((float) Vec.norm(Vec.of(B)), within(1e-5f));
      assertThat(out.get("term/aux/cosine")[0])
          .isCloseTo((float) Vec.cos(Vec.of(A), Vec.of(B)), within(1e-5f));
      assertThat(out.get("term/aux/conflict_rate")[0]).isEqualTo(1f);
      assertThat(out.get("term/main/conflict_rate")[0]).isEqualTo(0f);
    }
  }

  /** Each term visits the other two in an order drawn per step ({@link ThreeTermOrders}). */
  @Test
  void visitsTheOtherTermsInARandomOrderPerStep() {
    ThreeTermOrders.assertRandomPerStep(
        new PcGradWeighting(),
        (g, vj) -> {
          double dot = Vec.dot(g, vj);
          return dot < 0 ? Vec.axpy(g, -dot / Vec.dot(vj, vj), vj) : g;
        });
  }

  @Test
  void cyclicOrderIsFixed() {
    double[][] v = {{1, 0, 0}, {-1, 1, 0}, {-0.5, -1, 1}};
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      for (int i = 0; i < 3; i++) {
        float[] a = {(float) -v[i][0], (float) -v[i][1], (float) -v[i][2]};
        f.term("t" + i, i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, a), 1f);
      }
      WeightingResult r =
          PcGradWeighting.factory().create(Params.of("order", "cyclic")).combine(f.ctx(5));
      double[] expected = new double[3];
      for (int i = 0; i < 3; i++) {
        double[] g = v[i].clone();
        for (int s = 1; s < 3; s++) {
          double[] o = v[(i + s) % 3];
          double dot = Vec.dot(g, o);
          if (dot < 0) g = Vec.axpy(g, -dot / Vec.dot(o, o), o);
        }
        expected = Vec.axpy(expected, 1, g);
      }
      assertClose(f.run(Map.of("gx", r.gradients().get("x"))).get("gx"), expected);
    }
  }

  @Test
  void leavesAgreeingGradientsAlone() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, A), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 1, 1, 1), 2f);
      WeightingResult r = new PcGradWeighting().combine(f.ctx());
      Map<String, float[]> out =
          f.run(Map.of("gx", r.gradients().get("x"), "n", r.telemetry().get("term/aux/projected")));
      assertClose(out.get("gx"), new double[] {-1 - 2, -2 - 2, -2});
      assertThat(out.get("n")[0]).isZero();
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(new PcGradWeighting(), List.of("term/aux/projected"));
  }

  static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("entry %d", i)
          .isCloseTo(expected[i], within(1e-4 * (1 + Math.abs(expected[i]))));
    }
  }
}
