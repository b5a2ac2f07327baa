package dev.auxloss.testing;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** {@link MiniTrainer}'s two update rules on resource variables, learning rate a constant. */
abstract sealed class Optimizer {
  private final List<Op> updates = new ArrayList<>();

  interface Factory {
    Optimizer create(Ops tf, TfVariableStore store);
  }

  /** Adds the update of {@code v} by its gradient {@code g}. */
  final void update(Var v, Operand<TFloat32> g) {
    updates.add(op(v, g));
  }

  final List<Op> updates() {
    return updates;
  }

  abstract Op op(Var v, Operand<TFloat32> g);

  /**
   * Feeds what update number {@code t} (1 for the first) needs; the tensors go to {@code owned}.
   */
  void feed(Session.Runner r, long t, List<Tensor> owned) {}

  static final class Sgd extends Optimizer {
    private final Ops tf;
    private final Operand<TFloat32> lr;

    Sgd(Ops tf, double lr) {
      this.tf = tf;
      this.lr = tf.constant((float) lr);
    }

    @Override
    Op op(Var v, Operand<TFloat32> g) {
      return tf.assignSubVariableOp(v.handle(), tf.math.mul(g, lr));
    }
  }

  static final class Adam extends Optimizer {
    private final Ops tf;
    private final TfVariableStore store;
    private final Operand<TFloat32> lr;
    // β₁ᵗ and β₂ᵗ for the bias correction, fed each step.
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;

    Adam(Ops tf, TfVariableStore store, double lr) {
      this.tf = tf;
      this.store = store;
      this.lr = tf.constant((float) lr);
      beta1Power = tf.placeholder(TFloat32.class);
      beta2Power = tf.placeholder(TFloat32.class);
    }

    @Override
    Op op(Var v, Operand<TFloat32> g) {
      var m =
          store.variable(
              v.name() + "/adam_m", store.shape(v.name()), Initializer.constant(0f), false, true);
      var s =
          store.variable(
              v.name() + "/adam_v", store.shape(v.name()), Initializer.constant(0f), false, true);
      return tf.train.resourceApplyAdam(
          v.handle(),
          m.handle(),
          s.handle(),
          beta1Power,
          beta2Power,
          lr,
          tf.constant(0.9f),
          tf.constant(0.999f),
          tf.constant(1e-7f),
          g);
    }

    @Override
    void feed(Session.Runner r, long t, List<Tensor> owned) {
      Tensor b1 = TFloat32.scalarOf((float) Math.pow(0.9, t));
      owned.add(b1);
      Tensor b2 = TFloat32.scalarOf((float) Math.pow(0.999, t));
      owned.add(b2);
      r.feed(beta1Power, b1).feed(beta2Power, b2);
    }
  }
}
