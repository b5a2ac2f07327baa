package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpGradWeightingTest {
  /**
   * The quadratic program min vᵀGv s.t. v ≥ u by projected Gauss–Seidel in double precision: a
   * different algorithm from the enumeration under test.
   */
  static double[] bruteForce(double[][] g, double[] u) {
    int p = u.length;
    double[] v = u.clone();
    for (int sweep = 0; sweep < 20_000; sweep++) {
      for (int i = 0; i < p; i++) {
        double rest = 0;
        for (int j = 0; j < p; j++) if (j != i) rest += g[i][j] * v[j];
        v[i] = Math.max(u[i], -rest / g[i][i]);
      }
    }
    return v;
  }

  /** TorchJD's weights: the trace-normalised, ridge-regularised Gram, one QP per term, summed. */
  static double[] reference(double[][] grads, double pref, double regEps) {
    int p = grads.length;
    double[][] g = new double[p][p];
    double trace = 0;
    for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) g[i][j] = dot(grads[i], grads[j]);
    for (int i = 0; i < p; i++) trace += g[i][i];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) g[i][j] /= trace;
      g[i][i] += regEps;
    }
    double[] beta = new double[p];
    for (int i = 0; i < p; i++) {
      double[] u = new double[p];
      u[i] = pref;
      double[] v = bruteForce(g, u);
      for (int j = 0; j < p; j++) beta[j] += v[j];
    }
    return beta;
  }

  static void assertClose(float[] actual, double[] expected, double tolerance) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("entry %d", i)
          .isCloseTo(expected[i], within(tolerance * (1 + Math.abs(expected[i]))));
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** Terms ½‖x − aᵢ‖² at x = 0 have gradients −aᵢ; weights wᵢ scale them. */
  private static Map<String, float[]> run(
      UpGradWeighting.Options options, float[][] targets, float[] weights) {
    return run(options, targets, weights, false);
  }

  private static Map<String, float[]> run(
      UpGradWeighting.Options options, float[][] targets, float[] weights, boolean compiled) {
    return QuadraticTerms.run(new UpGradWeighting(options), targets, weights, 0, compiled);
  }

  /** Off XLA (MatrixSolve) and compiled by XLA (the elementary solver of ClusterableLinalg). */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void weightsMatchABruteForceQuadraticProgramOnRandomConflicts(boolean compiled) {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 6; trial++) {
      int p = 2 + trial % 3;
      float[][] targets = new float[p][4];
      float[] w = new float[p];
      double[][] grads = new double[p][4];
      for (int i = 0; i < p; i++) {
        w[i] = 0.5f + rnd.nextFloat();
        for (int d = 0; d < 4; d++) {
          targets[i][d] = (float) rnd.nextGaussian();
          grads[i][d] = -w[i] * targets[i][d]; // the weighted gradient at x = 0
        }
      }
      for (String pref : List.of("mean", "sum")) {
        UpGradWeighting.Options options = new UpGradWeighting.Options(pref, 1e-4, 1e-4);
        Map<String, float[]> out = run(options, targets, w, compiled);
        double[] beta = reference(grads, pref.equals("mean") ? 1.0 / p : 1.0, 1e-4);
        double[] update = new double[4];
        for (int i = 0; i < p; i++) {
          assertThat((double) out.get("term/t" + i + "/adaptive_weight")[0])
              .as("trial %d, %s, β%d", trial, pref, i)
              .isCloseTo(beta[i], within(2e-3 * (1 + Math.abs(beta[i]))));
          for (int d = 0; d < 4; d++) update[d] += beta[i] * grads[i][d];
        }
        assertClose(out.get("gx"), update, 5e-3);
        // no term gets worse to first order: the update's dot with every gradient is ≥ 0
        for (int i = 0; i < p; i++) {
          double[] got = new double[4];
          for (int d = 0; d < 4; d++) got[d] = out.get("gx")[d];
          assertThat(dot(got, grads[i])).as("trial %d, term %d", trial, i).isGreaterThan(-1e-4);
        }
      }
    }
  }

  @Test
  void withoutConflictItIsTheMeanOfTheGradients() {
    Map<String, float[]> out =
        run(
            UpGradWeighting.Options.DEFAULTS,
            new float[][] {{1, 0}, {0.5f, 1}},
            new float[] {1, 1});
    assertThat((double) out.get("term/t0/adaptive_weight")[0]).isCloseTo(0.5, within(1e-3));
    assertThat((double) out.get("term/t1/adaptive_weight")[0]).isCloseTo(0.5, within(1e-3));
    assertClose(out.get("gx"), new double[] {-0.75, -0.5}, 1e-3);
  }

  @Test
  void theDocumentedExample() {
    // targets a with gradients −a: g₁ = (1, 0), g₂ = (−1, 1)
    Map<String, float[]> out =
        run(
            new UpGradWeighting.Options("mean", 1e-4, 1e-9),
            new float[][] {{-1, 0}, {1, -1}},
            new float[] {1, 1});
    assertThat((double) out.get("term/t0/adaptive_weight")[0]).isCloseTo(1, within(1e-3));
    assertThat((double) out.get("term/t1/adaptive_weight")[0]).isCloseTo(0.75, within(1e-3));
    assertClose(out.get("gx"), new double[] {0.25, 0.75}, 1e-3);
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new UpGradWeighting(UpGradWeighting.Options.DEFAULTS), List.of("term/aux/adaptive_weight"));
  }
}
