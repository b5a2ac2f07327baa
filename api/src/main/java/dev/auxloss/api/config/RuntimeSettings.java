package dev.auxloss.api.config;

import java.util.List;

/**
 * Where and how the step runs. XLA is off by default on CPU (measured 5–9× slower on the conv step
 * here); thread counts of 0 mean the measured default.
 *
 * @param clusterWorkers "host:port" per worker for data-parallel training; empty for one process
 * @param task this process's index in {@code clusterWorkers}
 */
public record RuntimeSettings(
    boolean xla,
    String device,
    int intraOpThreads,
    int interOpThreads,
    int prefetchBatches,
    boolean allowGrowth,
    List<String> clusterWorkers,
    int task) {
  public RuntimeSettings {
    clusterWorkers = List.copyOf(clusterWorkers);
  }

  public static RuntimeSettings defaults() {
    return new RuntimeSettings(false, "", 0, 0, 4, true, List.of(), 0);
  }
}
