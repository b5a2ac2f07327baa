package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.config.FineTunePlan;
import dev.auxloss.tf.train.CheckpointManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The {@code training.init_from} stage of {@link TfGraphBuilder}: matches the checkpoint's entries
 * (renamed) to the model's variables — those of the model and the loss heads, built before the
 * optimizer's slots — and builds {@value #RESTORE}: one RestoreV2 of the matched entries assigned
 * to their variables, run once before step 1 of a new run. Problems go to the build's errors: a
 * checkpoint that cannot be found or read always; model variables nothing restores and shape
 * mismatches unless {@code allow_partial}; a restore matching nothing always.
 */
final class InitFromStage {
  static final String RESTORE = "init_from/restore_all";
  private static final String FIELD = "training.init_from";

  private InitFromStage() {}

  /** The report, or null when the checkpoint could not be read (the error says why). */
  static InitFromReport build(
      Ops tf,
      FineTunePlan.InitFrom in,
      List<Var> modelVars,
      TfVariableStore store,
      List<ConfigError> errors) {
    Optional<Path> prefix = prefix(in.checkpoint(), errors);
    if (prefix.isEmpty()) return null;
    CheckpointIndex index;
    try {
      index = CheckpointIndex.read(prefix.get());
    } catch (IOException e) {
      errors.add(
          ConfigError.of(FIELD + ".checkpoint", "cannot read the checkpoint: " + e.getMessage()));
      return null;
    }
    Map<String, String> byModelName = new LinkedHashMap<>(); // model name -> checkpoint name
    int state = 0;
    for (String name : index.entries().keySet()) {
      if (isState(name, index)) state++;
      else byModelName.putIfAbsent(in.modelName(name), name);
    }
    List<InitFromReport.Match> matched = new ArrayList<>();
    List<String> unmatchedModel = new ArrayList<>();
    List<InitFromReport.Mismatch> mismatches = new ArrayList<>();
    List<Var> restored = new ArrayList<>();
    for (Var v : modelVars) {
      Shape shape = store.shape(v.name());
      String ckpt = byModelName.remove(v.name());
      if (ckpt == null) {
        unmatchedModel.add(v.name() + " " + shape);
        continue;
      }
      CheckpointIndex.Entry e = index.entries().get(ckpt);
      if (e.type() != DataType.DT_FLOAT || !e.shape().equals(shape)) {
        mismatches.add(
            new InitFromReport.Mismatch(
                ckpt, v.name(), describe(e.type(), e.shape()), describe(DataType.DT_FLOAT, shape)));
      } else {
        matched.add(new InitFromReport.Match(ckpt, v.name(), shape));
        restored.add(v);
      }
    }
    InitFromReport report =
        new InitFromReport(
            prefix.get(),
            matched,
            unmatchedModel,
            List.copyOf(byModelName.values()),
            mismatches,
            state);
    check(in, report, errors);
    if (!matched.isEmpty()) restoreOp(tf, prefix.get(), matched, restored);
    return report;
  }

  private static void check(FineTunePlan.InitFrom in, InitFromReport r, List<ConfigError> errors) {
    String where = " (checkpoint " + r.checkpoint() + ")";
    if (r.matched().isEmpty()) {
      errors.add(
          ConfigError.of(
              FIELD,
              "restores nothing: no checkpoint variable matches a model variable after renames"
                  + where
                  + "; checkpoint variables: "
                  + String.join(", ", r.unmatchedCheckpoint())));
      return;
    }
    if (in.allowPartial()) return;
    String hint = "; set training.init_from.allow_partial: true to restore only what matches";
    if (!r.unmatchedModel().isEmpty()) {
      errors.add(
          ConfigError.of(
              FIELD,
              r.unmatchedModel().size()
                  + " model variable(s) not in the checkpoint after renames"
                  + where
                  + ": "
                  + String.join(", ", r.unmatchedModel())
                  + hint));
    }
    for (InitFromReport.Mismatch m : r.mismatches()) {
      errors.add(ConfigError.of(FIELD, "shape mismatch: " + m + where + hint));
    }
  }

  /** A run directory's newest checkpoint, or a prefix whose .index exists. */
  private static Optional<Path> prefix(Path given, List<ConfigError> errors) {
    Path p = given.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      Optional<Path> latest = new CheckpointManager(p, 1).latest();
      if (latest.isEmpty()) {
        errors.add(
            ConfigError.of(
                FIELD + ".checkpoint",
                "run directory '"
                    + given
                    + "' holds no complete checkpoint (checkpoints/step-N/ckpt.*)"));
      }
      return latest;
    }
    if (Files.isRegularFile(Path.of(p + ".index"))) return Optional.of(p);
    errors.add(
        ConfigError.of(
            FIELD + ".checkpoint",
            "no checkpoint at '"
                + given
                + "': neither a run directory nor a checkpoint prefix (no "
                + given
                + ".index)"));
    return Optional.empty();
  }

  /** The global step, a strategy's state, or an optimizer slot of another saved variable. */
  private static boolean isState(String name, CheckpointIndex index) {
    if (name.equals("global_step") || name.startsWith("weighting/")) return true;
    int slash = name.lastIndexOf('/');
    return slash > 0
        && TfOptimizer.SLOTS.contains(name.substring(slash + 1))
        && index.entries().containsKey(name.substring(0, slash));
  }

  private static String describe(DataType type, Shape shape) {
    return (type == DataType.DT_FLOAT ? "" : type.name().substring(3).toLowerCase() + " ") + shape;
  }

  private static void restoreOp(
      Ops root, Path prefix, List<InitFromReport.Match> matched, List<Var> vars) {
    Ops tf = root.withSubScope("init_from");
    String[] keys =
        matched.stream().map(InitFromReport.Match::checkpointName).toArray(String[]::new);
    String[] slices = new String[keys.length];
    java.util.Arrays.fill(slices, "");
    List<Class<? extends org.tensorflow.types.family.TType>> types = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) types.add(TFloat32.class);
    Operand<TString> file = tf.constant(prefix.toString());
    Restore restore =
        tf.train.restore(
            file,
            tf.constant(StdArrays.ndCopyOf(keys)),
            tf.constant(NdArrays.vectorOfObjects(slices)),
            types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++)
      assigns.add(tf.assignVariableOp(vars.get(i).handle(), restore.tensors().get(i)));
    tf.withControlDependencies(assigns).withName("restore_all").noOp();
  }
}
