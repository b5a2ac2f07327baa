package dev.auxloss.api.config;

import java.util.List;

/**
 * Where and how the step runs. Every default is the setting measured fastest on the project's CPU
 * machines (benchmarks/SPEED_RESULTS.md); each can be overridden from the config's {@code runtime}
 * block.
 *
 * <ul>
 *   <li>XLA is off by default on CPU (the conv step measured 5–9× slower with it here).
 *   <li>{@code intraOpThreads} 0: the machine's physical cores; {@code interOpThreads} 0: 2 (1 on a
 *       single core), -1: every step runs inline on the caller's thread.
 *   <li>{@code onednn} DEFAULT means on: oneDNN kernels measured 0.77–0.84× the step time of TF's Eigen
 *       kernels here, but TF only turns them on by itself on CPUs with AVX-512 VNNI/AMX. TF reads
 *       this (and {@code bfcCpuAllocator}) from the environment once, when its natives load, so
 *       the launcher must set it; see {@code TfNativeEnvironment}.
 *   <li>Grappler passes ({@code remapper}, {@code layoutOptimizer}, {@code constantFolding}) keep
 *       TF's defaults (on), except the remapper with XLA on: its fused ops split the XLA cluster.
 *   <li>{@code mallocArenaMax} 0 means 2 glibc malloc arenas: with glibc's default (8 per core)
 *       resident memory grew 4.8 % in 6000 cnn-ds steps, each checkpoint's buffers cached in yet
 *       another thread's arena; with 2 it stays flat. -1 keeps glibc's default. Also read from the
 *       environment ({@code MALLOC_ARENA_MAX}) when the process starts.
 * </ul>
 *
 * @param clusterWorkers "host:port" per worker for data-parallel training; empty for one process
 * @param task this process's index in {@code clusterWorkers}
 * @param localCombination in a cluster, each worker's strategy combines its own per-term gradients
 *     and only the combined gradient is all-reduced (static weighting's communication); default
 *     false: per-term gradients are all-reduced first, so strategies see the global batch
 */
public record RuntimeSettings(
    boolean xla,
    String device,
    int intraOpThreads,
    int interOpThreads,
    int prefetchBatches,
    boolean allowGrowth,
    List<String> clusterWorkers,
    int task,
    Toggle onednn,
    Toggle remapper,
    Toggle layoutOptimizer,
    Toggle constantFolding,
    Toggle bfcCpuAllocator,
    int mallocArenaMax,
    boolean localCombination) {
  /** A switch whose DEFAULT is auxloss's measured choice (which may depend on other settings). */
  public enum Toggle {
    DEFAULT,
    ON,
    OFF;

    /** The proto enum's number (0 default, 1 on, 2 off) as a toggle. */
    public static Toggle ofNumber(int number) {
      return switch (number) {
        case 1 -> ON;
        case 2 -> OFF;
        default -> DEFAULT;
      };
    }

    /** Whether the switch is on, {@code whenDefault} deciding for DEFAULT. */
    public boolean isOn(boolean whenDefault) {
      return this == DEFAULT ? whenDefault : this == ON;
    }
  }

  public RuntimeSettings {
    clusterWorkers = List.copyOf(clusterWorkers);
    if (onednn == null) onednn = Toggle.DEFAULT;
    if (remapper == null) remapper = Toggle.DEFAULT;
    if (layoutOptimizer == null) layoutOptimizer = Toggle.DEFAULT;
    if (constantFolding == null) constantFolding = Toggle.DEFAULT;
    if (bfcCpuAllocator == null) bfcCpuAllocator = Toggle.DEFAULT;
  }

  public static RuntimeSettings defaults() {
    return new RuntimeSettings(false, "", 0, 0, 4, true, List.of(), 0,
        Toggle.DEFAULT, Toggle.DEFAULT, Toggle.DEFAULT, Toggle.DEFAULT, Toggle.DEFAULT, 0, false);
  }

  public RuntimeSettings withXla(boolean on) {
    return new RuntimeSettings(on, device, intraOpThreads, interOpThreads, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, mallocArenaMax,
        localCombination);
  }

  public RuntimeSettings withThreads(int intra, int inter) {
    return new RuntimeSettings(xla, device, intra, inter, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, mallocArenaMax,
        localCombination);
  }

  public RuntimeSettings withGrappler(Toggle remapper, Toggle layoutOptimizer, Toggle constantFolding) {
    return new RuntimeSettings(xla, device, intraOpThreads, interOpThreads, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, mallocArenaMax,
        localCombination);
  }

  public RuntimeSettings withNativeEnvironment(Toggle onednn, Toggle bfcCpuAllocator) {
    return new RuntimeSettings(xla, device, intraOpThreads, interOpThreads, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, mallocArenaMax,
        localCombination);
  }

  public RuntimeSettings withMallocArenaMax(int arenas) {
    return new RuntimeSettings(xla, device, intraOpThreads, interOpThreads, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, arenas,
        localCombination);
  }

  public RuntimeSettings withLocalCombination(boolean local) {
    return new RuntimeSettings(xla, device, intraOpThreads, interOpThreads, prefetchBatches, allowGrowth,
        clusterWorkers, task, onednn, remapper, layoutOptimizer, constantFolding, bfcCpuAllocator, mallocArenaMax,
        local);
  }
}
