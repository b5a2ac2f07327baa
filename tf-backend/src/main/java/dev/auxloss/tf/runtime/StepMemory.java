package dev.auxloss.tf.runtime;

import static dev.auxloss.config.BatchBounds.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * Whether one training step fits in memory, estimated from the training graph before anything runs,
 * so an oversized {@code data.batch_size} is bad input at {@code validate} instead of a process
 * that grows until the kernel kills it (deep-plain at batch 20000 reached 22 GB of a 24 GB machine
 * within two minutes of its first step, with no message).
 *
 * <p>The estimate is {@value #RETAINED_SHARE} × the bytes of every batch-dependent output of the
 * training-mode forward pass (ops under {@code model/}, first dimension the batch) × the batch
 * size. That share is a measured floor, not a model of TF's allocator: the peak resident memory of
 * a step grew by 0.79× that sum per example for deep-plain (batch 2000 → 5000), 0.82× for cnn-ds
 * (1000 → 3000) and 1.51× for text-lm (200 → 800; attention's backward pass holds more than its
 * forward), oneDNN on, on this project's CPU machine. So a batch the check refuses would not have
 * fit; one it passes may still not, and then {@code runtime.step_memory_budget_mb} can be set lower
 * to be safe. Only CPU steps are checked: a GPU's memory is not this machine's.
 */
public final class StepMemory {
  /** The least share of the forward pass's activations a step was measured to hold per example. */
  public static final double RETAINED_SHARE = 0.75;

  private static final String FORWARD_SCOPE = "model/";
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private StepMemory() {}

  /** Bytes of the training-mode forward pass's batch-dependent outputs for one example. */
  public static long forwardBytesPerExample(Graph graph) {
    long bytes = 0;
    for (Iterator<?> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = (GraphOperation) it.next();
      if (!op.name().startsWith(FORWARD_SCOPE)) continue;
      for (int i = 0; i < op.numOutputs(); i++) bytes += perExample(op.output(i));
    }
    return bytes;
  }

  /** An output's bytes per example when its first dimension is the (unknown) batch; 0 otherwise. */
  private static long perExample(Output<?> out) {
    Shape s = out.shape();
    if (s.isUnknown() || s.numDimensions() < 1 || s.size(0) != Shape.UNKNOWN_SIZE) return 0;
    long values = 1;
    for (int d = 1; d < s.numDimensions(); d++) {
      if (s.size(d) < 0)
        return 0; // not known before the data: left out, the estimate stays a floor
      values *= s.size(d);
    }
    return values * byteSize(out.dataType());
  }

  private static int byteSize(DataType t) {
    return switch (t) {
      case DT_BOOL, DT_INT8, DT_UINT8 -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
      case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
      default -> 4;
    };
  }

  /** The memory this machine has available now ({@code MemAvailable}, Linux); empty elsewhere. */
  public static OptionalLong availableBytes() {
    try {
      if (!Files.isReadable(MEMINFO)) return OptionalLong.empty();
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemAvailable:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024); // in kB
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: no check
    }
    return OptionalLong.empty();
  }

  /**
   * Why {@code batch} examples do not fit {@code budget} bytes, if they do not: the estimate, the
   * budget (where it comes from: {@code budgetName}) and the largest batch that fits.
   */
  public static Optional<String> problem(Graph graph, int batch, long budget, String budgetName) {
    long perExample = forwardBytesPerExample(graph);
    double estimate = RETAINED_SHARE * perExample * batch;
    if (perExample == 0 || estimate <= budget) return Optional.empty();
    long fits = (long) (budget / (RETAINED_SHARE * perExample));
    return Optional.of(
        String.format(
            Locale.ROOT,
            "a training step at batch %d holds at least %s (%.0f %% of the model's %s of activations an example, "
                + "as measured), more than the budget of %s (%s); lower it (at most %d fits)",
            batch,
            bytes(estimate),
            RETAINED_SHARE * 100,
            bytes(perExample),
            bytes(budget),
            budgetName,
            fits));
  }
}
