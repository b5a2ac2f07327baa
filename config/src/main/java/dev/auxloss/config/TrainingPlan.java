package dev.auxloss.config;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;
import java.util.Objects;

/**
 * A validated experiment, resolved against the registered models, datasets, losses and strategies:
 * everything the backend needs to build the graph and train. Built from a config by {@code
 * ExperimentResolver}, or directly in code and tests with {@link #builder()}:
 *
 * <pre>{@code
 * TrainingPlan plan = TrainingPlan.builder().name("tiny").seed(3).model("tiny", model)
 *     .dataset("tiny", data).batchSize(32).terms(terms).weighting("static", new StaticWeighting())
 *     .optimizer(OptimizerPlan.adam(1e-2)).training(TrainingSettings.of(100)).build();
 * }</pre>
 *
 * and varied with {@link #toBuilder()}: {@code plan.toBuilder().compareOn(CompareOn.ALL).build()}.
 *
 * @param compareOn where gradients are compared
 * @param metrics what an evaluation reports beside the primary losses (none unless set)
 * @param configText the resolved config as text (written to the run directory); may be empty
 * @param configHash SHA-256 of {@code configText}
 * @param badExamples what the dataset does with a bad example, and what it skipped ({@code
 *     data.on_bad_example}; default: fail)
 * @param fineTune what is restored from another run and what is frozen ({@link FineTunePlan#NONE})
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
    List<MetricPlan> metrics,
    String weightingName,
    WeightingStrategy weighting,
    CompareOn compareOn,
    OptimizerPlan optimizer,
    TrainingSettings training,
    RuntimeSettings runtime,
    String configText,
    String configHash,
    BadExamples badExamples,
    FineTunePlan fineTune) {
  public TrainingPlan {
    Objects.requireNonNull(badExamples, "badExamples");
    Objects.requireNonNull(fineTune, "fineTune");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(weighting, "weighting");
    Objects.requireNonNull(compareOn, "compareOn");
    terms = List.copyOf(terms);
    metrics = List.copyOf(metrics);
    // The backend keys every term's ops, telemetry and overrides by name: a repeat would hide a
    // term.
    java.util.Set<String> names = new java.util.HashSet<>();
    for (TermPlan t : terms) {
      if (!names.add(t.name()))
        throw new IllegalArgumentException("duplicate term name '" + t.name() + "'");
    }
    if (batchSize <= 0)
      throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
  }

  /**
   * A builder with nothing set but {@code compareOn} ({@link CompareOn#SHARED}), no metrics, the
   * default runtime and an empty config text and hash.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this plan. */
  public Builder toBuilder() {
    return new Builder()
        .name(name)
        .seed(seed)
        .model(modelName, model)
        .dataset(datasetName, dataset)
        .batchSize(batchSize)
        .terms(terms)
        .metrics(metrics)
        .weighting(weightingName, weighting)
        .compareOn(compareOn)
        .optimizer(optimizer)
        .training(training)
        .runtime(runtime)
        .config(configText, configHash)
        .badExamples(badExamples)
        .fineTune(fineTune);
  }

  /** Names each part; the plan's constructor checks them when {@link #build} is called. */
  public static final class Builder {
    private String name;
    private long seed;
    private String modelName;
    private ModelFn model;
    private String datasetName;
    private Dataset dataset;
    private int batchSize;
    private List<TermPlan> terms;
    private List<MetricPlan> metrics = List.of();
    private String weightingName;
    private WeightingStrategy weighting;
    private CompareOn compareOn = CompareOn.SHARED;
    private OptimizerPlan optimizer;
    private TrainingSettings training;
    private RuntimeSettings runtime = RuntimeSettings.defaults();
    private String configText = "";
    private String configHash = "";
    private BadExamples badExamples = BadExamples.failing();
    private FineTunePlan fineTune = FineTunePlan.NONE;

    private Builder() {}

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** The model and the name it is registered under. */
    public Builder model(String registeredName, ModelFn fn) {
      modelName = registeredName;
      model = fn;
      return this;
    }

    /** The dataset and the name it is registered under. */
    public Builder dataset(String registeredName, Dataset data) {
      datasetName = registeredName;
      dataset = data;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder terms(List<TermPlan> v) {
      terms = v;
      return this;
    }

    public Builder metrics(List<MetricPlan> v) {
      metrics = v;
      return this;
    }

    /** The weighting strategy and the name it is registered under. */
    public Builder weighting(String registeredName, WeightingStrategy strategy) {
      weightingName = registeredName;
      weighting = strategy;
      return this;
    }

    public Builder compareOn(CompareOn v) {
      compareOn = v;
      return this;
    }

    public Builder optimizer(OptimizerPlan v) {
      optimizer = v;
      return this;
    }

    public Builder training(TrainingSettings v) {
      training = v;
      return this;
    }

    public Builder runtime(RuntimeSettings v) {
      runtime = v;
      return this;
    }

    /** The resolved config's text and its SHA-256. */
    public Builder config(String text, String hash) {
      configText = text;
      configHash = hash;
      return this;
    }

    /** The policy the dataset was made with, which counts what it skips. */
    public Builder badExamples(BadExamples v) {
      badExamples = v;
      return this;
    }

    public Builder fineTune(FineTunePlan v) {
      fineTune = v;
      return this;
    }

    public TrainingPlan build() {
      return new TrainingPlan(
          name,
          seed,
          modelName,
          model,
          datasetName,
          dataset,
          batchSize,
          terms,
          metrics,
          weightingName,
          weighting,
          compareOn,
          optimizer,
          training,
          runtime,
          configText,
          configHash,
          badExamples,
          fineTune);
    }
  }
}
