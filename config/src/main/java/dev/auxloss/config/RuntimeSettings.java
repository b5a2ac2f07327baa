package dev.auxloss.config;

import java.util.List;

/**
 * Where and how the step runs. Every default is the setting measured fastest on the project's CPU
 * machines (benchmarks/SPEED_RESULTS.md); each can be overridden from the config's {@code runtime}
 * block. Build with {@code RuntimeSettings.builder().xla(true).build()}: a setting left unset keeps
 * its default.
 *
 * <ul>
 *   <li>XLA is off by default on CPU (the conv step measured 5–9× slower with it here).
 *   <li>{@code intraOpThreads} 0: the machine's physical cores; {@code interOpThreads} 0: 2 (1 on a
 *       single core), -1: every step runs inline on the caller's thread.
 *   <li>{@code onednn} DEFAULT means on: oneDNN kernels measured 0.77–0.84× the step time of TF's
 *       Eigen kernels here, but TF only turns them on by itself on CPUs with AVX-512 VNNI/AMX. TF
 *       reads this (and {@code bfcCpuAllocator}) from the environment once, when its natives load,
 *       so the launcher must set it; see {@code TfNativeEnvironment}.
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
 * @param syncBatchNorm in a cluster, every batch-norm layer normalises with the global batch's
 *     statistics (all-reduced in the forward pass); default false: each worker's own, as TensorFlow
 *     does; no effect in one process
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
    boolean localCombination,
    boolean syncBatchNorm) {
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

  /** The measured defaults described above. */
  public static RuntimeSettings defaults() {
    return builder().build();
  }

  /** Starts from {@link #defaults()}; set only what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .xla(xla)
        .device(device)
        .intraOpThreads(intraOpThreads)
        .interOpThreads(interOpThreads)
        .prefetchBatches(prefetchBatches)
        .allowGrowth(allowGrowth)
        .clusterWorkers(clusterWorkers)
        .task(task)
        .onednn(onednn)
        .remapper(remapper)
        .layoutOptimizer(layoutOptimizer)
        .constantFolding(constantFolding)
        .bfcCpuAllocator(bfcCpuAllocator)
        .mallocArenaMax(mallocArenaMax)
        .localCombination(localCombination)
        .syncBatchNorm(syncBatchNorm);
  }

  /** Names each setting; see the class comment for what each one does. */
  public static final class Builder {
    private boolean xla = false;
    private String device = "";
    private int intraOpThreads = 0;
    private int interOpThreads = 0;
    private int prefetchBatches = 4;
    private boolean allowGrowth = true;
    private List<String> clusterWorkers = List.of();
    private int task = 0;
    private Toggle onednn = Toggle.DEFAULT;
    private Toggle remapper = Toggle.DEFAULT;
    private Toggle layoutOptimizer = Toggle.DEFAULT;
    private Toggle constantFolding = Toggle.DEFAULT;
    private Toggle bfcCpuAllocator = Toggle.DEFAULT;
    private int mallocArenaMax = 0;
    private boolean localCombination = false;
    private boolean syncBatchNorm = false;

    private Builder() {}

    public Builder xla(boolean v) {
      xla = v;
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    public Builder intraOpThreads(int v) {
      intraOpThreads = v;
      return this;
    }

    public Builder interOpThreads(int v) {
      interOpThreads = v;
      return this;
    }

    public Builder prefetchBatches(int v) {
      prefetchBatches = v;
      return this;
    }

    public Builder allowGrowth(boolean v) {
      allowGrowth = v;
      return this;
    }

    public Builder clusterWorkers(List<String> v) {
      clusterWorkers = v;
      return this;
    }

    public Builder task(int v) {
      task = v;
      return this;
    }

    public Builder onednn(Toggle v) {
      onednn = v;
      return this;
    }

    public Builder remapper(Toggle v) {
      remapper = v;
      return this;
    }

    public Builder layoutOptimizer(Toggle v) {
      layoutOptimizer = v;
      return this;
    }

    public Builder constantFolding(Toggle v) {
      constantFolding = v;
      return this;
    }

    public Builder bfcCpuAllocator(Toggle v) {
      bfcCpuAllocator = v;
      return this;
    }

    public Builder mallocArenaMax(int v) {
      mallocArenaMax = v;
      return this;
    }

    public Builder localCombination(boolean v) {
      localCombination = v;
      return this;
    }

    public Builder syncBatchNorm(boolean v) {
      syncBatchNorm = v;
      return this;
    }

    public RuntimeSettings build() {
      return new RuntimeSettings(
          xla,
          device,
          intraOpThreads,
          interOpThreads,
          prefetchBatches,
          allowGrowth,
          clusterWorkers,
          task,
          onednn,
          remapper,
          layoutOptimizer,
          constantFolding,
          bfcCpuAllocator,
          mallocArenaMax,
          localCombination,
          syncBatchNorm);
    }
  }
}
