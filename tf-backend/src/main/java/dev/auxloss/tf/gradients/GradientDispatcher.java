package dev.auxloss.tf.gradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;

/**
 * The single Java gradient function behind every op type auxloss registers: it looks up the {@link
 * OpGradient} for {@code op.type()} and checks what it returns.
 *
 * <p>It never throws. An exception escaping into the native callback would leave TF Java's graph in
 * "gradient builder" mode and unwind through C++ frames; instead a failure is logged, kept as
 * {@link #lastFailure()}, and an empty list is returned, which makes TF fail the whole {@code
 * addGradients} call with "Invalid gradient output index: 0 size: 0".
 *
 * <p>Entries that are {@link OpGradient#none()} are replaced by a real output (the first incoming
 * gradient, never used) and their positions are left in a thread-local for {@link
 * SingleSlotAdapter}, which turns them into null {@code TF_Output}s once TF Java has written the
 * native array.
 */
final class GradientDispatcher implements RawCustomGradient {
  private static final Logger LOG = LoggerFactory.getLogger(GradientDispatcher.class);

  /** Positions of {@code none()} entries of the call in progress on this thread. */
  private static final ThreadLocal<int[]> NO_GRADIENT_POSITIONS = new ThreadLocal<>();

  private final Map<String, OpGradient> gradients;
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  GradientDispatcher(Map<String, OpGradient> gradients) {
    this.gradients = gradients;
  }

  @Override
  public List<Operand<?>> call(Ops tf, GraphOperation op, List<Output<?>> dy) {
    NO_GRADIENT_POSITIONS.remove();
    String what = "op";
    try {
      String type = op.type();
      what = "op '" + op.name() + "' of type " + type;
      OpGradient gradient = gradients.get(type);
      if (gradient == null) {
        throw new IllegalStateException("no auxloss gradient is registered for type " + type);
      }
      List<Operand<?>> dx = gradient.apply(tf, op, List.copyOf(dy));
      return check(op, dy, dx);
    } catch (Throwable t) { // never let anything unwind into the native gradient builder
      String message = "gradient of " + what + " failed: " + t;
      lastFailure.set(message);
      LOG.error("{} (Graph.addGradients will fail)", message, t);
      NO_GRADIENT_POSITIONS.remove();
      return List.of();
    }
  }

  /** The message of the latest failed gradient, or null. */
  String lastFailure() {
    return lastFailure.get();
  }

  /** Returns and clears the {@code none()} positions recorded by the last call on this thread. */
  static int[] takeNoGradientPositions() {
    int[] positions = NO_GRADIENT_POSITIONS.get();
    NO_GRADIENT_POSITIONS.remove();
    return positions;
  }

  private static List<Operand<?>> check(
      GraphOperation op, List<Output<?>> dy, List<Operand<?>> dx) {
    if (dx == null) {
      throw new IllegalStateException("the gradient returned null instead of a list");
    }
    int inputs = op.numInputs();
    if (dx.size() != inputs) {
      throw new IllegalStateException(
          "the gradient returned " + dx.size() + " entries for an op with " + inputs + " inputs");
    }
    List<Operand<?>> out = new ArrayList<>(inputs);
    int[] none = new int[inputs];
    int noneCount = 0;
    for (int i = 0; i < inputs; i++) {
      Operand<?> g = dx.get(i);
      if (g == null) {
        throw new IllegalStateException(
            "the gradient of input " + i + " is null; return OpGradient.none() or zeros");
      }
      if (NoGradientMarker.is(g)) {
        none[noneCount++] = i;
        out.add(dy.get(0)); // placeholder, replaced by a null TF_Output natively
        continue;
      }
      Output<?> o = g.asOutput();
      if (!(o.op() instanceof GraphOperation) || o.op().env() != op.env()) {
        throw new IllegalStateException(
            "the gradient of input " + i + " is not an output of the op's graph: " + o);
      }
      out.add(o);
    }
    if (noneCount > 0) {
      int[] positions = new int[noneCount];
      System.arraycopy(none, 0, positions, 0, noneCount);
      NO_GRADIENT_POSITIONS.set(positions);
    }
    return out;
  }
}
