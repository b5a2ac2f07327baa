package dev.auxloss.tf.export;

import dev.auxloss.api.config.TrainingPlan;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfSaver;
import dev.auxloss.tf.graph.TfVariableStore;
import dev.auxloss.tf.runtime.TfSessionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the SavedModel: the model rebuilt in inference mode in a fresh graph — no loss, no head, no
 * optimizer slot exists there — with its variables restored by name from a training checkpoint, and a
 * {@code serving_default} signature ({@code tensorflow/serving/predict}) over the model's served
 * outputs. Written to a temporary sibling directory and renamed into place. Dataset assets (a
 * vocabulary...) go to {@code assets.extra/}.
 */
public final class TfExporter {
  public static final String METHOD = "tensorflow/serving/predict";

  private TfExporter() {}

  public static Path export(TrainingPlan plan, Path checkpointPrefix, Path dir) {
    Path tmp = dir.resolveSibling("." + dir.getFileName() + ".tmp");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, plan.seed());
      Endpoints inputs = new Endpoints("input");
      Map<String, Placeholder<?>> placeholders = new java.util.LinkedHashMap<>();
      for (TensorSpec spec : plan.dataset().specs()) {
        Placeholder<?> p = tf.withName(TfVariableStore.opName(spec.name())).placeholder(spec.type(), Placeholder.shape(spec.batched()));
        placeholders.put(spec.name(), p);
        inputs.put(spec.name(), p);
      }
      ForwardPass pass = ForwardPass.run(plan.model(), tf.withSubScope("model"), store, inputs, false, plan.seed());
      List<TfSaver.Saved> saved = new ArrayList<>();
      store.all().forEach(v -> saved.add(new TfSaver.Saved(v.name(), v.handle(), v.value(), TFloat32.class)));
      TfSaver.build(tf, saved);
      Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).methodName(METHOD);
      for (String in : pass.inputsUsed()) sig.input(in, placeholders.get(in));
      for (Map.Entry<String, Operand<?>> out : pass.outputs().asMap().entrySet()) sig.output(out.getKey(), out.getValue());
      deleteTree(tmp);
      try (Session s = new Session(g, TfSessionConfig.of(plan.runtime()))) {
        s.restore(checkpointPrefix.toString());
        SavedModelBundle.exporter(tmp.toString()).withSession(s).withSignature(sig.build()).export();
      }
      Map<String, byte[]> assets = plan.dataset().exportAssets();
      if (!assets.isEmpty()) {
        Path extra = Files.createDirectories(tmp.resolve("assets.extra"));
        for (Map.Entry<String, byte[]> a : assets.entrySet()) Files.write(extra.resolve(a.getKey()), a.getValue());
      }
      deleteTree(dir);
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SavedModel to " + dir, e);
    } finally {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // best effort: a leftover hidden temp dir is harmless and replaced next time
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }
}
