/**
 * Custom gradients: Java gradients for the ops TF's C++ gradient registry lacks, registered so that
 * {@code Graph.addGradients} finds them.
 *
 * <h2>Why this package exists</h2>
 *
 * In graph mode TF Java differentiates with TF's C++ gradient registry, which is smaller than
 * Python's. Measured with TF Java 1.1.0 (TF 2.18) it has no gradient for, among others, {@code
 * SparseSoftmaxCrossEntropyWithLogits} (so the usual sparse cross-entropy cannot be trained),
 * {@code ResourceGather}, {@code TopKV2}, {@code Xlogy}, {@code Erfc}, {@code Cumprod}, {@code
 * Round}, {@code EnsureShape}, {@code IdentityN}, {@code TensorScatterUpdate} and {@code Conv3D}. A
 * loss that uses one of them fails at build time with "No gradient defined for op: ...". {@link
 * dev.auxloss.tf.gradients.TfGradients#registerAll()} adds them, each a small class whose javadoc
 * gives the math (ported from TF Python's {@code *_grad.py}).
 *
 * <h2>Why one callback: the 10-slot limit</h2>
 *
 * TF Java's {@code TensorFlow.registerCustomGradient(opType, gradient)} wraps every gradient in a
 * new native callback object ({@code TFJ_GradFuncAdapter}, a JavaCPP {@code FunctionPointer}).
 * JavaCPP gives that callback type 10 slots per process; calling through an 11th object crashes the
 * JVM with a native fault — no exception, no stack trace. So this package registers a single
 * callback ({@code SingleSlotAdapter}) for every op type, with the native {@code
 * TFJ_RegisterCustomGradient}, and dispatches on {@code op.type()} through a map ({@code
 * GradientDispatcher}). Registering more op types costs nothing.
 *
 * <p>Consequences for the rest of the code base:
 *
 * <ul>
 *   <li>Never call {@code TensorFlow.registerCustomGradient}: add an {@link
 *       dev.auxloss.tf.gradients.OpGradient} with {@link
 *       dev.auxloss.tf.gradients.TfGradients#register(String, OpGradient)} (plugins) or to {@code
 *       TfGradients.builtIns()} (this package).
 *   <li>Register before the first {@code addGradients}; the registry is process-wide and permanent,
 *       and an op type that already has a gradient (TF's own included) cannot be overridden — the
 *       first registration wins.
 *   <li>TF Java's adapter cannot return "no gradient"; the callback here can: a gradient returns
 *       {@link dev.auxloss.tf.gradients.OpGradient#none()} for integer inputs (labels, indices,
 *       {@code k}), which stops backpropagation there exactly like TF's own C++ gradients do.
 *       Returning zeros instead would make TF look for gradients of whatever produced those
 *       integers — {@code ArgMax} for pseudo-labels, say — and fail.
 * </ul>
 *
 * <h2>Writing a gradient</h2>
 *
 * <pre>{@code
 * // d/dx of Digamma(x) is Polygamma(1, x)
 * TfGradients.register("Digamma", (tf, op, dy) -> {
 *   Operand<TFloat32> x = (Operand<TFloat32>) (Operand<?>) op.input(0);
 *   Operand<TFloat32> dz = (Operand<TFloat32>) (Operand<?>) dy.get(0);
 *   return List.of(tf.math.mul(dz, tf.math.polygamma(tf.constant(1f), x)));
 * });
 * }</pre>
 *
 * Check it against central finite differences of the forward graph, as the tests of this package do
 * ({@code GradientChecker} in the test sources).
 */
package dev.auxloss.tf.gradients;
