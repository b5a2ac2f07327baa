package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import java.util.List;

/**
 * The vision settings of the learning benchmarks (L1, L2, and L1 again for L4). Each method returns
 * the shared {@link Setting} or the arms; the numbers here are the benchmark's definition, and
 * LEARNING_RESULTS.md explains how they were chosen.
 */
public final class VisionBenchmarks {
  /**
   * L1: SGD + momentum 0.9 (the DSN paper's optimizer); the default learning rate of both arms,
   * 0.02, was the baseline's best of {0.01, 0.02, 0.05}. {@code -Dbench.l1.base_lr} and {@code
   * -Dbench.l1.dsn_lr} set each arm's own ({@link #l1Lr}), for choosing them per arm on validation.
   */
  static final double L1_LR = 0.02;

  /**
   * Without clipping, a run that had started learning could blow up to chance (seen once with DSN
   * in probes).
   */
  static final double L1_CLIP_NORM = 1.0;

  static final long L1_STEPS = 600;
  static final int L1_BATCH = 32;

  /** L2: labelled + unlabelled rows per batch. */
  static final int L2_LABELLED = 16;

  static final int L2_BATCH = 32;

  /**
   * The rotation arm costs 4–6× a primary-only step (three rotated copies of each image go through
   * the network too). 400 steps = about 2.3 passes over the 2 750 labelled images.
   */
  static final long L2_STEPS = 400;

  private VisionBenchmarks() {}

  /**
   * L1: {@code deep-plain}, depth 12, width 16, Glorot init, no batch norm, batch 32, on
   * Fashion-MNIST (55 000 train, 2 000 validation, 10 000 test).
   */
  public static Setting l1(Catalog c) {
    long steps = Scale.steps(L1_STEPS);
    return new Setting(
        "L1",
        "deep-plain",
        c.model("deep-plain", Params.of("depth", 12, "width", 16, "init", "glorot")),
        "fashion-mnist",
        fashionMnist(c, 1.0),
        L1_BATCH,
        Setting.momentum(L1_LR, L1_CLIP_NORM),
        steps,
        steps / Scale.EVALS,
        0,
        false);
  }

  /**
   * The learning rate of L1's arm {@code arm} ({@code base} or {@code dsn}): {@code
   * -Dbench.l1.<arm>_lr}, else {@link #L1_LR}.
   */
  public static double l1Lr(String arm) {
    return Double.parseDouble(
        System.getProperty("bench.l1." + arm + "_lr", Double.toString(L1_LR)));
  }

  /** {@link Runner#run} with each arm's own learning rate ({@link #l1Lr}) on L1's optimizer. */
  public static Comparison.Trainer l1Trainer() {
    return (setting, arm, seed, tmp) ->
        Runner.run(
            setting.withOptimizer(Setting.momentum(l1Lr(arm.name()), L1_CLIP_NORM)),
            arm,
            seed,
            tmp);
  }

  /** L1's arms: primary only, and DSN companions on the hidden stages. */
  public static List<Arm> l1Arms(Catalog c, long steps) {
    TermPlan primary = Terms.primary(c, "vision.cross_entropy");
    return List.of(
        new Arm("base", List.of(primary), "static", c.weighting("static")),
        new Arm("dsn", List.of(primary, dsn(c, 1.0, steps)), "static", c.weighting("static")));
  }

  /**
   * DSN companions (Lee et al. 2015): a GAP + linear classifier with softmax cross-entropy on the
   * two hidden stages ({@code stage1/features}, {@code stage2/features}; stage 3 feeds the output),
   * α = 1 each, decayed linearly to 0 over the first half of training and off after it.
   * Cross-entropy, not DSN's squared hinge: with the hinge (≈ 9 per companion at init) SGD at this
   * learning rate collapsed to chance in our probes. Without the companions' weight decay (the
   * recorded L1/L4 runs predate it; 5e-4·‖w‖²/2 is tiny beside the cross-entropy).
   */
  static TermPlan dsn(Catalog c, double weight, long steps) {
    return Terms.auxiliary(
        c,
        "dsn",
        "vision.dsn_companion",
        weight,
        Schedules.linear(1, 0, 0, steps / 2),
        Params.of(
            "endpoints",
            "stage1/features,stage2/features",
            "kind",
            "cross_entropy",
            "companion_weight_decay",
            0.0));
  }

  /**
   * L2: {@code cnn-ds} with Adam 1e-3 on Fashion-MNIST with 5 % of the training labels (2 750,
   * class-stratified); each batch of 32 holds 16 labelled and 16 unlabelled images ({@link
   * LabelledMix}).
   */
  public static Setting l2(Catalog c) {
    long steps = Scale.steps(L2_STEPS);
    Dataset data = new LabelledMix(fashionMnist(c, l2LabelFraction()), L2_LABELLED);
    return new Setting(
        "L2",
        "cnn-ds",
        c.model("cnn-ds", Params.empty()),
        "fashion-mnist",
        data,
        L2_BATCH,
        OptimizerPlan.adam(1e-3),
        steps,
        steps / 5,
        0,
        false);
  }

  /**
   * L2's arms: primary only (on the labelled rows), and + rotation prediction (Gidaris 2018, S4L)
   * on every image of the batch, weight 1 (S4L's w), linear head on the 128-d {@code features};
   * {@code -Dbench.l2.classify_rotated=true} also classifies the rotated labelled copies, as S4L
   * does.
   */
  public static List<Arm> l2Arms(Catalog c) {
    TermPlan primary = Terms.primary(c, "vision.cross_entropy");
    Params params =
        Boolean.getBoolean("bench.l2.classify_rotated")
            ? Params.of("classify_rotated", true)
            : Params.empty();
    TermPlan rotation =
        Terms.auxiliary(c, "rotation", "vision.rotation", 1.0, Schedules.constant(1), params);
    return List.of(
        new Arm("base", List.of(primary), "static", c.weighting("static")),
        new Arm("rotation", List.of(primary, rotation), "static", c.weighting("static")));
  }

  /**
   * 5 % (the benchmark's definition); {@code -Dbench.l2.label_fraction=0.01} tries fewer labels.
   */
  static double l2LabelFraction() {
    return Double.parseDouble(System.getProperty("bench.l2.label_fraction", "0.05"));
  }

  static Dataset fashionMnist(Catalog c, double labelFraction) {
    // 2 000 validation images: enough for the curve, cheap enough to score 10 times per run.
    return c.dataset(
        "fashion-mnist", Params.of("validation_size", 2000, "label_fraction", labelFraction));
  }
}
