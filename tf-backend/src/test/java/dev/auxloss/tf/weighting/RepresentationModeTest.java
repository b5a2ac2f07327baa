package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.tf.graph.TfRepresentationGradients;
import dev.auxloss.tf.graph.TfWeightingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code compare_on: "endpoint:<R>"}: terms are compared by ∂L/∂R and the trunk below R gets one
 * backward pass of the combined R-gradient. Trunk here: R = w ⊙ x (so ∂R/∂w = x); heads are
 * quadratics in R, so every expected gradient is a few lines of arithmetic.
 */
class RepresentationModeTest {
  static final float[] X = {2, -1, 0.5f};
  static final float[] W0 = {0.5f, 1, -2};
  static final float[] A = {3, 1, 0};
  static final float[] B = {-2, 0, 1};

  @Test
  void pcGradProjectsTheRepresentationGradientsThenBackPropagatesTheirSumOnce() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var w = f.variable("w", true, W0);
      Var head = f.variable("head", false, 1, 1);
      Operand<TFloat32> r = f.tf.math.mul(w.value(), f.tf.constant(X));
      f.term("main", Role.PRIMARY, quadratic(f, r, A), 1f);
      f.term(
          "aux", Role.AUXILIARY, f.tf.math.add(quadratic(f, r, B), f.quadratic(head, 3, -1)), 0.5f);
      // Reads w, not R: not compared, keeps its weight and its own gradient.
      f.term("decay", Role.REGULARIZER, f.quadratic(w, 0, 0, 0), 0.1f);
      WeightingResult res = new PcGradWeighting().combine(ctx(f, r, w));
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(res.telemetry());
      fetch.put("gw", res.gradients().get("w"));
      fetch.put("ghead", res.gradients().get("head"));
      Map<String, float[]> out = f.run(fetch, f.updates());

      double[] r0 = new double[3];
      for (int i = 0; i < 3; i++) r0[i] = W0[i] * X[i];
      double[] v1 = Vec.axpy(r0, -1, Vec.of(A));
      double[] v2 = Vec.scale(0.5, Vec.axpy(r0, -1, Vec.of(B)));
      assertThat(Vec.dot(v1, v2)).as("the two heads conflict at R").isNegative();
      double[] p1 = Vec.axpy(v1, -Vec.dot(v1, v2) / Vec.dot(v2, v2), v2);
      double[] p2 = Vec.axpy(v2, -Vec.dot(v2, v1) / Vec.dot(v1, v1), v1);
      double[] seed = Vec.axpy(p1, 1, p2);
      double[] gw = new double[3];
      for (int i = 0; i < 3; i++) gw[i] = seed[i] * X[i] + 0.1 * W0[i];
      assertClose(out.get("gw"), gw);
      assertClose(out.get("ghead"), new double[] {0.5 * (1 - 3), 0.5 * (1 + 1)});
      assertThat(out.get("term/aux/cosine")[0]).isNegative();
      assertThat(out.get("term/aux/projected")[0]).isEqualTo(1f);
      assertThat(out).doesNotContainKey("term/decay/projected");
    }
  }

  @Test
  void withoutConflictTheResultIsTheFullGradientOfTheWeightedSum() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var w = f.variable("w", true, W0);
      Operand<TFloat32> r = f.tf.math.mul(w.value(), f.tf.constant(X));
      f.term("main", Role.PRIMARY, quadratic(f, r, A), 1f);
      f.term("aux", Role.AUXILIARY, quadratic(f, r, A), 2f);
      WeightingResult res =
          CosineGatingWeighting.factory()
              .create(dev.auxloss.api.params.Params.empty())
              .combine(ctx(f, r, w));
      float[] gw = f.run(Map.of("gw", res.gradients().get("w"))).get("gw");
      double[] expected = new double[3];
      for (int i = 0; i < 3; i++) expected[i] = 3 * (W0[i] * X[i] - A[i]) * X[i];
      assertClose(gw, expected);
    }
  }

  @Test
  void aTermReadingTheTrunkBesideTheRepresentationIsFound() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var w = f.variable("w", true, W0);
      Operand<TFloat32> r = f.tf.math.mul(w.value(), f.tf.constant(X));
      Term clean = f.term("main", Role.PRIMARY, quadratic(f, r, A), 1f);
      Term leaky =
          f.term(
              "aux",
              Role.AUXILIARY,
              f.tf.math.add(quadratic(f, r, B), f.quadratic(w, 1, 1, 1)),
              1f);
      TfRepresentationGradients rep = rep(f, r, w);
      assertThat(rep.bypass(clean)).isEmpty();
      assertThat(rep.bypass(leaky)).contains("w");
    }
  }

  static Operand<TFloat32> quadratic(WeightingFixture f, Operand<TFloat32> r, float[] a) {
    Operand<TFloat32> d = f.tf.math.sub(r, f.tf.constant(a));
    return f.tf.math.mul(
        f.tf.constant(0.5f), f.tf.reduceSum(f.tf.math.square(d), f.tf.constant(0)));
  }

  static TfRepresentationGradients rep(WeightingFixture f, Operand<TFloat32> r, Var below) {
    return new TfRepresentationGradients(
        f.tf.withSubScope("representation"), r, f.store.trainable(), List.of(below), f.gradients);
  }

  static TfWeightingContext ctx(WeightingFixture f, Operand<TFloat32> r, Var below) {
    return f.track(
        new TfWeightingContext(
            f.tf.withSubScope("weighting"),
            f.terms,
            f.store,
            List.of(below),
            f.gradients,
            f.tf.constant(0L),
            rep(f, r, below)));
  }
}
