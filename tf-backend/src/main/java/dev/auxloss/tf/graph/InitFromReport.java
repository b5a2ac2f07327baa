package dev.auxloss.tf.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * What {@code training.init_from} restores: the checkpoint entries matched to model variables
 * (after renames), the model variables nothing restores, the checkpoint entries nothing reads, and
 * every shape (or type) mismatch. Optimizer slots, strategy state and the global step are never
 * restored (a fine-tuning run starts them fresh) and are only counted.
 *
 * @param checkpoint the checkpoint prefix read (a run directory's newest)
 * @param stateSkipped checkpoint entries left out as optimizer or strategy state or the step
 */
public record InitFromReport(
    Path checkpoint,
    List<Match> matched,
    List<String> unmatchedModel,
    List<String> unmatchedCheckpoint,
    List<Mismatch> mismatches,
    int stateSkipped) {
  public InitFromReport {
    matched = List.copyOf(matched);
    unmatchedModel = List.copyOf(unmatchedModel);
    unmatchedCheckpoint = List.copyOf(unmatchedCheckpoint);
    mismatches = List.copyOf(mismatches);
  }

  /** A checkpoint entry restoring a model variable of the same shape. */
  public record Match(String checkpointName, String modelName, Shape shape) {}

  /** A checkpoint entry whose renamed name is a model variable of another shape or type. */
  public record Mismatch(String checkpointName, String modelName, String found, String expected) {
    @Override
    public String toString() {
      return "'"
          + checkpointName
          + "' "
          + found
          + " -> model variable '"
          + modelName
          + "' "
          + expected;
    }
  }

  /** The report as {@code validate} prints it, one fact a line. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        "init_from "
            + checkpoint
            + ": "
            + matched.size()
            + " restored, "
            + unmatchedModel.size()
            + " model variables not in the checkpoint, "
            + unmatchedCheckpoint.size()
            + " checkpoint variables unused, "
            + mismatches.size()
            + " shape mismatches ("
            + stateSkipped
            + " optimizer/strategy state entries start fresh)");
    for (Match m : matched) {
      String renamed = m.checkpointName().equals(m.modelName()) ? "" : " <- " + m.checkpointName();
      out.add("  restored " + m.modelName() + " " + m.shape() + renamed);
    }
    for (String v : unmatchedModel) out.add("  not in checkpoint: " + v);
    for (String c : unmatchedCheckpoint) out.add("  unused from checkpoint: " + c);
    for (Mismatch m : mismatches) out.add("  shape mismatch: " + m);
    return out;
  }
}
