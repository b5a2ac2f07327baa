package dev.auxloss.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Running out of memory or of disk, wherever it happened, as the one line that says what to change:
 * it is not a bug to report but a size or a place. Memory: the Java heap, JavaCPP's limit on the
 * process's physical memory ("Physical memory usage is too high" / "Cannot allocate"), TensorFlow's
 * allocator. Disk: TensorFlow reports a full disk as the same RESOURCE_EXHAUSTED status as an
 * allocation that failed, so its message tells them apart.
 */
final class Exhausted {
  /** strerror(ENOSPC) and strerror(EDQUOT), as both TF and the JDK quote them. */
  private static final List<String> DISK_FULL =
      List.of("No space left on device", "Disk quota exceeded");

  private Exhausted() {}

  /**
   * The {@code auxloss: error:} text for {@code t} when it, or what caused it, ran out of memory or
   * disk.
   */
  static Optional<String> line(Throwable t) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) chain.add(c);
    Collections.reverse(
        chain); // the cause first: a wrapper's message repeats it behind a class name
    for (Throwable c : chain) {
      String first =
          c.getMessage() == null ? "" : c.getMessage().lines().findFirst().orElse("").strip();
      if (DISK_FULL.stream()
          .anyMatch(first::contains)) { // TF's status, or a Java write's IOException
        return Optional.of(
            "the disk is full ("
                + first
                + "): free space there or write the run elsewhere (--out)");
      }
      if (c instanceof OutOfMemoryError || c instanceof TFResourceExhaustedException) {
        return Optional.of(
            "out of memory"
                + (first.isEmpty() ? "" : " (" + first + ")")
                + ": lower "
                + "data.batch_size, runtime.prefetch_batches or the model's size, or give the JVM more heap with -Xmx "
                + "in AUXLOSS_JAVA_OPTS (default -Xmx2g)");
      }
    }
    return Optional.empty();
  }
}
