package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Cumprod;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code Cumprod(x, axis)} (attributes {@code exclusive}, {@code reverse}), after TF
 * Python's {@code _CumprodGrad}:
 *
 * <pre>
 *   p  = cumprod(x, axis, exclusive, reverse)
 *   dx = divNoNan(cumsum(p * dz, axis, exclusive, !reverse), x)
 * </pre>
 *
 * Each {@code p_j} with {@code j} at or after {@code i} contains {@code x_i} once, so {@code d p_j
 * / d x_i = p_j / x_i}. Like TF's, this is exact only where {@code x != 0}; at {@code x_i = 0} it
 * returns 0 instead of the product of the other factors. The axis gets {@link OpGradient#none()}.
 */
final class CumprodGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(grad(tf, op, dy.get(0)), OpGradient.none());
  }

  private static <T extends TType> Operand<T> grad(Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> x = as(op.input(0));
    Output<?> axis = op.input(1);
    boolean exclusive = op.attributes().getAttrBool("exclusive");
    boolean reverse = op.attributes().getAttrBool("reverse");
    Operand<T> prod =
        tf.math.cumprod(x, as(axis), Cumprod.exclusive(exclusive), Cumprod.reverse(reverse));
    Operand<T> out =
        tf.math.cumsum(
            tf.math.mul(prod, dz), as(axis), Cumsum.exclusive(exclusive), Cumsum.reverse(!reverse));
    return tf.math.divNoNan(out, x);
  }
}
