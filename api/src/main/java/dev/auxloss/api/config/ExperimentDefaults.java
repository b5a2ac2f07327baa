package dev.auxloss.api.config;

import dev.auxloss.api.config.proto.Data;
import dev.auxloss.api.config.proto.Experiment;
import dev.auxloss.api.config.proto.NonFinitePolicy;
import dev.auxloss.api.config.proto.Optimizer;
import dev.auxloss.api.config.proto.Runtime;
import dev.auxloss.api.config.proto.Training;
import dev.auxloss.api.config.proto.Weighting;

/**
 * The defaults of every section that does not depend on registered plugins, filled where the config
 * leaves a zero or an empty string (proto3 cannot tell "unset" from 0, so 0 means "default").
 *
 * <p>The numbers come from the plan records ({@link OptimizerPlan#adam}, {@link TrainingSettings#of},
 * {@link RuntimeSettings#defaults}) so they are written once: seed 1; batch 64; 1000 steps; eval and
 * checkpoint every steps/5; summaries every 10 steps; keep 3 checkpoints; zero-gradient alarm after
 * 50 steps; Adam (Kingma &amp; Ba 2015) lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7; momentum 0.9; AdamW
 * (Loshchilov &amp; Hutter 2019) weight decay 0.01; 4 prefetched batches; weighting {@code static},
 * gradients compared on {@code shared} variables. Fields an optimizer does not read stay unset, so
 * the resolved config shows only what is used.
 */
public final class ExperimentDefaults {
  public static final long SEED = 1;
  public static final int BATCH_SIZE = 64;
  public static final long STEPS = 1000;
  public static final double LABEL_FRACTION = 1.0;
  public static final String WEIGHTING = "static";
  public static final String COMPARE_ON = "shared";
  public static final String OPTIMIZER = OptimizerPlan.ADAM;

  private static final OptimizerPlan ADAM = OptimizerPlan.adam(1e-3);
  private static final double MOMENTUM = 0.9;

  private ExperimentDefaults() {}

  /** {@code raw} with every plugin-independent default filled in. */
  public static Experiment fill(Experiment raw, String defaultName) {
    Experiment.Builder b = raw.toBuilder();
    if (b.getName().isEmpty()) b.setName(defaultName);
    if (b.getSeed() == 0) b.setSeed(SEED);
    b.setData(data(b.getData(), b.getSeed()));
    b.setWeighting(weighting(b.getWeighting()));
    b.setOptimizer(optimizer(b.getOptimizer()));
    b.setTraining(training(b.getTraining()));
    b.setRuntime(runtime(b.getRuntime()));
    return b.build();
  }

  static Data data(Data d, long experimentSeed) {
    Data.Builder b = d.toBuilder();
    if (b.getBatchSize() == 0) b.setBatchSize(BATCH_SIZE);
    if (b.getLabelFraction() == 0) b.setLabelFraction(LABEL_FRACTION);
    if (b.getSeed() == 0) b.setSeed(experimentSeed);
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
    if (b.getLearningRate() == 0) b.setLearningRate(ADAM.learningRate());
    switch (b.getType()) {
      case OptimizerPlan.MOMENTUM -> {
        if (b.getMomentum() == 0) b.setMomentum(MOMENTUM);
      }
      case OptimizerPlan.ADAM, OptimizerPlan.ADAMW -> {
        if (b.getBeta1() == 0) b.setBeta1(ADAM.beta1());
        if (b.getBeta2() == 0) b.setBeta2(ADAM.beta2());
        if (b.getEpsilon() == 0) b.setEpsilon(ADAM.epsilon());
        if (b.getType().equals(OptimizerPlan.ADAMW) && b.getWeightDecay() == 0) {
          b.setWeightDecay(ADAM.weightDecay());
        }
      }
      default -> {}
    }
    return b.build();
  }

  static Training training(Training t) {
    Training.Builder b = t.toBuilder();
    if (b.getSteps() == 0) b.setSteps(STEPS);
    TrainingSettings d = TrainingSettings.of(Math.max(1, b.getSteps()));
    if (b.getEvalEvery() == 0) b.setEvalEvery(d.evalEvery());
    if (b.getCheckpointEvery() == 0) b.setCheckpointEvery(d.checkpointEvery());
    if (b.getSummaryEvery() == 0) b.setSummaryEvery(d.summaryEvery());
    if (b.getKeepCheckpoints() == 0) b.setKeepCheckpoints(d.keepCheckpoints());
    if (b.getZeroGradientAlarmSteps() == 0) b.setZeroGradientAlarmSteps(d.zeroGradientAlarmSteps());
    if (b.getOnNonFinite() == NonFinitePolicy.NON_FINITE_UNSPECIFIED) b.setOnNonFinite(NonFinitePolicy.STOP);
    return b.build();
  }

  static Runtime runtime(Runtime r) {
    Runtime.Builder b = r.toBuilder();
    RuntimeSettings d = RuntimeSettings.defaults();
    if (b.getPrefetchBatches() == 0) b.setPrefetchBatches(d.prefetchBatches());
    // proto3 cannot say "false" apart from "unset": growing GPU memory on demand is always on.
    b.setAllowGrowth(d.allowGrowth());
    return b.build();
  }
}
