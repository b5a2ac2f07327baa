package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.family.TNumber;

/**
 * Gradient of {@code SparseSoftmaxCrossEntropyWithLogits(logits [B,C], labels [B]) -> (loss [B],
 * backprop [B,C])}, after TF Python's {@code _SparseSoftmaxCrossEntropyWithLogitsGrad}.
 *
 * <p>The op already computes {@code backprop = softmax(logits) - onehot(labels)}, the derivative of
 * each row's loss with respect to that row's logits, so
 *
 * <pre>  d logits = dLoss[:, None] * backprop</pre>
 *
 * If the {@code backprop} output itself is used downstream (its incoming gradient {@code G} is not
 * TF's zeros placeholder), its own derivative through the softmax is added:
 *
 * <pre>  d logits += softmax * (G - sum(G * softmax, axis=-1, keepdims))</pre>
 *
 * Because the gradient reads {@code backprop}, which is differentiable by this same rule, a
 * gradient of this gradient is also correct. Labels get {@link OpGradient#none()}.
 */
final class SparseSoftmaxCrossEntropyGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(logitsGrad(tf, op, dy), OpGradient.none());
  }

  private static <T extends TNumber> Operand<T> logitsGrad(
      Ops tf, GraphOperation op, List<Output<?>> dy) {
    Operand<T> dLoss = as(dy.get(0));
    Output<?> backpropOut = op.output(1);
    Operand<T> backprop = as(backpropOut);
    Operand<T> grad = tf.math.mul(tf.expandDims(dLoss, tf.constant(-1)), backprop);
    Output<?> dBackprop = dy.get(1);
    if (!GradMath.isZerosFor(dBackprop, backpropOut)) {
      Operand<T> g = as(dBackprop);
      Operand<T> softmax = tf.nn.softmax(GradMath.<T>as(op.input(0)));
      Operand<T> dot = tf.sum(tf.math.mul(g, softmax), tf.constant(-1), Sum.keepDims(true));
      grad = tf.math.add(grad, tf.math.mul(softmax, tf.math.sub(g, dot)));
    }
    return grad;
  }
}
