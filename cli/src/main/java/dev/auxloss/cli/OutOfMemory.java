package dev.auxloss.cli;

import java.util.Optional;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Running out of memory, wherever it happened (the Java heap; JavaCPP's limit on the process's
 * physical memory, "Physical memory usage is too high" / "Cannot allocate"; TensorFlow's allocator),
 * as the one line that says what to lower: it is not a bug to report but a size to change.
 */
final class OutOfMemory {
  private OutOfMemory() {}

  /** The {@code auxloss: error:} text for {@code t} when it, or what caused it, is running out of memory. */
  static Optional<String> line(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError || c instanceof TFResourceExhaustedException) {
        String what = c.getMessage() == null ? "" : " (" + c.getMessage().lines().findFirst().orElse("").strip() + ")";
        return Optional.of("out of memory" + what + ": lower data.batch_size, runtime.prefetch_batches or the "
            + "model's size, or give the JVM more heap with -Xmx in AUXLOSS_JAVA_OPTS (default -Xmx2g)");
      }
    }
    return Optional.empty();
  }
}
