package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.IdentityN;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** EnsureShape, IdentityN, TensorScatterUpdate/Add/Sub, Conv3D. */
class StructuralGradientsTest {

  private static float[] values(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) Math.sin(1.3 * i + 0.4) * scale;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> f32(Output<?> o) {
    return (Operand<TFloat32>) (Operand<?>) o;
  }

  @Test
  void ensureShapeIsTheIdentity() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", values(6, 1f), 2, 3);
      Operand<TFloat32> checked = c.tf.ensureShape(c.tf.math.square(x), Shape.of(2, 3));
      c.assertGradientMatches(c.weightedSum(checked), x);
    }
  }

  @Test
  void identityNPassesEachGradientThroughAndSkipsIntegerInputs() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> a = c.input("a", values(3, 1f), 3);
      Placeholder<TFloat32> b = c.input("b", values(2, 2f), 2);
      // the int input comes from ArgMax, which has no gradient: it must receive NoGradient
      Operand<TInt32> best = c.tf.math.argMax(a, c.tf.constant(0), TInt32.class);
      IdentityN ids = c.tf.identityN(List.of(a, b, best));
      Operand<TFloat32> y =
          c.tf.math.add(
              c.weightedSum(c.tf.math.exp(f32(ids.output().get(0).asOutput()))),
              c.weightedSum(c.tf.math.square(f32(ids.output().get(1).asOutput()))));
      c.assertGradientMatches(y, a);
      c.assertGradientMatches(y, b);
      // an output nobody uses: its input still gets a (zero) gradient
      Operand<TFloat32> onlyFirst = c.weightedSum(f32(ids.output().get(0).asOutput()));
      assertThat(c.analytic(onlyFirst, b)).containsOnly(0f);
    }
  }

  @Test
  void tensorScatterUpdate() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> tensor = c.input("tensor", values(12, 1f), 4, 3);
      Placeholder<TFloat32> updates = c.input("updates", values(6, 0.5f), 2, 3);
      Operand<TInt32> indices = c.tf.constant(new int[][] {{1}, {3}});
      Operand<TFloat32> out =
          c.tf.math.square(c.tf.tensorScatterNdUpdate(tensor, indices, updates));
      Operand<TFloat32> y = c.weightedSum(out);
      c.assertGradientMatches(y, tensor);
      c.assertGradientMatches(y, updates);
    }
  }

  @ParameterizedTest(name = "subtract={0}")
  @CsvSource({"false", "true"})
  void tensorScatterAddAndSub(boolean subtract) {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> tensor = c.input("tensor", values(12, 1f), 4, 3);
      Placeholder<TFloat32> updates = c.input("updates", values(9, 0.5f), 3, 3);
      Operand<TInt32> indices = c.tf.constant(new int[][] {{1}, {3}, {1}});
      Operand<TFloat32> scattered =
          subtract
              ? c.tf.tensorScatterNdSub(tensor, indices, updates)
              : c.tf.tensorScatterNdAdd(tensor, indices, updates);
      Operand<TFloat32> y = c.weightedSum(c.tf.math.square(scattered));
      c.assertGradientMatches(y, tensor);
      c.assertGradientMatches(y, updates);
    }
  }

  // TF's CPU backprop kernels reject dilations > 1, so only dilation 1 is checked here
  @ParameterizedTest(name = "padding={0} stride={1}")
  @CsvSource({"SAME,1", "VALID,2", "SAME,2"})
  void conv3d(String padding, long stride) {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> input = c.input("input", values(1 * 4 * 4 * 4 * 2, 1f), 1, 4, 4, 4, 2);
      Placeholder<TFloat32> filter =
          c.input("filter", values(2 * 2 * 2 * 2 * 3, 0.5f), 2, 2, 2, 2, 3);
      Operand<TFloat32> out =
          c.tf.nn.conv3d(input, filter, List.of(1L, stride, stride, stride, 1L), padding);
      Operand<TFloat32> y = c.weightedSum(c.tf.math.square(out));
      c.assertGradientMatches(y, input);
      c.assertGradientMatches(y, filter);
    }
  }
}
