package dev.auxloss.tf.gradients;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.BroadcastGradientArgs;
import org.tensorflow.op.math.NotEqual;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/** Small graph-building helpers shared by the gradients of this package. */
final class GradMath {
  private GradMath() {}

  /** Views an untyped output as {@code Operand<T>}; the gradients are dtype-generic. */
  @SuppressWarnings("unchecked")
  static <T extends TType> Operand<T> as(Operand<?> o) {
    return (Operand<T>) o;
  }

  /** A scalar {@code value} of {@code like}'s dtype. */
  static <T extends TType> Operand<T> scalarLike(Ops tf, double value, Operand<T> like) {
    return tf.dtypes.cast(tf.constant(value), like.type());
  }

  /** 1 where {@code x != 0}, else 0, in {@code x}'s dtype. */
  static <T extends TType> Operand<T> nonZeroMask(Ops tf, Operand<T> x) {
    NotEqual ne = tf.math.notEqual(x, scalarLike(tf, 0.0, x));
    return tf.dtypes.cast(ne, x.type());
  }

  /**
   * The gradients of a broadcasting binary op {@code z = f(x, y)}: {@code gx} and {@code gy} have
   * {@code z}'s shape and are summed over the broadcast axes, then reshaped to {@code x}'s and
   * {@code y}'s shapes (TF Python's {@code broadcast_gradient_args} idiom). Always dynamic: static
   * shapes cannot be read inside a gradient (see {@link OpGradient}).
   */
  static <T extends TType> Operand<?>[] unbroadcast(
      Ops tf, Operand<?> x, Operand<?> y, Operand<T> gx, Operand<T> gy) {
    Operand<TInt32> shapeX = tf.shape(x);
    Operand<TInt32> shapeY = tf.shape(y);
    BroadcastGradientArgs<TInt32> r = tf.broadcastGradientArgs(shapeX, shapeY);
    return new Operand<?>[] {
      tf.reshape(tf.sum(gx, r.r0()), shapeX), tf.reshape(tf.sum(gy, r.r1()), shapeY)
    };
  }

  /**
   * Whether TF differentiates tensors of this dtype (floating and complex). Gradients of integer,
   * bool, string and resource inputs of pass-through ops are {@link OpGradient#none()}.
   */
  static boolean isDifferentiable(DataType type) {
    switch (type) {
      case DT_HALF:
      case DT_BFLOAT16:
      case DT_FLOAT:
      case DT_DOUBLE:
      case DT_COMPLEX64:
      case DT_COMPLEX128:
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether {@code grad} is the {@code ZerosLike(output)} TF substitutes for a missing gradient.
   */
  static boolean isZerosFor(Output<?> grad, Output<?> output) {
    if (!"ZerosLike".equals(grad.op().type())) {
      return false;
    }
    GraphOperation z = (GraphOperation) grad.op();
    return z.numInputs() == 1 && z.input(0).equals(output);
  }
}
