package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.config.OptimizerPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.ResourceApplyAdam;
import org.tensorflow.op.train.ResourceApplyMomentum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Optimizer updates on resource variables with TF's raw training ops, so the learning rate can be
 * an in-graph schedule and the whole step stays one program (tensorflow-framework's optimizers use
 * VariableV2 with a constant learning rate). Slots are train-only, non-trainable store variables.
 */
public final class TfOptimizer {
  private TfOptimizer() {}

  /** The learning rate at {@code step}: base × schedule(step). */
  public static Operand<TFloat32> learningRate(Ops tf, OptimizerPlan plan, Operand<TInt64> step) {
    return tf.withName("learning_rate")
        .math
        .mul(tf.constant((float) plan.learningRate()), plan.lrSchedule().build(tf, step));
  }

  /** Clips the gradients jointly to {@code clipNorm} of global L2 norm (Pascanu et al. 2013). */
  public static List<Operand<TFloat32>> clip(
      Ops tf, List<Operand<TFloat32>> grads, double clipNorm) {
    if (clipNorm <= 0 || grads.isEmpty()) return grads;
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Operand<TFloat32> g : grads) squares.add(tf.reduceSum(tf.math.square(g), allAxes(tf, g)));
    Operand<TFloat32> norm = tf.math.sqrt(tf.math.addN(squares));
    Operand<TFloat32> c = tf.constant((float) clipNorm);
    Operand<TFloat32> scale = tf.math.div(c, tf.math.maximum(norm, c));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> g : grads) out.add(tf.math.mul(g, scale));
    return out;
  }

  /**
   * One update op per variable; {@code grads} is by variable name (a missing one means no update).
   * {@code grads} and {@code lr} come gated by {@code guard}; the slot decays are gated here, so a
   * skipped step leaves every slot as it was. Adam's bias correction counts the global step, which
   * a skipped step does not advance either.
   */
  static List<Op> apply(
      Ops tf,
      OptimizerPlan plan,
      TfVariableStore store,
      List<Var> vars,
      Map<String, Operand<TFloat32>> grads,
      Operand<TFloat32> lr,
      Operand<TInt64> step,
      FiniteGuard guard) {
    List<Op> updates = new ArrayList<>();
    Ops optimizer = tf.withSubScope("optimizer");
    Ops o0 = optimizer;
    Operand<TFloat32> t = o0.math.add(o0.dtypes.cast(step, TFloat32.class), o0.constant(1f));
    Operand<TFloat32> b1Power = o0.math.pow(o0.constant((float) plan.beta1()), t);
    Operand<TFloat32> b2Power = o0.math.pow(o0.constant((float) plan.beta2()), t);
    Operand<TFloat32> b1 = guard.decay(o0.constant((float) plan.beta1()));
    Operand<TFloat32> b2 = guard.decay(o0.constant((float) plan.beta2()));
    Operand<TFloat32> momentum = guard.decay(o0.constant((float) plan.momentum()));
    for (Var v : vars) {
      Operand<TFloat32> g = grads.get(v.name());
      if (g == null) continue;
      String n = v.name();
      // TF may otherwise run the update before this step's read of the variable.
      Ops o = readFirst(optimizer, v);
      switch (plan.type()) {
        case OptimizerPlan.SGD ->
            updates.add(o.train.resourceApplyGradientDescent(v.handle(), lr, g));
        case OptimizerPlan.MOMENTUM -> {
          Var accum = slot(store, n, "momentum");
          updates.add(
              o.train.resourceApplyMomentum(
                  v.handle(),
                  accum.handle(),
                  lr,
                  g,
                  momentum,
                  ResourceApplyMomentum.useNesterov(plan.nesterov())));
        }
        case OptimizerPlan.ADAM, OptimizerPlan.ADAMW -> {
          Var m = slot(store, n, "adam_m");
          Var s = slot(store, n, "adam_v");
          Ops dep = o;
          if (plan.type().equals(OptimizerPlan.ADAMW) && plan.weightDecay() > 0) {
            // Decoupled weight decay (Loshchilov & Hutter 2019): var -= lr·wd·var, then Adam.
            Op decay =
                o.assignSubVariableOp(
                    v.handle(),
                    o.math.mul(v.value(), o.math.mul(lr, o.constant((float) plan.weightDecay()))));
            dep = o.withControlDependencies(List.of(decay));
          }
          updates.add(
              dep.train.resourceApplyAdam(
                  v.handle(),
                  m.handle(),
                  s.handle(),
                  b1Power,
                  b2Power,
                  lr,
                  b1,
                  b2,
                  o.constant((float) plan.epsilon()),
                  g,
                  ResourceApplyAdam.useNesterov(false)));
        }
        default ->
            throw new IllegalArgumentException(
                "optimizer type must be one of [sgd, momentum, adam, adamw], found '"
                    + plan.type()
                    + "'");
      }
    }
    return updates;
  }

  private static Ops readFirst(Ops tf, Var v) {
    return tf.withControlDependencies(List.of(v.value()));
  }

  /** Every slot name {@link #slot} is called with: init_from recognises them as optimizer state. */
  static final List<String> SLOTS = List.of("momentum", "adam_m", "adam_v");

  private static Var slot(TfVariableStore store, String var, String slot) {
    assert SLOTS.contains(slot) : slot;
    return store.variable(var + "/" + slot, store.shape(var), Initializer.zeros(), false, true);
  }

  static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }
}
