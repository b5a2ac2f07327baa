package dev.auxloss.tf.gradients;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * Gradient of {@code IdentityN(x_1..x_n) -> (x_1..x_n)}: each output's gradient passes to the
 * matching input, as in TF Python's {@code _IdNGrad}. Inputs of a non-differentiable dtype
 * (integers, bool, ...) get {@link OpGradient#none()}, so what produced them needs no gradient.
 */
final class IdentityNGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    List<Operand<?>> dx = new ArrayList<>(dy.size());
    for (int i = 0; i < dy.size(); i++) {
      dx.add(GradMath.isDifferentiable(op.input(i).dataType()) ? dy.get(i) : OpGradient.none());
    }
    return dx;
  }
}
