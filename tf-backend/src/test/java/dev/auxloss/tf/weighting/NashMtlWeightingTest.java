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

class NashMtlWeightingTest {
  /** Off XLA (MatrixSolve) and compiled by XLA (the elementary solver of ClusterableLinalg). */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void solvesTheBargainingConditionOnTheNormalisedGram(boolean compiled) {
    double[][] v = {{1, 0.5, 0}, {-0.5, 2, 0.3}, {0.2, -0.4, 1.5}};
    try (WeightingFixture f = new WeightingFixture()) {
      f.compiled = compiled;
      Var x = f.variable("x", true, 0, 0, 0);
      String[] names = {"t0", "t1", "t2"};
      for (int i = 0; i < 3; i++) {
        float[] a = new float[3];
        for (int j = 0; j < 3; j++) a[j] = (float) -v[i][j];
        f.term(names[i], i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, a), 1f);
      }
      // unclipped here: the bargaining condition is checked on α itself
      WeightingResult r =
          new NashMtlWeighting(new NashMtlWeighting.Options(20, 0)).combine(f.ctx());
      Map<String, float[]> out = MgdaWeightingTest.run(f, r);
      double[][] k = new double[3][3];
      double frob = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          k[i][j] = Vec.dot(v[i], v[j]);
          frob += k[i][j] * k[i][j];
        }
      }
      double[] alpha = new double[3];
      for (int i = 0; i < 3; i++)
        alpha[i] = out.get(TelemetryKeys.term(names[i], "solver_weight"))[0];
      double[] d = new double[3];
      for (int i = 0; i < 3; i++) {
        double kAlpha = 0;
        for (int j = 0; j < 3; j++) kAlpha += k[i][j] / Math.sqrt(frob) * alpha[j];
        assertThat(alpha[i] * kAlpha).as("α_%d·(Kα)_%d", i, i).isCloseTo(1.0, within(1e-3));
        d = Vec.axpy(d, alpha[i], v[i]);
      }
      assertClose(out.get("gx"), d);
    }
  }

  /**
   * The authors' max_norm: the same direction, scaled to norm 1 when longer; shorter ones are left
   * alone.
   */
  @Test
  void clipsTheSharedGradientToMaxNorm() {
    float[][] big = {{3, 1, 0}, {-1, 4, 1}};
    float[][] small = {{0.1f, 0, 0}, {0, 0.2f, 0}};
    for (float[][] targets : List.of(big, small)) {
      float[] free =
          QuadraticTerms.update(
              new NashMtlWeighting(new NashMtlWeighting.Options(20, 0)),
              targets,
              new float[] {1, 1});
      float[] clip =
          QuadraticTerms.update(
              new NashMtlWeighting(NashMtlWeighting.Options.DEFAULTS), targets, new float[] {1, 1});
      double n = Vec.norm(Vec.of(free));
      assertClose(clip, Vec.scale(Math.min(1, 1 / n), Vec.of(free)));
      if (targets == big) assertThat(n).as("the large case needs clipping").isGreaterThan(1.5);
    }
  }

  /** A term scheduled to 0 takes no part: the update is the one of the other terms alone. */
  @Test
  void aTermScheduledToZeroTakesNoPart() {
    float[] a = {1, 0.5f, 0};
    float[] b = {-0.5f, 2, 0.3f};
    float[] c = {0.2f, -0.4f, 1.5f};
    NashMtlWeighting nash = new NashMtlWeighting(new NashMtlWeighting.Options(20, 0));
    float[] without = QuadraticTerms.update(nash, new float[][] {a, c}, new float[] {1, 1});
    float[] zeroed = QuadraticTerms.update(nash, new float[][] {a, b, c}, new float[] {1, 0, 1});
    assertClose(zeroed, Vec.of(without));
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new NashMtlWeighting(NashMtlWeighting.Options.DEFAULTS), List.of("term/aux/solver_weight"));
  }
}
