package dev.auxloss.vision.ops;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Graph math shared by the vision losses, written only with ops that have gradients in TF Java
 * 1.1.0's C++ registry (no SparseSoftmaxCrossEntropyWithLogits, no Xlogy).
 *
 * <p>Conventions: class scores are on the last axis; the batch is axis 0; "per example" means one
 * value per batch entry, averaged over every other axis (pixels of a segmentation map).
 *
 * <p>Label smoothing, sparse-label cross-entropy and the masked mean are in {@link
 * dev.auxloss.api.loss.LossOps}, shared with every other module.
 */
public final class VisionOps {
  private VisionOps() {}

  /** The static size of the last axis, or an error naming {@code what} and the shape found. */
  public static int lastDim(Operand<?> x, String what) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() == 0 || s.get(s.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException(what + " needs a known last dimension, found shape " + s);
    }
    return (int) s.get(s.numDimensions() - 1);
  }

  /** The static rank, or an error naming {@code what}. */
  public static int rank(Operand<?> x, String what) {
    Shape s = x.shape();
    if (s.isUnknown()) throw new IllegalArgumentException(what + " needs a known rank, found " + s);
    return s.numDimensions();
  }

  /** {@code log softmax(logits)} over the last axis, any rank. */
  public static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> logits) {
    int k = lastDim(logits, "logits");
    if (rank(logits, "logits") == 2) return tf.nn.logSoftmax(logits);
    Operand<TFloat32> flat = tf.reshape(logits, tf.constant(new int[] {-1, k}));
    return tf.reshape(tf.nn.logSoftmax(flat), tf.shape(logits));
  }

  /**
   * Entropy {@code −Σ_k p_k log p_k} of softmax(logits) over the last axis: shape {@code [...]}.
   */
  public static Operand<TFloat32> entropy(Ops tf, Operand<TFloat32> logits) {
    Operand<TFloat32> logP = logSoftmax(tf, logits);
    Operand<TFloat32> plogp = tf.math.mul(tf.math.exp(logP), logP);
    return tf.math.neg(tf.reduceSum(plogp, tf.constant(-1)));
  }

  /** Mean over every axis but the batch axis: {@code [B, ...] → [B]}; rank-1 input is returned. */
  public static Operand<TFloat32> perExample(Ops tf, Operand<TFloat32> x) {
    int r = rank(x, "per-example value");
    if (r == 1) return x;
    int[] axes = new int[r - 1];
    for (int i = 1; i < r; i++) axes[i - 1] = i;
    return tf.math.mean(x, tf.constant(axes));
  }

  /**
   * Weights for a label map's positions: the example's label mask where the id is a class in {@code
   * [0, classes)}, 0 where it is not — a segmentation mask's ignore index (255 in mmsegmentation's
   * masks), declared once by the dataset ({@link dev.auxloss.api.data.ClassCount#ignoreIndex()})
   * and checked there, so no loss repeats it. {@code labels [B, ...]}, {@code exampleMask [B]} →
   * the shape of {@code labels}; with {@link dev.auxloss.api.loss.LossOps#maskedMean} it gives the
   * mean over the scored pixels of the labelled examples (mmsegmentation's {@code avg_non_ignore},
   * PyTorch's {@code ignore_index}).
   */
  public static Operand<TFloat32> scoredPositions(
      Ops tf, Operand<TInt32> labels, int classes, Operand<TFloat32> exampleMask) {
    int r = rank(labels, "label map");
    int[] broadcast = new int[r];
    java.util.Arrays.fill(broadcast, 1);
    broadcast[0] = -1;
    Operand<TFloat32> isClass =
        tf.dtypes.cast(
            tf.math.logicalAnd(
                tf.math.greaterEqual(labels, tf.constant(0)),
                tf.math.less(labels, tf.constant(classes))),
            TFloat32.class);
    return tf.math.mul(isClass, tf.reshape(exampleMask, tf.constant(broadcast)));
  }

  /** Mean of every element: a scalar. */
  public static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }

  /** Rows scaled to unit L2 norm over the last axis ({@code x / sqrt(Σx² + ε)}, ε = 1e-12). */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> sq =
        tf.reduceSum(tf.math.square(x), tf.constant(-1), ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.add(sq, tf.constant(1e-12f))));
  }

  /** Mean over height and width keeping rank: {@code [B,H,W,C] → [B,1,1,C]}. */
  public static Operand<TFloat32> spatialMeanKeepDims(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
  }

  /** The batch size of {@code x} as a scalar int32. */
  public static Operand<TInt32> batchSize(Ops tf, Operand<? extends TType> x) {
    // Shapes.size returns a 1-element vector; ops such as Range and OneHot need a scalar
    return tf.reshape(tf.shape.size(tf.shape(x), tf.constant(0)), tf.constant(new int[0]));
  }
}
