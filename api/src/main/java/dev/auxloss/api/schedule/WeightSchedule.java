package dev.auxloss.api.schedule;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A multiplier as a function of the global step, evaluated in the graph so a weight (or a learning
 * rate) changes during training without rebuilding anything. {@link #valueAt(long)} is the same
 * function on the host, for reports and tests.
 *
 * <pre>{@code
 * WeightSchedule s = Schedules.linear(0.3, 0.1, 0, 1000);
 * s.valueAt(500); // 0.2
 * }</pre>
 */
public interface WeightSchedule {
  Operand<TFloat32> build(Ops tf, Operand<TInt64> step);

  double valueAt(long step);

  /** Text for run reports, for example {@code linear(0.3→0.1, 0..1000)}. */
  String describe();

  /** Pointwise product: {@code this(step) × other(step)}. */
  default WeightSchedule times(WeightSchedule other) {
    WeightSchedule self = this;
    return new WeightSchedule() {
      @Override
      public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
        return tf.math.mul(self.build(tf, step), other.build(tf, step));
      }

      @Override
      public double valueAt(long step) {
        return self.valueAt(step) * other.valueAt(step);
      }

      @Override
      public String describe() {
        return self.describe() + " × " + other.describe();
      }
    };
  }
}
