package dev.auxloss.tf.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keeps a non-finite step from touching the weights: when any term or the gradient norm is NaN/Inf,
 * every gradient is replaced by zeros and the learning rate by 0, in the same run. The trainer then
 * stops with the term's name (the variables are still the last good ones) or, when configured,
 * counts the batch as skipped and goes on.
 */
final class FiniteGuard {
  final Operand<TBool> finite;
  final Operand<TFloat32> skipped;
  private final Ops tf;

  private FiniteGuard(Ops tf, Operand<TBool> finite) {
    this.tf = tf;
    this.finite = finite;
    this.skipped = tf.math.sub(tf.constant(1f), tf.dtypes.cast(finite, TFloat32.class));
  }

  static FiniteGuard of(Ops root, Collection<Operand<TFloat32>> termValues, List<Operand<TFloat32>> grads) {
    Ops tf = root.withSubScope("finite_guard");
    List<Operand<TFloat32>> scalars = new ArrayList<>(termValues);
    // L2Loss (sum of squares / 2) is one pass without the squared copy of each gradient that
    // Square + Sum makes (that copy was 5 % of the step for a 2M-weight head, benchmarks P1).
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Operand<TFloat32> g : grads) squares.add(tf.nn.l2Loss(g));
    if (!squares.isEmpty()) scalars.add(tf.math.addN(squares));
    Operand<TBool> ok = tf.reduceAll(tf.math.isFinite(tf.stack(scalars)), tf.constant(0));
    return new FiniteGuard(tf, ok);
  }

  private Operand<TFloat32> zero;

  private Operand<TFloat32> zero() {
    if (zero == null) zero = tf.constant(0f);
    return zero;
  }

  List<Operand<TFloat32>> gate(List<Operand<TFloat32>> grads) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    // SelectV2 broadcasts a scalar zero: no zeros tensor the size of each gradient.
    for (Operand<TFloat32> g : grads) out.add(tf.select(finite, g, zero()));
    return out;
  }

  Operand<TFloat32> gate(Operand<TFloat32> lr) {
    return tf.select(finite, lr, zero());
  }
}
