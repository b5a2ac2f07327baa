package dev.auxloss.api.schedule;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The built-in schedules. Each is a record validated in its constructor; all evaluate in float32 on
 * the global step.
 */
public final class Schedules {
  private Schedules() {}

  public static WeightSchedule constant(double value) {
    return new Constant(value);
  }

  /** Linear from {@code from} at {@code start} to {@code to} at {@code end}, flat outside. */
  public static WeightSchedule linear(double from, double to, long start, long end) {
    return new Linear(from, to, start, end);
  }

  /** Half-cosine from {@code from} at step 0 to {@code to} at {@code steps}, flat after. */
  public static WeightSchedule cosine(double from, double to, long steps) {
    return new Cosine(from, to, steps);
  }

  /** Piecewise constant: {@code values[i]} until {@code boundaries[i]}, the last value after. */
  public static WeightSchedule step(List<Long> boundaries, List<Double> values) {
    return new Step(boundaries, values);
  }

  /** 0 → 1 linearly over {@code steps} steps, then 1 (multiply with another schedule). */
  public static WeightSchedule warmup(long steps) {
    return new Linear(0, 1, 0, steps);
  }

  /** 1 until {@code step}, 0 from then on (DSN companion losses turned off, Lee et al. 2015). */
  public static WeightSchedule offAfter(long step) {
    return new Step(List.of(step), List.of(1.0, 0.0));
  }

  /** {@code from × rate^(step / every)}: the smooth decay used for companion losses. */
  public static WeightSchedule exponential(double from, double rate, long every) {
    return new Exponential(from, rate, every);
  }

  public record Constant(double value) implements WeightSchedule {
    public Constant {
      requireFinite("value", value);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
      return tf.constant((float) value);
    }

    @Override
    public double valueAt(long step) {
      return value;
    }

    @Override
    public String describe() {
      return "constant(" + value + ")";
    }
  }

  public record Linear(double from, double to, long start, long end) implements WeightSchedule {
    public Linear {
      requireFinite("from", from);
      requireFinite("to", to);
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException(
            "linear schedule needs 0 <= start < end, found start " + start + ", end " + end);
      }
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
      Operand<TFloat32> s = tf.dtypes.cast(step, TFloat32.class);
      Operand<TFloat32> t =
          tf.math.div(
              tf.math.sub(s, tf.constant((float) start)), tf.constant((float) (end - start)));
      t = tf.math.minimum(tf.math.maximum(t, tf.constant(0f)), tf.constant(1f));
      return tf.math.add(
          tf.constant((float) from), tf.math.mul(t, tf.constant((float) (to - from))));
    }

    @Override
    public double valueAt(long step) {
      double t = Math.min(1, Math.max(0, (step - start) / (double) (end - start)));
      return from + t * (to - from);
    }

    @Override
    public String describe() {
      return "linear(" + from + "→" + to + ", steps " + start + ".." + end + ")";
    }
  }

  public record Cosine(double from, double to, long steps) implements WeightSchedule {
    public Cosine {
      requireFinite("from", from);
      requireFinite("to", to);
      if (steps <= 0)
        throw new IllegalArgumentException("cosine schedule needs steps > 0, found " + steps);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
      Operand<TFloat32> t =
          tf.math.minimum(
              tf.math.div(tf.dtypes.cast(step, TFloat32.class), tf.constant((float) steps)),
              tf.constant(1f));
      Operand<TFloat32> c =
          tf.math.mul(
              tf.constant(0.5f),
              tf.math.add(
                  tf.constant(1f), tf.math.cos(tf.math.mul(t, tf.constant((float) Math.PI)))));
      return tf.math.add(tf.constant((float) to), tf.math.mul(c, tf.constant((float) (from - to))));
    }

    @Override
    public double valueAt(long step) {
      double t = Math.min(1, step / (double) steps);
      return to + 0.5 * (1 + Math.cos(Math.PI * t)) * (from - to);
    }

    @Override
    public String describe() {
      return "cosine(" + from + "→" + to + ", " + steps + " steps)";
    }
  }

  public record Step(List<Long> boundaries, List<Double> values) implements WeightSchedule {
    public Step {
      boundaries = List.copyOf(boundaries);
      values = List.copyOf(values);
      if (values.size() != boundaries.size() + 1) {
        throw new IllegalArgumentException(
            "step schedule needs one more value than boundaries, found "
                + boundaries.size()
                + " boundaries and "
                + values.size()
                + " values");
      }
      for (int i = 1; i < boundaries.size(); i++) {
        if (boundaries.get(i) <= boundaries.get(i - 1)) {
          throw new IllegalArgumentException("step boundaries must increase, found " + boundaries);
        }
      }
      values.forEach(v -> requireFinite("value", v));
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
      Operand<TFloat32> out = tf.constant((float) (double) values.get(values.size() - 1));
      for (int i = boundaries.size() - 1; i >= 0; i--) {
        out =
            tf.select(
                tf.math.less(step, tf.constant((long) boundaries.get(i))),
                tf.constant((float) (double) values.get(i)),
                out);
      }
      return out;
    }

    @Override
    public double valueAt(long step) {
      for (int i = 0; i < boundaries.size(); i++)
        if (step < boundaries.get(i)) return values.get(i);
      return values.get(values.size() - 1);
    }

    @Override
    public String describe() {
      return "step(" + values + " at " + boundaries + ")";
    }
  }

  public record Exponential(double from, double rate, long every) implements WeightSchedule {
    public Exponential {
      requireFinite("from", from);
      if (!(rate > 0 && rate <= 1))
        throw new IllegalArgumentException("decay rate must be in (0, 1], found " + rate);
      if (every <= 0)
        throw new IllegalArgumentException("decay interval must be > 0, found " + every);
    }

    @Override
    public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
      Operand<TFloat32> e =
          tf.math.div(tf.dtypes.cast(step, TFloat32.class), tf.constant((float) every));
      return tf.math.mul(tf.constant((float) from), tf.math.pow(tf.constant((float) rate), e));
    }

    @Override
    public double valueAt(long step) {
      return from * Math.pow(rate, step / (double) every);
    }

    @Override
    public String describe() {
      return "exponential(" + from + " × " + rate + "^(step/" + every + "))";
    }
  }

  private static void requireFinite(String what, double v) {
    if (!Double.isFinite(v))
      throw new IllegalArgumentException("schedule " + what + " must be finite, found " + v);
  }
}
