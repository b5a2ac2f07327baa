package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Decides whether the step may change anything, and owns every way it changes something. When any
 * term or the gradient norm is NaN/Inf the whole step is a no-op, in the same run and without
 * control flow (no If/While, so the step stays one XLA cluster): gradients become zeros, the
 * learning rate 0 and the optimizer's slot decays 1 (the fused {@code ResourceApply*} kernels then
 * leave the variable and its slots exactly as they were), every strategy or layer state write
 * (batch norm's moving statistics) keeps the old value, and the global step does not advance, so
 * schedules and Adam's bias correction carry on as if the batch had never been drawn. The trainer
 * then stops with the term's name (the variables are still the last good ones) or, when configured,
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

  static FiniteGuard of(
      Ops root, Collection<Operand<TFloat32>> termValues, List<Operand<TFloat32>> grads) {
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
  private Operand<TFloat32> one;

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

  /**
   * A slot's decay rate (Adam's β₁/β₂, momentum), 1 on a skipped step: with the gradient gated to
   * 0, {@code m += (0 − m)·(1 − 1)} and {@code accum = accum·1 + 0} keep the slot bit for bit,
   * where the real rate would shrink it toward 0. Gating inputs keeps the fused kernels (a select
   * on each slot's new value would cost a pass over every slot per step).
   */
  Operand<TFloat32> decay(Operand<TFloat32> rate) {
    if (one == null) one = tf.constant(1f);
    return tf.select(finite, rate, one);
  }

  /**
   * The one guarded state write, {@code v ← apply ? next : v} ({@code apply} is {@link #finite} in
   * the trainer; {@link TfWeightingContext#stateUpdates} builds a strategy's writes with it). The
   * select reads {@code v}'s single read, the one every consumer in the step uses, so the write
   * runs after it ({@code previous ← last} never reads {@code previous} otherwise, and TF could
   * overwrite it before the read).
   */
  static Op write(Ops ops, Operand<TBool> apply, Var v, Operand<TFloat32> next) {
    return ops.assignVariableOp(v.handle(), ops.select(apply, next, v.value()));
  }

  /**
   * The global step's increment: +1 on a finite step, +0 on a skipped one. Ordered after the step's
   * read only, not after the updates: an XLA cluster may not hold a resource write followed by
   * another access, so "updates -> increment" kept the increment out of the step's one cluster.
   * Every consumer of the step reads it before.
   */
  Op increment(Ops ops, Operand<?> stepHandle, Operand<TInt64> step) {
    Operand<TInt64> by = ops.select(finite, ops.constant(1L), ops.constant(0L));
    return ops.withControlDependencies(List.<Op>of(step)).assignAddVariableOp(stepHandle, by);
  }
}
