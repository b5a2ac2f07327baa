package dev.auxloss.tf.gradients;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.layers.Var;
import dev.auxloss.tf.graph.TfVariableStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link Layers#batchNorm} in training mode relies on the C++ registry's FusedBatchNormV3 gradient
 * (no custom one): checked here against finite differences for the input, gamma and beta, on images
 * and on [B,D]. The loss squares the output so the batch statistics' own derivatives count.
 */
class BatchNormGradientTest {

  private static float[] values(int n, float scale, double phase) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (Math.sin(1.3 * i + phase) * scale + 0.3);
    return v;
  }

  @ParameterizedTest(name = "rank {0}")
  @ValueSource(ints = {2, 4})
  void trainingModeGradientMatchesFiniteDifferences(int rank) {
    try (GradientChecker c = new GradientChecker()) {
      long[] shape = rank == 4 ? new long[] {2, 3, 3, 2} : new long[] {5, 2};
      Placeholder<TFloat32> x = c.input("x", values((int) Shape.of(shape).size(), 2f, 0.4), shape);
      TfVariableStore store = new TfVariableStore(c.tf, 1);
      Layers layers = new Layers(c.tf, store, "m", false, true, 1);
      Operand<TFloat32> y = layers.batchNorm("bn", x);
      Var gamma = store.all().stream().filter(v -> v.name().equals("m/bn/gamma")).findFirst().get();
      Var beta = store.all().stream().filter(v -> v.name().equals("m/bn/beta")).findFirst().get();
      c.feed(gamma.value(), new float[] {1.5f, 0.7f});
      c.feed(beta.value(), new float[] {0.2f, -0.3f});
      Operand<TFloat32> loss = c.weightedSum(c.tf.math.square(y));
      c.assertGradientMatches(loss, x);
      c.assertGradientMatches(loss, gamma.value());
      c.assertGradientMatches(loss, beta.value());
    }
  }
}
