package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The elementary solve and eigendecomposition against the answers they must give, computed here in
 * double precision: A·x = b for every system of a batch (one that needs a row swap, one solved
 * transposed), and V·diag(λ)·Vᵀ = K with orthonormal V.
 */
class ClusterableLinalgTest {
  private static float[] eval(Graph g, Operand<TFloat32> x, int n) {
    try (Session s = new Session(g);
        Result r = s.runner().fetch(x).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[n];
      for (int i = 0; i < n; i++) out[i] = t.getFloat(index(t.shape().asArray(), i));
      return out;
    }
  }

  /** The coordinates of the i-th element in row-major order. */
  private static long[] index(long[] shape, int i) {
    long[] at = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = i % shape[d];
      i /= (int) shape[d];
    }
    return at;
  }

  @Test
  void solvesEveryBatchedSystemWithRowSwaps() {
    Random rnd = new Random(5);
    int b = 3, p = 4, k = 2;
    float[][][] a = new float[b][p][p];
    float[][][] rhs = new float[b][p][k];
    for (int s = 0; s < b; s++) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) a[s][i][j] = (float) rnd.nextGaussian();
        for (int j = 0; j < k; j++) rhs[s][i][j] = (float) rnd.nextGaussian();
      }
    }
    a[1][0][0] = 0f; // the first pivot must come from another row
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      GramMath m = new GramMath(tf, true);
      float[] x = eval(g, m.solve(tf.constant(a), tf.constant(rhs), p, false), b * p * k);
      for (int s = 0; s < b; s++) {
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < k; j++) {
            double ax = 0;
            for (int c = 0; c < p; c++) ax += a[s][i][c] * x[(s * p + c) * k + j];
            assertThat(ax)
                .as("system %d row %d col %d", s, i, j)
                .isCloseTo(rhs[s][i][j], within(1e-4));
          }
        }
      }
    }
  }

  @Test
  void solvesOneSystemTransposed() {
    float[][] a = {{0, 2, 1}, {1, 1, 0}, {3, 0, 1}};
    float[][] rhs = {{1}, {2}, {3}};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      GramMath m = new GramMath(tf, true);
      float[] x = eval(g, m.solve(tf.constant(a), tf.constant(rhs), 3, true), 3);
      for (int i = 0; i < 3; i++) {
        double atx = 0;
        for (int c = 0; c < 3; c++) atx += a[c][i] * x[c]; // (Aᵀx)_i
        assertThat(atx).as("row %d", i).isCloseTo(rhs[i][0], within(1e-5));
      }
    }
  }

  @Test
  void aSingularSystemGivesNonFiniteValues() {
    float[][] a = {{1, 2}, {2, 4}};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      GramMath m = new GramMath(tf, true);
      float[] x =
          eval(g, m.solve(tf.constant(a), tf.constant(new float[][] {{1}, {1}}), 2, false), 2);
      assertThat(Float.isFinite(x[0]) && Float.isFinite(x[1])).as(Arrays.toString(x)).isFalse();
    }
  }

  @Test
  void eigendecomposesSymmetricGramMatrices() {
    Random rnd = new Random(11);
    for (int p = 2; p <= 10; p++) {
      double[][] gr = new double[p][p + 1];
      for (double[] row : gr) for (int d = 0; d < row.length; d++) row[d] = rnd.nextGaussian();
      float[][] k = new float[p][p];
      for (int i = 0; i < p; i++)
        for (int j = 0; j < p; j++) {
          double dot = 0;
          for (int d = 0; d <= p; d++) dot += gr[i][d] * gr[j][d];
          k[i][j] = (float) dot;
        }
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        GramMath m = new GramMath(tf, true);
        List<Operand<TFloat32>> eig = m.symmetricEigen(tf.constant(k), p);
        float[] lambda = eval(g, eig.get(0), p);
        float[] v = eval(g, eig.get(1), p * p);
        double scale = 0;
        for (float[] row : k) for (float x : row) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            double rebuilt = 0, gram = 0;
            for (int c = 0; c < p; c++) {
              rebuilt += v[i * p + c] * lambda[c] * v[j * p + c];
              gram += v[c * p + i] * v[c * p + j];
            }
            assertThat(rebuilt)
                .as("p=%d (VΛVᵀ)_%d%d", p, i, j)
                .isCloseTo(k[i][j], within(1e-4 * scale));
            assertThat(gram).as("p=%d (VᵀV)_%d%d", p, i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
          }
        }
      }
    }
  }
}
