package dev.auxloss.tf.export;

import com.google.gson.GsonBuilder;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfSaver;
import dev.auxloss.tf.graph.TfVariableStore;
import dev.auxloss.tf.runtime.TfSessionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the SavedModel: the model rebuilt in inference mode in a fresh graph — no loss, no head,
 * no optimizer slot exists there — with its variables restored by name from a training checkpoint,
 * and a {@code serving_default} signature ({@code tensorflow/serving/predict}) over the model's
 * served outputs. Dataset assets (a vocabulary...) go to {@code assets.extra/}. The checkpoints are
 * tried newest first, like resume and evaluate do: an unreadable one is reported and the next older
 * used.
 *
 * <p>Nothing at the destination is deleted unless it is a previous auxloss export the caller allows
 * to replace: see {@link ExportDestination}, which also writes the {@link
 * ExportDestination#MARKER}.
 */
public final class TfExporter {
  public static final String METHOD = "tensorflow/serving/predict";

  private TfExporter() {}

  /** A checkpoint to export from: its prefix ({@code .../step-N/ckpt}) and step. */
  public record Source(Path prefix, long step) {}

  /** What was written: the SavedModel directory and the step of the checkpoint it holds. */
  public record Exported(Path dir, long step) {}

  /**
   * Writes the SavedModel of the newest readable checkpoint of {@code newestFirst} to {@code dest}.
   *
   * @param replaceExport whether a previous auxloss export at {@code dest} may be replaced
   * @param overwriteHint the option allowing that, named when it is refused
   * @param unreadable told of each checkpoint that could not be restored (its prefix and TF's
   *     reason)
   * @throws ExportDestination.UnusableException when {@code dest} is not free for an export
   */
  public static Exported export(
      TrainingPlan plan,
      Path runDir,
      List<Source> newestFirst,
      Path dest,
      boolean replaceExport,
      String overwriteHint,
      BiConsumer<Path, RuntimeException> unreadable) {
    ExportDestination.problem(dest, replaceExport, overwriteHint)
        .ifPresent(
            why -> {
              throw new ExportDestination.UnusableException(dest + ": " + why);
            });
    Path tmp = null;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, plan.seed());
      Endpoints inputs = new Endpoints("input");
      Map<String, Placeholder<?>> placeholders = new java.util.LinkedHashMap<>();
      for (TensorSpec spec : plan.dataset().specs()) {
        Placeholder<?> p =
            tf.withName(TfVariableStore.opName(spec.name()))
                .placeholder(spec.type(), Placeholder.shape(spec.batched()));
        placeholders.put(spec.name(), p);
        inputs.put(spec.name(), p);
      }
      ForwardPass pass =
          ForwardPass.run(
              plan.model(), tf.withSubScope("model"), store, inputs, false, plan.seed());
      List<TfSaver.Saved> saved = new ArrayList<>();
      store
          .all()
          .forEach(
              v -> saved.add(new TfSaver.Saved(v.name(), v.handle(), v.value(), TFloat32.class)));
      TfSaver.build(tf, saved);
      Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).methodName(METHOD);
      for (String in : pass.inputsUsed()) sig.input(in, placeholders.get(in));
      for (Map.Entry<String, Operand<?>> out : pass.outputs().asMap().entrySet())
        sig.output(out.getKey(), out.getValue());
      Source used;
      try (Session s = new Session(g, TfSessionConfig.of(plan.runtime()))) {
        used = restoreNewest(s, runDir, newestFirst, unreadable); // before creating anything
        tmp = ExportDestination.freshSibling(dest, "tmp");
        SavedModelBundle.exporter(tmp.toString())
            .withSession(s)
            .withSignature(sig.build())
            .export();
      }
      Map<String, byte[]> assets = plan.dataset().exportAssets();
      if (!assets.isEmpty()) {
        Path extra = Files.createDirectories(tmp.resolve("assets.extra"));
        for (Map.Entry<String, byte[]> a : assets.entrySet())
          Files.write(extra.resolve(a.getKey()), a.getValue());
      }
      Files.writeString(tmp.resolve(ExportDestination.MARKER), marker(plan, runDir, used));
      ExportDestination.install(tmp, dest, replaceExport, overwriteHint);
      tmp = null;
      return new Exported(dest, used.step());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the SavedModel to " + dest + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) ExportDestination.deleteOwn(tmp);
    }
  }

  /**
   * Restores the first checkpoint of {@code newestFirst} that loads; every failure names its file.
   */
  private static Source restoreNewest(
      Session s,
      Path runDir,
      List<Source> newestFirst,
      BiConsumer<Path, RuntimeException> unreadable) {
    List<String> failures = new ArrayList<>();
    for (Source c : newestFirst) {
      try {
        s.restore(c.prefix().toString());
        return c;
      } catch (RuntimeException e) {
        unreadable.accept(c.prefix(), e);
        failures.add(unreadableMessage(c.prefix(), e));
      }
    }
    throw new IllegalStateException(
        "no checkpoint in "
            + runDir
            + " could be restored"
            + (failures.isEmpty() ? "" : ": " + String.join("; ", failures)));
  }

  /**
   * "checkpoint PREFIX is unreadable: first line of TF's reason", the one wording for every read
   * error.
   */
  public static String unreadableMessage(Path prefix, RuntimeException e) {
    String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    return "checkpoint " + prefix + " is unreadable: " + reason;
  }

  /**
   * The marker file's JSON: what {@link ExportDestination} recognises, and where the export came
   * from.
   */
  private static String marker(TrainingPlan plan, Path runDir, Source used) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("auxloss_export", 1);
    m.put("experiment", plan.name());
    m.put("run", runDir.toAbsolutePath().normalize().toString());
    m.put("step", used.step());
    m.put("checkpoint", used.prefix().toAbsolutePath().normalize().toString());
    m.put("config_sha256", plan.configHash());
    return new GsonBuilder().setPrettyPrinting().create().toJson(m) + "\n";
  }
}
