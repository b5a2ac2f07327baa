package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;

/**
 * What every arm of one benchmark shares: model, data, batch size, optimizer and step budget, plus
 * how often the validation split is scored (for steps-to-target) and how much of it.
 *
 * @param steps training steps of every run
 * @param evalEvery validation accuracy every this many steps (and once at the end)
 * @param evalBatches batches of validation and test scored; 0 = the whole split
 * @param testAtEveryEval also score the test split at every validation point, for the test accuracy
 *     of the best-validation step (early stopping); only where the test split is small
 */
public record Setting(
    String id,
    String modelName,
    ModelFn model,
    String datasetName,
    Dataset dataset,
    int batchSize,
    OptimizerPlan optimizer,
    long steps,
    long evalEvery,
    int evalBatches,
    boolean testAtEveryEval) {

  /** The plan of {@code arm} with {@code seed} (the seed drives initialisation and data order). */
  public TrainingPlan plan(Arm arm, long seed) {
    // One checkpoint at the end only (no disk traffic mid-run), no telemetry alarms.
    TrainingSettings t =
        TrainingSettings.builder()
            .steps(steps)
            .evalEvery(evalEvery)
            .checkpointEvery(steps)
            .keepCheckpoints(1)
            .evalBatches(evalBatches)
            .build();
    return TrainingPlan.builder()
        .name(id + "-" + arm.name())
        .seed(seed)
        .model(modelName, model)
        .dataset(datasetName, dataset)
        .batchSize(batchSize)
        .terms(arm.terms())
        .metrics(Catalog.defaultMetrics(model))
        .weighting(arm.weightingName(), arm.weighting())
        .optimizer(optimizer)
        .training(t)
        .build();
  }

  /** The same setting trained with {@code other} (e.g. an arm's own learning rate). */
  public Setting withOptimizer(OptimizerPlan other) {
    return new Setting(
        id,
        modelName,
        model,
        datasetName,
        dataset,
        batchSize,
        other,
        steps,
        evalEvery,
        evalBatches,
        testAtEveryEval);
  }

  /**
   * SGD with momentum 0.9 (the DSN paper's optimizer), constant learning rate, gradients clipped to
   * a global norm of {@code clipNorm} (0: no clipping).
   */
  public static OptimizerPlan momentum(double lr, double clipNorm) {
    return new OptimizerPlan(
        OptimizerPlan.MOMENTUM,
        lr,
        dev.auxloss.api.schedule.Schedules.constant(1),
        0.9,
        false,
        0.9,
        0.999,
        1e-7,
        0,
        clipNorm);
  }
}
