package dev.auxloss.vision.testing;

import dev.auxloss.tf.testing.LossHarness;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Reads a variable's current value from a harness graph, so tests can recompute heads by hand. */
public final class Vars {
  private Vars() {}

  /** The value of variable {@code name} (for example {@code heads/term/aux/fc/kernel}). */
  public static float[] read(LossHarness h, String name) {
    List<String> reads = new ArrayList<>();
    Iterator<GraphOperation> it = h.graph().operations();
    while (it.hasNext()) {
      GraphOperation op = it.next();
      if (!op.type().equals("ReadVariableOp")) continue;
      reads.add(op.name());
      if (op.name().endsWith(name + "/read") || op.name().endsWith(name + "_read")) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> out = (Operand<TFloat32>) (Operand<?>) op.output(0);
        return h.fetch(out);
      }
    }
    throw new IllegalArgumentException("no variable " + name + "; reads: " + reads);
  }
}
