package dev.auxloss.nlp.loss.internal;

import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Graph math the NLP losses share, written with ops that have built-in gradients in TF 1.1.0:
 * log-sum-exp through a stopped max. Cross-entropy and the masked mean are in {@link
 * dev.auxloss.api.loss.LossOps}, shared with every other module.
 */
public final class TextOps {
  private TextOps() {}

  /**
   * log Σ exp(x) over the last axis, stable: the max is subtracted (and stopped, its gradient
   * cancels).
   */
  public static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> m =
        tf.stopGradient(tf.reduceMax(x, tf.constant(-1), ReduceMax.keepDims(true)));
    Operand<TFloat32> s = tf.reduceSum(tf.math.exp(tf.math.sub(x, m)), tf.constant(-1));
    return tf.math.add(tf.math.log(s), tf.squeeze(m, Squeeze.axis(-1L)));
  }

  /** Binary cross-entropy on logits, {@code softplus(x) − x·z}, elementwise. */
  public static Operand<TFloat32> sigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> z) {
    return tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, z));
  }

  /** Positions {@code [from, to)} of axis 1 (time) of a [B,T,...] tensor. */
  public static <T extends TType> Operand<T> timeSlice(Ops tf, Operand<T> x, int from, int to) {
    return tf.stridedSlice(x, Indices.all(), Indices.slice(from, to));
  }

  /** Entries {@code [from, to)} of the last axis. */
  public static <T extends TType> Operand<T> lastAxisSlice(Ops tf, Operand<T> x, int from, int to) {
    return tf.stridedSlice(x, Indices.ellipsis(), Indices.slice(from, to));
  }

  /** Static size of the last axis; a clear error when unknown. */
  public static int width(Operand<?> x, String what) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() == 0 || s.get(s.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException(what + " needs a static last dimension, found shape " + s);
    }
    return (int) s.get(s.numDimensions() - 1);
  }

  /** Static length of axis 1 (T); a clear error when unknown. */
  public static int length(Operand<?> x, String what) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() < 2 || s.get(1) < 0) {
      throw new IllegalArgumentException(
          what + " needs a static length on axis 1, found shape " + s);
    }
    return (int) s.get(1);
  }

  /** Requires rank {@code rank}. */
  public static void requireRank(Operand<?> x, int rank, String what) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() != rank) {
      throw new IllegalArgumentException(what + " must have rank " + rank + ", found shape " + s);
    }
  }

  /** Names of endpoints {@code <group>/<layer>/<leaf>} in publication order. */
  public static List<String> groupMembers(Set<String> names, String group, String leaf) {
    return names.stream()
        .filter(
            n ->
                n.startsWith(group + "/")
                    && n.endsWith("/" + leaf)
                    && n.length() > group.length() + leaf.length() + 2)
        .toList();
  }
}
