package dev.auxloss.cli;

import dev.auxloss.config.BatchBounds;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.tf.runtime.StepMemory;
import dev.auxloss.tf.train.TfTrainingSession;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Exit 2 when one training step would not fit in memory ({@link StepMemory}), once the graph is
 * built and before anything runs: for {@code train} and {@code validate}. The budget is {@code
 * runtime.step_memory_budget_mb}, else what the machine has available now; CPU steps only.
 */
final class StepMemoryCheck {
  private StepMemoryCheck() {}

  static void require(ResolvedExperiment r, TfTrainingSession session) {
    if (r.plan().runtime().device().toUpperCase(Locale.ROOT).contains("GPU")) return;
    var runtime = r.config().getRuntime();
    boolean set = runtime.hasStepMemoryBudgetMb();
    OptionalLong budget =
        set ? OptionalLong.of(runtime.getStepMemoryBudgetMb() << 20) : StepMemory.availableBytes();
    if (budget.isEmpty()) return;
    String name =
        set
            ? BatchBounds.STEP_BUDGET
            : "the memory this machine has available; " + BatchBounds.STEP_BUDGET + " sets another";
    StepMemory.problem(
            session.trainingGraph().graph(), r.plan().batchSize(), budget.getAsLong(), name)
        .ifPresent(
            why -> {
              throw new UsageException("data.batch_size: " + why);
            });
  }
}
