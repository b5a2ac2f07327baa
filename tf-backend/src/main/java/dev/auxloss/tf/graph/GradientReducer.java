package dev.auxloss.tf.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Combines a gradient (or a telemetry scalar) across data-parallel workers inside the step: every
 * gradient the {@link GradientBuilder} returns passes through it, so every weighting strategy sees
 * global gradients. One process: identity.
 */
@FunctionalInterface
public interface GradientReducer {
  GradientReducer LOCAL = (tf, x) -> x;

  /** The mean of {@code x} over the workers. */
  Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x);

  /**
   * The means of several tensors, e.g. every gradient of one backward pass: an implementation may
   * pack them into one collective (fewer synchronisation points). By default one {@link #mean}
   * each.
   */
  default List<Operand<TFloat32>> meanAll(Ops tf, List<Operand<TFloat32>> xs) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> x : xs) out.add(mean(tf, x));
    return out;
  }

  /** How many workers average their gradients (1 in one process). */
  default int workers() {
    return 1;
  }
}
