package dev.auxloss.config;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.config.proto.Experiment;
import java.util.Optional;

/**
 * Resource bounds of {@code data.batch_size}, checked before anything trains so an oversized batch
 * is bad input (exit 2), not an {@code OutOfMemoryError} or "the training data ended" at step 0.
 * The resolver checks the split; {@code validate} and {@code train} also check the host memory,
 * once the config resolves ({@link #checkHostMemory}).
 *
 * <ul>
 *   <li>A batch is at most one worker's share of the training split ({@code size(TRAIN) /
 *       workers}): workers take whole batches of one shared order in turn, and a batch larger than
 *       the share would repeat examples within a step. {@code data.label_fraction} does not change
 *       the split size: unlabelled examples are in every batch too.
 *   <li>The batches the input pipeline holds at once fit the host memory budget: {@code
 *       runtime.prefetch_batches} in the queue plus {@link #HELD_BEYOND_PREFETCH}, each {@code
 *       batch_size ×} the bytes of one example from the dataset's specs (every host field is
 *       float32 or int32: 4 bytes a value). The budget is {@code runtime.host_memory_budget_mb}, by
 *       default {@link #DEFAULT_HEAP_SHARE} of the JVM's max heap.
 * </ul>
 *
 * <pre>
 * experiment.pbtxt:5:3: data.batch_size: must be at most the 16 examples of the training split, found 20
 * </pre>
 */
public final class BatchBounds {
  /**
   * Batches held beyond the prefetch queue: the one in the step and the one being copied (heap +
   * native).
   */
  public static final int HELD_BEYOND_PREFETCH = 3;

  /**
   * Share of {@code Runtime.maxMemory()} the input pipeline may hold when the config sets no
   * budget.
   */
  public static final double DEFAULT_HEAP_SHARE = 0.5;

  static final String BATCH = "data.batch_size";
  static final String BUDGET = "runtime.host_memory_budget_mb";
  public static final String STEP_BUDGET = "runtime.step_memory_budget_mb";
  private static final long MB = 1L << 20;

  private BatchBounds() {}

  /**
   * Adds the errors of the bounds that hold on any machine; {@code dataset} is null when it failed.
   */
  static void check(Experiment e, Dataset dataset, ErrorCollector errors) {
    int batch = e.getData().getBatchSize();
    if (dataset != null && batch > 0) { // SectionChecks reports a batch <= 0
      int workers = Math.max(1, e.getRuntime().getCluster().getWorkerCount());
      shardError(dataset.size(Split.TRAIN), batch, workers).ifPresent(m -> errors.add(BATCH, m));
    }
    var runtime = e.getRuntime();
    errors.check(
        !runtime.hasHostMemoryBudgetMb() || runtime.getHostMemoryBudgetMb() > 0,
        BUDGET,
        "must be > 0 (leave it out for the default, half the JVM's max heap)",
        runtime.getHostMemoryBudgetMb());
    errors.check(
        !runtime.hasStepMemoryBudgetMb() || runtime.getStepMemoryBudgetMb() > 0,
        STEP_BUDGET,
        "must be > 0 (leave it out for the default, the memory available)",
        runtime.getStepMemoryBudgetMb());
  }

  /**
   * Throws when the batches the input pipeline holds do not fit the host memory budget of this JVM.
   * Only for commands that train (or validate for training): the default budget depends on the
   * running JVM's heap, so export and evaluate of a run trained with a larger {@code -Xmx} must not
   * be held to it.
   */
  public static void checkHostMemory(LoadedExperiment loaded, ResolvedExperiment resolved) {
    var runtime = resolved.config().getRuntime();
    long budget =
        runtime.hasHostMemoryBudgetMb() ? runtime.getHostMemoryBudgetMb() * MB : defaultBudget();
    TrainingPlan plan = resolved.plan();
    ErrorCollector errors = new ErrorCollector(loaded.sources());
    memoryError(
            plan.dataset(), plan.batchSize(), Math.max(1, plan.runtime().prefetchBatches()), budget)
        .ifPresent(m -> errors.add(BATCH, m));
    errors.throwIfAny();
  }

  /**
   * Why a batch does not fit one worker's share of the training split, if it does not. Public for
   * the trainer, which also learns the cluster from the environment.
   */
  public static Optional<String> shardError(int splitSize, int batchSize, int workers) {
    long share = splitSize / Math.max(1, workers);
    if (batchSize <= share) return Optional.empty();
    String limit =
        workers <= 1
            ? "the " + splitSize + " examples of the training split"
            : "one worker's share of the training split ("
                + splitSize
                + " examples / "
                + workers
                + " workers = "
                + share
                + "), as each worker takes whole batches of its share";
    return Optional.of("must be at most " + limit + ", found " + batchSize);
  }

  /** Half (DEFAULT_HEAP_SHARE) of the JVM's max heap, in bytes. */
  static long defaultBudget() {
    return (long) (java.lang.Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE);
  }

  static Optional<String> memoryError(Dataset dataset, int batch, int prefetch, long budget) {
    long perExample = 0;
    for (TensorSpec s : dataset.specs()) {
      if (s.shape().hasUnknownDimension()) return Optional.empty(); // size unknown before the data
      perExample += 4 * s.shape().size();
    }
    int held = prefetch + HELD_BEYOND_PREFETCH;
    double total = (double) perExample * batch * held;
    if (total <= budget || perExample == 0) return Optional.empty();
    long fits = budget / (perExample * held);
    return Optional.of(
        "a batch of "
            + batch
            + " takes "
            + bytes((double) perExample * batch)
            + " on the host ("
            + perExample
            + " bytes an example) and the input pipeline holds "
            + held
            + " at once (runtime.prefetch_batches "
            + prefetch
            + " + "
            + HELD_BEYOND_PREFETCH
            + "): "
            + bytes(total)
            + ", over the host memory budget of "
            + bytes(budget)
            + "; lower data.batch_size (at most "
            + fits
            + " fits) or runtime.prefetch_batches, or raise "
            + BUDGET
            + " (default half the JVM's max heap) and -Xmx (AUXLOSS_JAVA_OPTS)");
  }

  /**
   * {@code b} bytes in the largest binary unit that keeps it at least 1 ("21.0 MB"), for messages.
   */
  public static String bytes(double b) {
    String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }
}
