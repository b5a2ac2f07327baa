package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code Xlogy(x, y) = x * log(y)} (0 where {@code x == 0}, even for {@code y == 0}),
 * after TF Python's {@code _XLogyGrad}:
 *
 * <pre>
 *   dx = dz * xlogy(x != 0, y)     (log y, but 0 where x == 0)
 *   dy = dz * xdivy(x, y)          (x / y, 0 where x == 0)
 * </pre>
 *
 * Broadcasting is undone by summing over the broadcast axes. Used by entropy and KL terms, where
 * {@code p log p} must be 0 at {@code p = 0}.
 */
final class XlogyGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(grads(tf, op, dy.get(0)));
  }

  private static <T extends TType> Operand<?>[] grads(Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> x = as(op.input(0));
    Operand<T> y = as(op.input(1));
    Operand<T> partialX = tf.math.xlogy(GradMath.nonZeroMask(tf, x), y);
    Operand<T> partialY = tf.math.xdivy(x, y);
    return GradMath.unbroadcast(tf, x, y, tf.math.mul(dz, partialX), tf.math.mul(dz, partialY));
  }
}
