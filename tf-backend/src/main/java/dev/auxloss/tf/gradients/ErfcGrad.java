package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code Erfc(x) = 1 - erf(x)}: {@code dx = dz * (-2 / sqrt(pi)) * exp(-x^2)}, after TF
 * Python's {@code _ErfcGrad}. (Gaussian tail probabilities, e.g. in probit-style losses.)
 */
final class ErfcGrad implements OpGradient {
  private static final double MINUS_TWO_OVER_ROOT_PI = -2.0 / Math.sqrt(Math.PI);

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(grad(tf, op, dy.get(0)));
  }

  private static <T extends TType> Operand<T> grad(Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> x = as(op.input(0));
    Operand<T> slope =
        tf.math.mul(
            GradMath.scalarLike(tf, MINUS_TWO_OVER_ROOT_PI, x),
            tf.math.exp(tf.math.neg(tf.math.square(x))));
    return tf.math.mul(dz, slope);
  }
}
