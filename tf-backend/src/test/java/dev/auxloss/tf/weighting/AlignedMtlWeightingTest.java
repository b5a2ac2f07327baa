package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlignedMtlWeightingTest {
  /** Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations. */
  static double[][][] jacobi(double[][] a0) {
    int n = a0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) a[i] = a0[i].clone();
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(a[p][q]) < 1e-300) continue;
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t =
              Math.signum(theta == 0 ? 1 : theta)
                  / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) { // A ← JᵀAJ, V ← VJ
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[][] lambda = new double[1][n];
    for (int i = 0; i < n; i++) lambda[0][i] = a[i][i];
    return new double[][][] {lambda, v};
  }

  /** TorchJD's weights: β = √λ_min·V·Λ^−½·Vᵀ·pref over the eigenvalues above max·m·ε. */
  static double[] reference(double[][] grads, double pref) {
    int p = grads.length;
    double[][] g = new double[p][p];
    for (int i = 0; i < p; i++)
      for (int j = 0; j < p; j++) g[i][j] = UpGradWeightingTest.dot(grads[i], grads[j]);
    double[][][] e = jacobi(g);
    double[] lambda = e[0][0];
    double[][] v = e[1];
    double max = 0;
    for (double l : lambda) max = Math.max(max, l);
    double tol = max * p * Math.ulp(1f);
    double smallest = Double.MAX_VALUE;
    for (double l : lambda) if (l > tol) smallest = Math.min(smallest, l);
    double[] beta = new double[p];
    for (int r = 0; r < p; r++) {
      if (!(lambda[r] > tol)) continue;
      double proj = 0;
      for (int j = 0; j < p; j++) proj += v[j][r] * pref;
      for (int i = 0; i < p; i++)
        beta[i] += Math.sqrt(smallest) * v[i][r] * proj / Math.sqrt(lambda[r]);
    }
    return beta;
  }

  private static Map<String, float[]> run(
      AlignedMtlWeighting.Options options, float[][] targets, float[] weights) {
    return run(options, targets, weights, false);
  }

  private static Map<String, float[]> run(
      AlignedMtlWeighting.Options options, float[][] targets, float[] weights, boolean compiled) {
    return QuadraticTerms.run(new AlignedMtlWeighting(options), targets, weights, 0, compiled);
  }

  /** Off XLA (SelfAdjointEig) and compiled by XLA (ClusterableLinalg's Jacobi rotations). */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void weightsMatchAnIndependentEigendecomposition(boolean compiled) {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 6; trial++) {
      int p = 2 + trial % 3;
      float[][] targets = new float[p][5];
      float[] w = new float[p];
      double[][] grads = new double[p][5];
      for (int i = 0; i < p; i++) {
        w[i] = 0.5f + rnd.nextFloat();
        for (int d = 0; d < 5; d++) {
          targets[i][d] = (float) rnd.nextGaussian();
          grads[i][d] = -w[i] * targets[i][d];
        }
      }
      for (String pref : List.of("mean", "sum")) {
        Map<String, float[]> out = run(new AlignedMtlWeighting.Options(pref), targets, w, compiled);
        double[] beta = reference(grads, pref.equals("mean") ? 1.0 / p : 1.0);
        double[] update = new double[5];
        for (int i = 0; i < p; i++) {
          assertThat((double) out.get("term/t" + i + "/adaptive_weight")[0])
              .as("trial %d %s β%d", trial, pref, i)
              .isCloseTo(beta[i], within(2e-3 * (1 + Math.abs(beta[i]))));
          for (int d = 0; d < 5; d++) update[d] += beta[i] * grads[i][d];
        }
        UpGradWeightingTest.assertClose(out.get("gx"), update, 5e-3);
      }
    }
  }

  @Test
  void alignedGradientsHaveEqualMagnitudesAndAreOrthogonal() {
    // Full rank: B·G·B = λ_min·I, so with preference 1 the update's squared norm is 1ᵀ·BGB·1 =
    // 3·λ_min.
    float[][] targets = {{1, 0.5f, 0}, {-0.3f, 2, 1}, {0.2f, -0.1f, 0.7f}};
    float[] gx =
        run(new AlignedMtlWeighting.Options("sum"), targets, new float[] {1, 1, 1}).get("gx");
    double[][] g = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int d = 0; d < 3; d++) s += targets[i][d] * targets[j][d];
        g[i][j] = s;
      }
    }
    double min = Double.MAX_VALUE;
    for (double l : jacobi(g)[0][0]) min = Math.min(min, l);
    double norm2 = (double) gx[0] * gx[0] + (double) gx[1] * gx[1] + (double) gx[2] * gx[2];
    assertThat(norm2).isCloseTo(3 * min, within(1e-3 * (1 + 3 * min)));
  }

  @Test
  void theDocumentedExample() {
    double[] beta = reference(new double[][] {{1, 0}, {0, 2}}, 0.5);
    assertThat(beta[0]).isCloseTo(0.5, within(1e-12));
    assertThat(beta[1]).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new AlignedMtlWeighting(AlignedMtlWeighting.Options.DEFAULTS),
        List.of("term/aux/adaptive_weight"));
  }
}
