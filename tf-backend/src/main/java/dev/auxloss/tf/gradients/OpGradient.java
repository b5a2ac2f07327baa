package dev.auxloss.tf.gradients;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * The gradient of one op type, written in graph ops: given the gradients flowing into the op's
 * outputs, build the gradients flowing out of its inputs.
 *
 * <p>This is the Java twin of a TF Python {@code @ops.RegisterGradient} function. Implementations
 * are registered through {@link TfGradients#register(String, OpGradient)} (never through {@code
 * TensorFlow.registerCustomGradient}, see the package documentation) and must be stateless: one
 * instance serves every graph and every thread.
 *
 * <p>Rules, enforced by the dispatcher (a broken gradient makes {@code Graph.addGradients} fail
 * with an error that names the op, instead of crashing the JVM):
 *
 * <ul>
 *   <li>return exactly one entry per op input, in input order ({@code op.numInputs()} entries);
 *   <li>never return {@code null}: for an input that has no gradient (integer labels, indices,
 *       {@code k}, an axis) return {@link #none()} — the equivalent of Python's {@code None};
 *   <li>for a float input whose mathematical gradient is zero or undefined (e.g. {@code Round})
 *       return real zeros ({@code tf.zerosLike(x)}), so that a caller asking for that input's
 *       gradient receives a usable tensor;
 *   <li>build every op with the given {@code tf}: it is bound to the native gradient scope (names
 *       land under {@code gradients/<op name>/...}, control dependencies and devices are kept);
 *   <li><b>never read a static shape</b> ({@code Operand.shape()}, {@code Output.shape()}) inside a
 *       gradient: TF's gradient builder holds the graph's mutex while it calls back, and the shape
 *       query waits for that mutex forever (the thread hangs, measured). Use {@code tf.shape(x)},
 *       {@code tf.rank(x)}, {@code tf.size(x)} — graph ops evaluated at run time. Reading dtypes
 *       ({@code Output.dataType()}), attributes ({@code op.attributes()}) and inputs ({@code
 *       op.input(i)}) is fine.
 * </ul>
 */
@FunctionalInterface
public interface OpGradient {

  /**
   * Builds the input gradients of {@code op}.
   *
   * @param tf ops bound to the gradient scope of {@code op}
   * @param op the forward op, read its inputs with {@code op.input(i)}, its outputs with {@code
   *     op.output(i)} and its attributes with {@code op.attributes()}
   * @param dy one gradient per output of {@code op}; TF substitutes {@code ZerosLike(output)} for
   *     outputs that receive no gradient, so every entry is a real tensor
   * @return one gradient per input of {@code op}; {@link #none()} for non-differentiable inputs
   */
  List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy);

  /**
   * The "no gradient" marker (TF's {@code NoGradient()}, Python's {@code None}) for an input that
   * is not differentiable. Unlike a zero tensor it stops backpropagation, so integer producers such
   * as {@code ArgMax} upstream of labels do not need gradients of their own.
   */
  static Operand<?> none() {
    return NoGradientMarker.INSTANCE;
  }
}
