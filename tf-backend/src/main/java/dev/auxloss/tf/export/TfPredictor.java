package dev.auxloss.tf.export;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs an export the way a server does: the SavedModel's default signature, not the training graph.
 * Inputs are the signature's (a batch's fields of those names are fed); outputs come back as host
 * arrays with their shapes. Every Tensor and Result is closed here.
 *
 * <pre>{@code
 * try (TfPredictor p = TfPredictor.open(Path.of("runs/x/export"))) {
 *   Map<String, HostTensor.Floats> out = p.run(batch); // {"logits": [B, 10]}
 * }
 * }</pre>
 */
public final class TfPredictor implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final Signature signature;

  private TfPredictor(SavedModelBundle bundle) {
    this.bundle = bundle;
    this.signature =
        bundle.signatures().stream()
            .filter(s -> s.key().equals(Signature.DEFAULT_KEY))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the export has no '" + Signature.DEFAULT_KEY + "' signature"));
  }

  /**
   * Loads {@code exportDir} (tag {@code serve}); an {@link IllegalArgumentException} names it when
   * it is none.
   */
  public static TfPredictor open(Path exportDir) {
    if (!Files.isRegularFile(exportDir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(
          exportDir + " is not a SavedModel (no saved_model.pb): export the run first");
    }
    return new TfPredictor(SavedModelBundle.load(exportDir.toString(), "serve"));
  }

  /** The signature's inputs: name → per-batch shape (first axis −1). */
  public Map<String, Shape> inputs() {
    Map<String, Shape> out = new LinkedHashMap<>();
    signature.getInputs().forEach((k, v) -> out.put(k, v.shape));
    return out;
  }

  /** Whether input {@code name} takes int32 (token ids, labels) rather than float32. */
  public boolean isIntInput(String name) {
    return signature.getInputs().get(name).dataType == DataType.DT_INT32;
  }

  /** Runs one batch: every signature input is taken from the batch field of its name. */
  public Map<String, HostTensor.Floats> run(Batch batch) {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    try {
      for (String name : signature.inputNames()) {
        HostTensor h = batch.get(name);
        if (h == null)
          throw new IllegalArgumentException(
              "the batch has no field '" + name + "' the export reads");
        feeds.put(
            name,
            h instanceof HostTensor.Floats f
                ? TFloat32.tensorOf(f.shape(), DataBuffers.of(f.values(), true, false))
                : TInt32.tensorOf(
                    h.shape(), DataBuffers.of(((HostTensor.Ints) h).values(), true, false)));
      }
      Map<String, HostTensor.Floats> out = new LinkedHashMap<>();
      try (Result r = bundle.call(feeds)) {
        for (String name : signature.outputNames()) {
          Tensor t = r.get(name).orElseThrow();
          if (!(t instanceof TFloat32 f)) continue; // the served outputs are float scores
          float[] v = new float[(int) f.shape().size()];
          f.copyTo(DataBuffers.of(v, false, false));
          out.put(name, new HostTensor.Floats(f.shape(), v));
        }
      }
      return out;
    } finally {
      List<Tensor> owned = new ArrayList<>(feeds.values());
      owned.forEach(Tensor::close);
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
