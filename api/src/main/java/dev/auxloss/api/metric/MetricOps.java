package dev.auxloss.api.metric;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The graph pieces metrics share: arg-max predictions checked against their target, and the sums
 * that make a batch's statistics (over the whole batch, or per class).
 *
 * <pre>{@code
 * MetricOps.Predictions p = MetricOps.predictions(ctx, "logits", "tags", "token_mask");
 * Operand<TFloat32> gold = MetricOps.perClass(tf, MetricOps.oneHot(tf, p.target(), p.classes(), p.weight()));
 * }</pre>
 */
public final class MetricOps {
  private MetricOps() {}

  /**
   * Arg-max predictions, the targets and the weight of each position (all shaped like the target),
   * and the number of classes (the logits' last axis).
   */
  public record Predictions(
      Operand<TInt32> predicted, Operand<TInt32> target, Operand<TFloat32> weight, int classes) {}

  /**
   * Reads {@code logits} [..., classes] and the int32 field {@code target} [...], which must have
   * one axis less; {@code weight} names a float32 field shaped like the target, or is empty for all
   * ones.
   */
  public static Predictions predictions(
      MetricContext ctx, String logits, String target, String weight) {
    Ops tf = ctx.tf();
    Operand<TFloat32> l = ctx.endpoint(logits);
    Operand<TInt32> t = ctx.field(target, TInt32.class);
    int rank = l.shape().numDimensions();
    if (rank != t.shape().numDimensions() + 1 || l.shape().get(rank - 1) < 1) {
      throw new IllegalArgumentException(
          "endpoint '"
              + logits
              + "' "
              + l.shape()
              + " needs one axis more than field '"
              + target
              + "' "
              + t.shape()
              + ", a known number of class scores");
    }
    Operand<TFloat32> w =
        weight.isEmpty()
            ? tf.onesLike(tf.dtypes.cast(t, TFloat32.class))
            : ctx.field(weight, TFloat32.class);
    return new Predictions(
        tf.math.argMax(l, tf.constant(-1), TInt32.class), t, w, (int) l.shape().get(rank - 1));
  }

  /** The sum of every element: a statistic of the whole batch (a scalar). */
  public static Operand<TFloat32> total(Ops tf, Operand<TFloat32> x) {
    return tf.reduceSum(x, tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
  }

  /** Sums every axis but the last: one value per class ({@code [classes]}). */
  public static Operand<TFloat32> perClass(Ops tf, Operand<TFloat32> x) {
    return tf.reduceSum(
        x, tf.range(tf.constant(0), tf.math.sub(tf.rank(x), tf.constant(1)), tf.constant(1)));
  }

  /** {@code weight × one-hot(index)} [..., classes]; an index outside 0..classes-1 is all zeros. */
  public static Operand<TFloat32> oneHot(
      Ops tf, Operand<TInt32> index, int classes, Operand<TFloat32> weight) {
    return tf.math.mul(
        tf.oneHot(index, tf.constant(classes), tf.constant(1f), tf.constant(0f)),
        tf.expandDims(weight, tf.constant(-1)));
  }
}
