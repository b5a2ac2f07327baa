package dev.auxloss.tf.testing;

import dev.auxloss.tf.graph.TfVariableStore;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A variable's value in a training session, and a checkpoint entry's read by TF itself. */
public final class VariableValues {
  private VariableValues() {}

  /** A training graph's variable, through the one read op {@link TfVariableStore} gives it. */
  public static float[] inSession(Session s, String variable) {
    String op = "vars/" + TfVariableStore.opName(variable.replace('/', '.')) + "_read";
    try (Result r = s.runner().fetch(op).run()) {
      return floats((TFloat32) r.get(0));
    }
  }

  /** A float32 checkpoint entry, read with TF's own RestoreV2 in a graph of its own. */
  public static float[] inCheckpoint(Path prefix, String name) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var restore =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(StdArrays.ndCopyOf(new String[] {name})),
              tf.constant(NdArrays.vectorOfObjects("")),
              List.of(TFloat32.class));
      try (Result r = s.runner().fetch(restore.tensors().get(0)).run()) {
        return floats((TFloat32) r.get(0));
      }
    }
  }

  private static float[] floats(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
