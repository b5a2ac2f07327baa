package dev.auxloss.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Several tensors of a harness graph evaluated in one {@code Session.run}, so a random op (dropout
 * mask, augmented view) draws once and every fetched tensor sees the same draw; and the ops a loss
 * depends on, to reach its intermediate tensors.
 *
 * <pre>{@code
 * Operand<TFloat32> y = h.build(lossWithDropout);
 * Operand<TFloat32> u = OneRun.single(h, y, "dropout draw", op -> op.type().equals("RandomUniform")
 *     && !h.graph().isInitializer(op));
 * List<float[]> v = OneRun.fetch(h, List.of(y, u)); // the loss and the uniform draw behind its mask
 * }</pre>
 */
public final class OneRun {
  private OneRun() {}

  /** {@code xs} flattened, from one run. */
  public static List<float[]> fetch(LossHarness h, List<? extends Operand<TFloat32>> xs) {
    Ops tf = h.tf();
    Operand<org.tensorflow.types.TInt32> flat = tf.constant(new int[] {-1});
    List<Operand<TFloat32>> parts = new ArrayList<>();
    // sizes first (exact in float32 for the small tensors of tests), then the values
    for (Operand<TFloat32> x : xs)
      parts.add(tf.reshape(tf.dtypes.cast(tf.size(x), TFloat32.class), flat));
    for (Operand<TFloat32> x : xs) parts.add(tf.reshape(x, flat));
    float[] all = h.fetch(tf.concat(parts, tf.constant(0)));
    List<float[]> out = new ArrayList<>();
    int at = xs.size();
    for (int i = 0; i < xs.size(); i++) {
      int n = (int) all[i];
      out.add(Arrays.copyOfRange(all, at, at + n));
      at += n;
    }
    if (at != all.length)
      throw new AssertionError("fetched " + all.length + " values, expected " + at);
    return out;
  }

  /** The ops {@code y} depends on that satisfy {@code p}. */
  public static List<GraphOperation> opsFeeding(
      LossHarness h, Operand<?> y, Predicate<GraphOperation> p) {
    return h.graph().subgraphTo(Set.of(y)).stream().filter(p).toList();
  }

  /**
   * The one op {@code y} depends on that satisfies {@code p} ({@code what} names it in the error).
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> single(
      LossHarness h, Operand<?> y, String what, Predicate<GraphOperation> p) {
    List<GraphOperation> ops = opsFeeding(h, y, p);
    if (ops.size() != 1) {
      throw new AssertionError(
          "expected exactly one "
              + what
              + ", found "
              + ops.stream().map(GraphOperation::name).toList());
    }
    return (Operand<TFloat32>) (Operand<?>) ops.get(0).output(0);
  }

  /**
   * The dropout draws: in-graph RandomUniform ops the loss depends on (not variable initializers).
   */
  public static List<GraphOperation> randomDraws(LossHarness h, Operand<?> y) {
    return opsFeeding(
        h, y, op -> op.type().equals("RandomUniform") && !h.graph().isInitializer(op));
  }
}
