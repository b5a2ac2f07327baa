package dev.auxloss.api.config;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;
import java.util.Objects;

/**
 * A validated experiment, resolved against the registered models, datasets, losses and strategies:
 * everything the backend needs to build the graph and train. Built from a config by {@code
 * ExperimentResolver}, or directly in code and tests.
 *
 * @param compareOn where gradients are compared: {@code shared}, {@code all}, {@code group:<prefix>}
 *     or {@code endpoint:<name>}
 * @param configText the resolved config as text (written to the run directory); may be empty
 * @param configHash SHA-256 of {@code configText}
 */
public record TrainingPlan(
    String name,
    long seed,
    String modelName,
    ModelFn model,
    String datasetName,
    Dataset dataset,
    int batchSize,
    List<TermPlan> terms,
    String weightingName,
    WeightingStrategy weighting,
    String compareOn,
    OptimizerPlan optimizer,
    TrainingSettings training,
    RuntimeSettings runtime,
    String configText,
    String configHash) {
  public TrainingPlan {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(weighting, "weighting");
    terms = List.copyOf(terms);
    if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
  }

  /** A copy with other training settings (tests, benchmarks). */
  public TrainingPlan withTraining(TrainingSettings t) {
    return new TrainingPlan(name, seed, modelName, model, datasetName, dataset, batchSize, terms,
        weightingName, weighting, compareOn, optimizer, t, runtime, configText, configHash);
  }

  public TrainingPlan withTerms(List<TermPlan> newTerms) {
    return new TrainingPlan(name, seed, modelName, model, datasetName, dataset, batchSize, newTerms,
        weightingName, weighting, compareOn, optimizer, training, runtime, configText, configHash);
  }

  public TrainingPlan withRuntime(RuntimeSettings r) {
    return new TrainingPlan(name, seed, modelName, model, datasetName, dataset, batchSize, terms,
        weightingName, weighting, compareOn, optimizer, training, r, configText, configHash);
  }

  /** A copy comparing gradients elsewhere ({@code shared}, {@code all}, {@code group:…}, {@code endpoint:…}). */
  public TrainingPlan withCompareOn(String where) {
    return new TrainingPlan(name, seed, modelName, model, datasetName, dataset, batchSize, terms,
        weightingName, weighting, where, optimizer, training, runtime, configText, configHash);
  }

  public TrainingPlan withWeighting(String newName, WeightingStrategy w) {
    return new TrainingPlan(name, seed, modelName, model, datasetName, dataset, batchSize, terms,
        newName, w, compareOn, optimizer, training, runtime, configText, configHash);
  }
}
