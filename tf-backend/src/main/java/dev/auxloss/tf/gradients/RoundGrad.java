package dev.auxloss.tf.gradients;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * Gradient of {@code Round(x)}: zero almost everywhere. TF Python returns {@code None}; this
 * returns real zeros so that asking for {@code x}'s gradient yields a usable tensor rather than
 * TF's null "no gradient" output. For a straight-through estimator, write {@code x +
 * stopGradient(round(x) - x)} in the forward graph instead. An integer input (Round is a no-op on
 * integers) gets {@link OpGradient#none()}.
 */
final class RoundGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    Output<?> x = op.input(0);
    return List.of(GradMath.isDifferentiable(x.dataType()) ? tf.zerosLike(x) : OpGradient.none());
  }
}
