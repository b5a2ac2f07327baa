package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code NthElement(input [..., m], n) -> [...]} (the n-th smallest, or largest with
 * {@code reverse}, of each last-axis row; medians and percentiles), after TF Python's {@code
 * _NthElementGrad}: the row's gradient goes to the input elements equal to the selected value,
 * shared equally among ties.
 *
 * <pre>
 *   hit = cast(input == output[..., None])
 *   d input = hit / sum(hit, -1, keepdims) * dz[..., None]
 * </pre>
 *
 * {@code n} gets {@link OpGradient#none()}.
 */
final class NthElementGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(grad(tf, op, dy.get(0)), OpGradient.none());
  }

  private static <T extends TType> Operand<T> grad(Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> input = as(op.input(0));
    Operand<T> output = as(op.output(0));
    Operand<T> hit =
        tf.dtypes.cast(tf.math.equal(tf.expandDims(output, tf.constant(-1)), input), dz.type());
    Operand<T> count = tf.sum(hit, tf.constant(-1), Sum.keepDims(true));
    return tf.math.mul(tf.math.div(hit, count), tf.expandDims(dz, tf.constant(-1)));
  }
}
