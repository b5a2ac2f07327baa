package dev.auxloss.tf.gradients;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * Gradient of {@code EnsureShape(x)}: the identity ({@code dx = dz}), as in TF Python's {@code
 * _EnsureShapeGrad}; the op only checks the shape at run time. An input of a non-differentiable
 * dtype (integers, bool) gets {@link OpGradient#none()}.
 */
final class EnsureShapeGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(
        GradMath.isDifferentiable(op.input(0).dataType()) ? dy.get(0) : OpGradient.none());
  }
}
