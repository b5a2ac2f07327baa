package dev.auxloss.testing;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Finite-difference checks with respect to a head's variable (the harness checks fed endpoints
 * only): the analytic gradient on the variable's single read against central differences taken by
 * assigning perturbed values to the variable.
 *
 * <pre>{@code
 * try (LossHarness h = new LossHarness()) {
 *   h.endpoint("block1", features, 4, 3, 3, 2).label("label", labels, 4);
 *   VariableGradients.assertMatches(h, companionLoss, "heads/term/companion1/classifier/kernel", 1e-2);
 * }
 * }</pre>
 */
public final class VariableGradients {
  private VariableGradients() {}

  /**
   * Asserts analytic ≈ numeric gradient of {@code loss} wrt variable {@code name}, as {@link
   * LossHarness#assertGradientMatches}.
   */
  public static void assertMatches(LossHarness h, AuxLoss loss, String name, double tol) {
    float[] analytic = analytic(h, loss, name);
    Operand<TFloat32> y = h.build(loss);
    GraphOperation handle = op(h, name, "");
    Shape shape = op(h, name, "_read").output(0).shape();
    float[] base = h.variable(name);
    double eps = 1e-2;
    double worst = 0, scale = 1;
    for (int i = 0; i < base.length; i++) {
      float[] plus = base.clone(), minus = base.clone();
      plus[i] += (float) eps;
      minus[i] -= (float) eps;
      double numeric =
          (valueWith(h, y, handle, shape, plus) - valueWith(h, y, handle, shape, minus))
              / (2 * eps);
      scale = Math.max(scale, Math.abs(numeric));
      worst = Math.max(worst, Math.abs(numeric - analytic[i]));
    }
    valueWith(h, y, handle, shape, base);
    if (worst > tol * scale) {
      throw new AssertionError(
          "gradient wrt variable "
              + name
              + " differs by "
              + worst
              + " (tolerance "
              + tol
              + " × "
              + scale
              + ")");
    }
  }

  /** The analytic gradient of {@code loss} wrt variable {@code name}, taken on its single read. */
  public static float[] analytic(LossHarness h, AuxLoss loss, String name) {
    Output<?>[] g =
        h.graph()
            .addGradients(
                h.build(loss).asOutput(), new Output<?>[] {op(h, name, "_read").output(0)});
    @SuppressWarnings("unchecked")
    Operand<TFloat32> grad = (Operand<TFloat32>) (Operand<?>) g[0];
    return h.fetch(grad);
  }

  /**
   * The variable's op as {@link TfVariableStore} names it: {@code vars/<name with dots><suffix>}.
   */
  private static GraphOperation op(LossHarness h, String name, String suffix) {
    String opName = "vars/" + TfVariableStore.opName(name.replace('/', '.')) + suffix;
    GraphOperation op = h.graph().operation(opName);
    if (op == null)
      throw new IllegalArgumentException("no op " + opName + " for variable '" + name + "'");
    return op;
  }

  private static double valueWith(
      LossHarness h, Operand<TFloat32> y, GraphOperation handle, Shape shape, float[] v) {
    Ops tf = h.tf();
    var assign =
        tf.assignVariableOp(handle.output(0), tf.constant(shape, DataBuffers.of(v, true, false)));
    h.fetch(tf.withControlDependencies(List.of(assign)).identity(tf.constant(0f)));
    return h.fetch(y)[0];
  }
}
