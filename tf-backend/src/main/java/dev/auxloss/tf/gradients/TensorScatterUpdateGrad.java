package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code TensorScatterUpdate(tensor, indices, updates)} (a copy of {@code tensor} with
 * the slices at {@code indices} replaced), after TF Python's {@code _TensorScatterUpdateGrad}:
 *
 * <pre>
 *   d tensor  = dz with the updated slices zeroed   (they were overwritten)
 *   d updates = gatherNd(dz, indices)
 * </pre>
 *
 * Indices get {@link OpGradient#none()}. With duplicate indices the op keeps one update
 * (unspecified which); the gradient then goes to every duplicate, as in TF.
 */
final class TensorScatterUpdateGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return grads(tf, op, dy.get(0));
  }

  private static <T extends TType> List<Operand<?>> grads(
      Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Output<?> indices = op.input(1);
    Operand<T> updates = as(op.input(2));
    Operand<T> dTensor =
        tf.tensorScatterNdUpdate(tf.identity(dz), as(indices), tf.zerosLike(updates));
    Operand<T> dUpdates = tf.gatherNd(dz, as(indices));
    return List.of(dTensor, OpGradient.none(), dUpdates);
  }
}
