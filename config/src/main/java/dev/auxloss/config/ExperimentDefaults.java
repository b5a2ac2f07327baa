package dev.auxloss.config;

import dev.auxloss.config.proto.BadExamplePolicy;
import dev.auxloss.config.proto.Data;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.NonFinitePolicy;
import dev.auxloss.config.proto.Optimizer;
import dev.auxloss.config.proto.Runtime;
import dev.auxloss.config.proto.Training;
import dev.auxloss.config.proto.Weighting;

/**
 * The defaults of every section that does not depend on registered plugins, filled where the config
 * leaves a field out. Fields with presence ({@code optional} in the schema) keep an explicit 0,
 * which {@link SectionChecks} then checks ({@code steps: 0} is an error, {@code seed: 0} is seed
 * 0); in the others an empty string, or the 0 of a field whose 0 means "the default", is filled.
 *
 * <p>The numbers come from the plan records ({@link OptimizerPlan#adam}, {@link
 * TrainingSettings#of}, {@link RuntimeSettings#defaults}) so they are written once: seed 1; batch
 * 64; 1000 steps; eval and checkpoint every steps/5; summaries every 10 steps; keep 3 checkpoints;
 * zero-gradient alarm after 50 steps; Adam (Kingma &amp; Ba 2015) lr 1e-3, β₁ 0.9, β₂ 0.999, ε
 * 1e-7; momentum 0.9; AdamW (Loshchilov &amp; Hutter 2019) weight decay 0.01; 4 prefetched batches;
 * weighting {@code static}, gradients compared on {@code shared} variables. Fields an optimizer
 * does not read stay unset, so the resolved config shows only what is used.
 */
public final class ExperimentDefaults {
  public static final long SEED = 1;
  public static final int BATCH_SIZE = 64;
  public static final long STEPS = 1000;
  public static final double LABEL_FRACTION = 1.0;
  public static final String WEIGHTING = "static";
  public static final String COMPARE_ON = CompareOn.SHARED.text();
  public static final String OPTIMIZER = OptimizerPlan.ADAM;

  private static final OptimizerPlan ADAM = OptimizerPlan.adam(1e-3);
  private static final double MOMENTUM = 0.9;

  private ExperimentDefaults() {}

  /** {@code raw} with every plugin-independent default filled in. */
  public static Experiment fill(Experiment raw, String defaultName) {
    Experiment.Builder b = raw.toBuilder();
    if (b.getName().isEmpty()) b.setName(defaultName);
    if (!b.hasSeed()) b.setSeed(SEED);
    b.setData(data(b.getData(), b.getSeed()));
    b.setWeighting(weighting(b.getWeighting()));
    b.setOptimizer(optimizer(b.getOptimizer()));
    b.setTraining(training(b.getTraining()));
    b.setRuntime(runtime(b.getRuntime()));
    return b.build();
  }

  static Data data(Data d, long experimentSeed) {
    Data.Builder b = d.toBuilder();
    if (!b.hasBatchSize()) b.setBatchSize(BATCH_SIZE);
    if (!b.hasLabelFraction()) b.setLabelFraction(LABEL_FRACTION);
    if (!b.hasSeed()) b.setSeed(experimentSeed);
    if (b.getOnBadExample() == BadExamplePolicy.BAD_EXAMPLE_UNSPECIFIED)
      b.setOnBadExample(BadExamplePolicy.FAIL);
    return b.build();
  }

  static Weighting weighting(Weighting w) {
    Weighting.Builder b = w.toBuilder();
    if (b.getStrategy().isEmpty()) b.setStrategy(WEIGHTING);
    if (b.getCompareOn().isEmpty()) b.setCompareOn(COMPARE_ON);
    return b.build();
  }

  static Optimizer optimizer(Optimizer o) {
    Optimizer.Builder b = o.toBuilder();
    if (b.getType().isEmpty()) b.setType(OPTIMIZER);
    if (!b.hasLearningRate()) b.setLearningRate(ADAM.learningRate());
    switch (b.getType()) {
      case OptimizerPlan.MOMENTUM -> {
        if (!b.hasMomentum()) b.setMomentum(MOMENTUM);
      }
      case OptimizerPlan.ADAM, OptimizerPlan.ADAMW -> {
        if (!b.hasBeta1()) b.setBeta1(ADAM.beta1());
        if (!b.hasBeta2()) b.setBeta2(ADAM.beta2());
        if (!b.hasEpsilon()) b.setEpsilon(ADAM.epsilon());
        if (b.getType().equals(OptimizerPlan.ADAMW) && !b.hasWeightDecay()) {
          b.setWeightDecay(ADAM.weightDecay());
        }
      }
      default -> {}
    }
    return b.build();
  }

  static Training training(Training t) {
    Training.Builder b = t.toBuilder();
    if (!b.hasSteps()) b.setSteps(STEPS);
    TrainingSettings d = TrainingSettings.of(Math.max(1, b.getSteps()));
    if (!b.hasEvalEvery()) b.setEvalEvery(d.evalEvery());
    if (!b.hasCheckpointEvery()) b.setCheckpointEvery(d.checkpointEvery());
    if (!b.hasSummaryEvery()) b.setSummaryEvery(d.summaryEvery());
    if (!b.hasKeepCheckpoints()) b.setKeepCheckpoints(d.keepCheckpoints());
    if (!b.hasZeroGradientAlarmSteps()) b.setZeroGradientAlarmSteps(d.zeroGradientAlarmSteps());
    if (b.getOnNonFinite() == NonFinitePolicy.NON_FINITE_UNSPECIFIED)
      b.setOnNonFinite(NonFinitePolicy.STOP);
    return b.build();
  }

  static Runtime runtime(Runtime r) {
    Runtime.Builder b = r.toBuilder();
    RuntimeSettings d = RuntimeSettings.defaults();
    if (!b.hasPrefetchBatches()) b.setPrefetchBatches(d.prefetchBatches());
    // proto3 cannot say "false" apart from "unset": growing GPU memory on demand is always on.
    b.setAllowGrowth(d.allowGrowth());
    return b.build();
  }
}
