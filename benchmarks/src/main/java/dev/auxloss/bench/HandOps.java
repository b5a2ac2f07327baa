package dev.auxloss.bench;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.types.TFloat32;

/** What both hand-written benchmark graphs build the way a raw TF Java user writes it. */
final class HandOps {
  private HandOps() {}

  /**
   * Adam: VariableV2 slots and {@code ApplyAdam} (lr 1e-3, Keras' β and ε), the β powers advanced
   * after the updates.
   */
  static Op adam(Ops tf, List<Variable<TFloat32>> vars, List<Output<?>> grads, String name) {
    Ops a = tf.withSubScope("adam_" + name);
    Variable<TFloat32> b1p = a.variable(a.constant(0.9f));
    Variable<TFloat32> b2p = a.variable(a.constant(0.999f));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      Variable<TFloat32> m = a.variable(a.zerosLike(v));
      Variable<TFloat32> s = a.variable(a.zerosLike(v));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads.get(i);
      updates.add(
          a.train.applyAdam(
              v,
              m,
              s,
              b1p,
              b2p,
              a.constant(1e-3f),
              a.constant(0.9f),
              a.constant(0.999f),
              a.constant(1e-7f),
              g));
    }
    Ops after = a.withControlDependencies(updates);
    return after
        .withControlDependencies(
            List.of(
                after.assign(b1p, after.math.mul(b1p, after.constant(0.9f))),
                after.assign(b2p, after.math.mul(b2p, after.constant(0.999f)))))
        .noOp();
  }

  /** A VariableV2 drawn from N(0, std²) with the op-level {@code seed}. */
  static Variable<TFloat32> normal(Ops tf, Shape shape, double std, long seed) {
    return tf.variable(
        tf.math.mul(
            tf.random.randomStandardNormal(
                tf.constant(shape), TFloat32.class, RandomStandardNormal.seed(seed)),
            tf.constant((float) std)));
  }
}
