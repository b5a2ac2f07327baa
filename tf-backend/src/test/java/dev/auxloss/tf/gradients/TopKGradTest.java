package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class TopKGradTest {
  // distinct values, gaps well above the finite-difference step: the selection stays put
  private static final float[] X = {
    0.3f, -1.2f, 2.0f, 0.9f, -0.4f, 1.5f, 0.1f, -2.2f, 0.7f, 1.1f, -0.8f, 2.4f, 0.5f, -1.6f, 1.9f
  };

  @Test
  void valuesGradientMatchesFiniteDifferences() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X, 3, 5);
      TopK<TFloat32, TInt32> top = c.tf.nn.topK(x, c.tf.constant(2), TInt32.class);
      c.assertGradientMatches(c.weightedSum(c.tf.math.square(top.values())), x);
    }
  }

  @Test
  void gradientLandsOnTheSelectedElementsOnly() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X, 3, 5);
      TopK<TFloat32, TInt32> top = c.tf.nn.topK(x, c.tf.constant(2), TInt32.class);
      float[] g = c.analytic(c.tf.sum(top.values(), c.tf.constant(new int[] {0, 1})), x);
      assertThat(g).containsExactly(0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1);
    }
  }

  @Test
  void rank3InputInt64IndicesAndUnsortedOutput() {
    try (GradientChecker c = new GradientChecker()) {
      float[] x12 = new float[12];
      System.arraycopy(X, 0, x12, 0, 12);
      Placeholder<TFloat32> x = c.input("x", x12, 2, 2, 3);
      TopK<TFloat32, TInt64> top =
          c.tf.nn.topK(x, c.tf.constant(2), TInt64.class, TopK.sorted(false));
      c.assertGradientMatches(c.weightedSum(c.tf.math.exp(top.values())), x);
    }
  }

  @Test
  void kComputedFromTheInputAndIndicesUsedDownstream() {
    // k = n / 2 depends on x through Shape, the indices feed a gather: both carry no gradient
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X, 3, 5);
      Operand<TInt32> n =
          c.tf.stridedSlice(c.tf.shape(x), org.tensorflow.ndarray.index.Indices.at(1));
      Operand<TInt32> k = c.tf.math.floorDiv(n, c.tf.constant(2));
      TopK<TFloat32, TInt32> top = c.tf.nn.topK(x, k, TInt32.class);
      Operand<TFloat32> table = c.tf.constant(new float[] {1f, -2f, 3f, 0.5f, 4f});
      Operand<TFloat32> looked = c.tf.gather(table, top.indices(), c.tf.constant(0));
      Operand<TFloat32> y =
          c.tf.math.add(
              c.weightedSum(c.tf.reshape(top.values(), c.tf.constant(new int[] {3, 2}))),
              c.tf.sum(c.tf.math.mul(looked, looked), c.tf.constant(new int[] {0, 1})));
      c.assertGradientMatches(y, x);
    }
  }
}
