package dev.auxloss.bench;

import java.nio.file.Path;
import java.util.List;

/** Learning-benefit benchmarks (L1–L4 of BENCHMARKS.md): being written. */
final class LearningBenchmarks {
  static final List<String> IDS = List.of();

  private LearningBenchmarks() {}

  static void run(String id, Path tmp) {
    throw new IllegalArgumentException(id);
  }
}
