package dev.auxloss.tf.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Save/restore ops for resource variables in TF's checkpoint format (SaveV2/RestoreV2). TF Java's
 * built-in saver only handles VariableV2; ours uses the op names {@code Graph.saverDef()} looks for
 * ({@code save/filename}, {@code save/control_dependency}, {@code save/restore_all}), so the
 * SavedModel exporter and loader use it too. Variables are keyed by name, so a graph holding a
 * subset (the inference graph) restores from a training checkpoint.
 */
public final class TfSaver {
  public static final String FILENAME = "save/filename";
  public static final String SAVE = "save/control_dependency";
  public static final String RESTORE = "save/restore_all";

  /** A variable as the saver sees it: its checkpoint key, handle, current value and type. */
  public record Saved(
      String name,
      Operand<? extends TType> handle,
      Operand<? extends TType> value,
      Class<? extends TType> type) {}

  private TfSaver() {}

  public static void build(Ops root, List<Saved> vars) {
    Ops tf = root.withSubScope("save");
    Placeholder<TString> filename =
        tf.withName("filename").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    String[] names = vars.stream().map(Saved::name).toArray(String[]::new);
    Operand<TString> keys = tf.constant(StdArrays.ndCopyOf(names));
    Operand<TString> slices = tf.constant(NdArrays.vectorOfObjects(emptyStrings(names.length)));
    List<Operand<?>> values = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (Saved v : vars) {
      values.add(v.value());
      types.add(v.type());
    }
    Op save = tf.train.save(filename, keys, slices, values);
    tf.withControlDependencies(List.of(save)).withName("control_dependency").identity(filename);
    Restore restore = tf.train.restore(filename, keys, slices, types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      assigns.add(tf.assignVariableOp(vars.get(i).handle(), restore.tensors().get(i)));
    }
    tf.withControlDependencies(assigns).withName("restore_all").noOp();
  }

  private static String[] emptyStrings(int n) {
    String[] s = new String[n];
    java.util.Arrays.fill(s, "");
    return s;
  }
}
