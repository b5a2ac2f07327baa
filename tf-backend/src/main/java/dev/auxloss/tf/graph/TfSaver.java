package dev.auxloss.tf.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Prefix of the node that checks a restored variable's shape; its name follows. */
  public static final String SHAPE_CHECK = "save/shape/";

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
    Map<String, Ops> scopes = new HashMap<>();
    for (int i = 0; i < vars.size(); i++) {
      Saved v = vars.get(i);
      Operand<?> restored = restore.tensors().get(i);
      // A resource variable takes any shape it is assigned; a checkpoint of another graph must not
      // resize one silently. TF's error names the checked tensor: a snapshot named after the
      // variable (an identity would be optimized away, and the error would name Restore:i).
      Shape shape = v.value().shape();
      if (!shape.isUnknown())
        restored = tf.ensureShape(named(scopes, tf, "shape/" + v.name()).snapshot(restored), shape);
      assigns.add(tf.assignVariableOp(v.handle(), restored));
    }
    tf.withControlDependencies(assigns).withName("restore_all").noOp();
  }

  /** {@code tf} naming its next op {@code path} ("a/b/c": c in sub-scope b of sub-scope a). */
  private static Ops named(Map<String, Ops> scopes, Ops tf, String path) {
    int slash = path.lastIndexOf('/');
    return scope(scopes, tf, slash < 0 ? "" : path.substring(0, slash))
        .withName(path.substring(slash + 1));
  }

  /**
   * The sub-scope {@code dir} ("a/b") of {@code tf}, made once: making one twice gives the second a
   * new name ("a_1"), so {@code scopes} keeps them.
   */
  private static Ops scope(Map<String, Ops> scopes, Ops tf, String dir) {
    if (dir.isEmpty()) return tf;
    Ops s = scopes.get(dir);
    if (s == null) {
      int up = dir.lastIndexOf('/');
      s = scope(scopes, tf, up < 0 ? "" : dir.substring(0, up)).withSubScope(dir.substring(up + 1));
      scopes.put(dir, s);
    }
    return s;
  }

  private static String[] emptyStrings(int n) {
    String[] s = new String[n];
    java.util.Arrays.fill(s, "");
    return s;
  }
}
