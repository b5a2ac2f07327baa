package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code TensorScatterAdd(tensor, indices, updates)} and {@code TensorScatterSub},
 * after TF Python's {@code _TensorScatterAddGrad} / {@code _TensorScatterSubGrad}: {@code d tensor
 * = dz}, {@code d updates = ±gatherNd(dz, indices)}. Indices get {@link OpGradient#none()}.
 */
final class TensorScatterAddGrad implements OpGradient {
  private final boolean subtract;

  TensorScatterAddGrad(boolean subtract) {
    this.subtract = subtract;
  }

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return grads(tf, op, dy.get(0));
  }

  private <T extends TType> List<Operand<?>> grads(Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> dUpdates = tf.gatherNd(dz, as(op.input(1)));
    if (subtract) {
      dUpdates = tf.math.neg(dUpdates);
    }
    return List.of(tf.identity(dz), OpGradient.none(), dUpdates);
  }
}
