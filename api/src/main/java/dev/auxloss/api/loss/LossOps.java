package dev.auxloss.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Graph math every loss needs: the mean over a mask and the (label-smoothed) softmax cross-entropy.
 * Written only with ops that have gradients in TF Java 1.1.0's C++ registry: cross-entropy goes
 * through one-hot targets and {@code SoftmaxCrossEntropyWithLogits} (the sparse op has no
 * gradient).
 *
 * <pre>{@code
 * // logits [[1,2,3],[0,0,0]], labels [2,0], label mask [1,0]:
 * Operand<TFloat32> ce = LossOps.crossEntropy(tf, logits, labels, 0);   // [0.4076, 1.0986]
 * Operand<TFloat32> loss = LossOps.maskedMean(tf, ce, ctx.labelMask()); // 0.4076
 * }</pre>
 */
public final class LossOps {
  /**
   * Floor of the mask's sum in {@link #maskedMean}. Any floor in (0, 1] gives the same value for a
   * 0/1 mask (its sum is 0 or ≥ 1); a tiny one also keeps soft weights summing to less than 1 a
   * true weighted mean, where {@code max(Σm, 1)} would silently shrink it.
   */
  public static final float MASK_SUM_FLOOR = 1e-6f;

  private LossOps() {}

  /**
   * {@code Σ v·m / max(Σ m, 1e-6)} over every element: the mean of {@code values} where {@code
   * mask} (same shape, 0/1 or non-negative weights) is set; a scalar. A batch with nothing set
   * gives 0, not NaN; for a 0/1 mask with at least one entry set the floor never changes the value
   * (see {@link #MASK_SUM_FLOOR} for why not {@code max(Σm, 1)}).
   */
  public static Operand<TFloat32> maskedMean(
      Ops tf, Operand<TFloat32> values, Operand<TFloat32> mask) {
    Operand<TFloat32> weighted = tf.math.mul(values, mask);
    Operand<TFloat32> total = tf.reduceSum(weighted, allAxes(tf, weighted));
    Operand<TFloat32> count = tf.reduceSum(mask, allAxes(tf, mask));
    return tf.math.div(total, tf.math.maximum(count, tf.constant(MASK_SUM_FLOOR)));
  }

  /**
   * Label-smoothed one-hot targets {@code (1 − ε)·onehot(y) + ε/K} over all K classes, the true one
   * included (Szegedy et al. 2016, "Rethinking the Inception Architecture", §7): labels {@code
   * [...]} → {@code [..., K]}. With {@code ε = 0} these are plain one-hot rows.
   */
  public static Operand<TFloat32> smoothedOneHot(
      Ops tf, Operand<TInt32> labels, int classes, double smoothing) {
    if (!(smoothing >= 0 && smoothing <= 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1], found " + smoothing);
    }
    float off = (float) (smoothing / classes);
    float on = (float) (1 - smoothing) + off;
    return tf.oneHot(labels, tf.constant(classes), tf.constant(on), tf.constant(off));
  }

  /**
   * Softmax cross-entropy of {@code logits [..., K]} against {@link #smoothedOneHot smoothed}
   * integer {@code labels [...]}, one value per position: shape of {@code labels}. {@code smoothing
   * = 0} is the plain {@code −log softmax(logits)[label]}. Not reduced: combine with {@link
   * #maskedMean}.
   */
  public static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, double smoothing) {
    int k = classes(logits);
    Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, k}));
    Operand<TInt32> flatLabels = tf.reshape(labels, tf.constant(new int[] {-1}));
    Operand<TFloat32> targets = smoothedOneHot(tf, flatLabels, k, smoothing);
    Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, targets).loss();
    return tf.reshape(ce, tf.shape(labels));
  }

  private static int classes(Operand<TFloat32> logits) {
    Shape s = logits.shape();
    if (s.isUnknown() || s.numDimensions() == 0 || s.get(s.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException(
          "cross-entropy logits need a known last (class) dimension, found shape " + s);
    }
    return (int) s.get(s.numDimensions() - 1);
  }

  private static Operand<TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }
}
