package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Shard;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.profile.TfProfiler;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/**
 * The training loop (as DJL's {@code EasyTrain} beside its {@code Trainer}): batches from the input
 * thread, one step each, the step's alarms, checkpoints every {@code training.checkpoint_every}
 * steps and at the end, validation every {@code training.eval_every} steps; listeners hear each of
 * them.
 */
final class TrainingLoop {
  private final TrainingPlan plan;
  private final ExecutionTarget target;
  private final StepRunner runner;
  private final StepAlarms alarms;
  private final Checkpointer checkpointer;
  private final Evaluator evaluator;
  private final List<TrainingListener> listeners;
  private final TfProfiler profiler;
  private final Path runDir;

  TrainingLoop(
      TrainingPlan plan,
      ExecutionTarget target,
      StepRunner runner,
      StepAlarms alarms,
      Checkpointer checkpointer,
      Evaluator evaluator,
      List<TrainingListener> listeners,
      TfProfiler profiler,
      Path runDir) {
    this.plan = plan;
    this.target = target;
    this.runner = runner;
    this.alarms = alarms;
    this.checkpointer = checkpointer;
    this.evaluator = evaluator;
    this.listeners = listeners;
    this.profiler = profiler;
    this.runDir = runDir;
  }

  /** See {@link TfTrainingSession#train(boolean)}. */
  TrainingOutcome run(boolean resume) {
    long start = resume ? checkpointer.restoreLatestOrZero() : 0;
    if (!resume) checkpointer.initializeFresh();
    TrainingSettings settings = plan.training();
    long total = settings.steps();
    listeners.forEach(l -> l.onStart(start, total));
    Path last = null;
    long skipped = 0;
    Iterator<Batch> data =
        LabelRange.checked(
            plan.dataset()
                .batches(
                    Split.TRAIN,
                    plan.batchSize(),
                    plan.seed(),
                    new Shard(target.task(), target.workers())),
            plan.dataset(),
            plan.datasetName(),
            "training");
    try (BatchFeeder feeder = new BatchFeeder(data, plan.runtime().prefetchBatches(), start)) {
      SummarySteps summaries = new SummarySteps(settings.summaryEvery(), total);
      for (long step = start; step < total; step++) {
        long done = step + 1;
        StepMetrics m = step(feeder, step, summaries.due(done));
        if (!alarms.accept(m)) skipped++;
        for (TrainingListener l : listeners) l.onStep(m);
        if (target.isChief() && (done % settings.checkpointEvery() == 0 || done == total)) {
          last = checkpointer.save(done);
        }
        if (validationDue(done, total)) {
          Map<String, Double> eval = evaluator.evaluate(Split.VALIDATION);
          for (TrainingListener l : listeners) l.onEvaluation(done, Split.VALIDATION, eval);
        }
      }
    }
    target.trainingFinished();
    if (profiler != null && target.isChief()) profiler.table().write(runDir.resolve("profile"));
    TrainingOutcome outcome = new TrainingOutcome(total, skipped, last);
    listeners.forEach(l -> l.onFinish(outcome));
    return outcome;
  }

  private StepMetrics step(BatchFeeder feeder, long step, boolean summary) {
    Map<String, Tensor> batch = feeder.next();
    if (batch == null) throw new IllegalStateException("the training data ended at step " + step);
    try {
      return runner.train(batch, step + 1, summary);
    } finally {
      batch.values().forEach(Tensor::close);
    }
  }

  /** Validation runs every eval_every steps before the last, when there is a validation split. */
  private boolean validationDue(long done, long total) {
    long every = plan.training().evalEvery();
    return every > 0
        && done % every == 0
        && done < total
        && plan.dataset().size(Split.VALIDATION) > 0;
  }
}
