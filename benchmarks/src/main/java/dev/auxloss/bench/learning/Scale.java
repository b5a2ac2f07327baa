package dev.auxloss.bench.learning;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Knobs for running the learning benchmarks longer or shorter than their defaults (which are sized
 * for a shared 2-core machine): {@code -Dbench.learning.scale=2} doubles every step budget, {@code
 * -Dbench.learning.seeds=5} uses seeds 1..5. With {@code ./bench}, pass them via {@code
 * JAVA_TOOL_OPTIONS}.
 */
public final class Scale {
  /** Validation points per run (steps-to-target resolution is steps / EVALS). */
  public static final int EVALS = 10;

  private Scale() {}

  /** {@code steps} × the scale factor, rounded to a multiple of {@link #EVALS}. */
  public static long steps(long steps) {
    double f = Double.parseDouble(System.getProperty("bench.learning.scale", "1"));
    return Math.max(EVALS, Math.round(steps * f / EVALS) * EVALS);
  }

  /** Seeds 1..n, n = {@code bench.learning.seeds} (default 3). */
  public static List<Long> seeds() {
    return seeds(3);
  }

  /** Seeds 1..n, n = {@code bench.learning.seeds} or {@code defaultCount} (L6 asks for 5). */
  public static List<Long> seeds(int defaultCount) {
    return LongStream.rangeClosed(1, Integer.getInteger("bench.learning.seeds", defaultCount))
        .boxed()
        .toList();
  }
}
