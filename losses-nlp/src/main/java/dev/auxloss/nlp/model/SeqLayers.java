package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Sequence helpers that keep static shapes: every reshape names T and the feature width as
 * constants (only the batch stays -1), so the next layer always knows its input width.
 */
public final class SeqLayers {
  private SeqLayers() {}

  /**
   * A dense layer over the last axis of [B,T,D] → [B,T,units], same variables as {@link
   * Layers#dense}.
   */
  public static Operand<TFloat32> dense(
      Layers l, String name, Operand<TFloat32> x, int units, Activation act) {
    Ops tf = l.tf();
    Shape s = x.shape();
    if (s.numDimensions() != 3 || s.get(1) < 0 || s.get(2) < 0) {
      throw new IllegalArgumentException(
          "layer '" + name + "' needs [B,T,D] with static T and D, found " + s);
    }
    int t = (int) s.get(1);
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, (int) s.get(2)}));
    return tf.reshape(l.dense(name, flat, units, act), tf.constant(new int[] {-1, t, units}));
  }

  /** Static length of axis 1 (T) of a sequence tensor. */
  public static int length(Operand<?> x) {
    Shape s = x.shape();
    if (s.numDimensions() < 2 || s.get(1) < 0) {
      throw new IllegalArgumentException(
          "a sequence needs a static length on axis 1, found shape " + s);
    }
    return (int) s.get(1);
  }

  /** Static size of the last axis. */
  public static int width(Operand<?> x) {
    Shape s = x.shape();
    if (s.numDimensions() < 1 || s.get(s.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException("needs a static last dimension, found shape " + s);
    }
    return (int) s.get(s.numDimensions() - 1);
  }

  /**
   * The hidden state at each sequence's last real position: [B,T,D] → [B,D], through a one-hot
   * selection so it has a gradient everywhere and needs no dynamic gather.
   */
  public static Operand<TFloat32> lastReal(
      Ops tf, Operand<TFloat32> h, Operand<TFloat32> tokenMask) {
    int t = length(h);
    Operand<TInt32> last =
        tf.math.sub(
            tf.dtypes.cast(tf.reduceSum(tokenMask, tf.constant(1)), TInt32.class), tf.constant(1));
    Operand<TFloat32> select = tf.oneHot(last, tf.constant(t), tf.constant(1f), tf.constant(0f));
    return tf.reduceSum(tf.math.mul(h, tf.expandDims(select, tf.constant(-1))), tf.constant(1));
  }
}
