package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class SparseSoftmaxCrossEntropyGradTest {
  private static final float[] LOGITS = {
    1f, 2f, -1f, 0.5f, 0f, -2f, 3f, 1f, 2.5f, 0.3f, -0.7f, 1.2f
  };

  @Test
  void logitsGradientMatchesFiniteDifferences() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> logits = c.input("logits", LOGITS, 3, 4);
      SparseSoftmaxCrossEntropyWithLogits<TFloat32> xent =
          c.tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, c.tf.constant(new int[] {1, 3, 0}));
      c.assertGradientMatches(c.weightedSum(xent.loss()), logits);
    }
  }

  @Test
  void equalsTheDenseCrossEntropyGradientWithOneHotLabels() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> logits = c.input("logits", LOGITS, 3, 4);
      Operand<TInt32> labels = c.tf.constant(new int[] {2, 0, 3});
      Operand<TFloat32> sparse = c.tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
      Operand<TFloat32> oneHot =
          c.tf.oneHot(labels, c.tf.constant(4), c.tf.constant(1f), c.tf.constant(0f));
      Operand<TFloat32> dense = c.tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
      Operand<TFloat32> meanSparse = c.tf.math.mean(sparse, c.tf.constant(0));
      Operand<TFloat32> meanDense = c.tf.math.mean(dense, c.tf.constant(0));

      assertThat(c.analytic(meanSparse, logits))
          .containsExactly(
              c.analytic(meanDense, logits), org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void usingTheBackpropOutputAddsItsSoftmaxDerivative() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> logits = c.input("logits", LOGITS, 3, 4);
      SparseSoftmaxCrossEntropyWithLogits<TFloat32> xent =
          c.tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, c.tf.constant(new int[] {1, 3, 0}));
      Operand<TFloat32> y =
          c.tf.math.add(c.weightedSum(xent.loss()), c.weightedSum(xent.backprop()));
      c.assertGradientMatches(y, logits);

      Operand<TFloat32> onlyBackprop = c.weightedSum(xent.backprop());
      c.assertGradientMatches(onlyBackprop, logits);
    }
  }

  @Test
  void labelsComputedFromTheLogitsNeedNoGradientOfTheirOwn() {
    // pseudo-labels: ArgMax has no gradient in TF; labels get NoGradient, so it is never asked
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> logits = c.input("logits", LOGITS, 3, 4);
      Operand<TInt32> pseudo = c.tf.math.argMax(logits, c.tf.constant(1), TInt32.class);
      Operand<TFloat32> y =
          c.weightedSum(c.tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, pseudo).loss());
      c.assertGradientMatches(y, logits);
    }
  }

  @Test
  void theGradientWithRespectToLabelsIsNoGradient() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> logits = c.input("logits", LOGITS, 3, 4);
      Placeholder<TInt32> labels = c.tf.placeholder(TInt32.class);
      Operand<TFloat32> y =
          c.tf.sum(
              c.tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss(), c.tf.constant(0));
      Output<?>[] g =
          c.graph.addGradients(y.asOutput(), new Output<?>[] {labels.output(), logits.output()});
      assertThat(TfGradients.isNoGradient(g[0])).isTrue();
      assertThat(TfGradients.isNoGradient(g[1])).isFalse();
    }
  }
}
