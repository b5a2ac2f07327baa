package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.FineTunePlan;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * L6: self-supervised pretraining, then fine-tuning on few labels (SimCLR's and S4L's
 * semi-supervised protocol), against training on the labels alone for the same total steps. {@code
 * cnn-ds}, Fashion-MNIST with 1 % of the training labels (550, class-stratified), Adam.
 *
 * <ul>
 *   <li>arm {@code base}: cross-entropy on batches of labelled images only ({@link LabelledMix}), P
 *       + F steps from the initializers;
 *   <li>arm {@code ssl}: P steps of rotation prediction + NT-Xent on batches of all training images
 *       with no primary term (the labels are never read), then F steps of the same cross-entropy on
 *       the same labelled batches, starting from that run's checkpoint ({@code init_from}: every
 *       model variable; the optimizer's slots and the step start fresh), block 1 frozen.
 * </ul>
 *
 * The ssl arm's validation curve is reported at total steps (P + its fine-tuning step), so both
 * arms' curves share the x axis. Knobs for choosing the settings on validation: {@code
 * -Dbench.l6.pretrain_steps}, {@code .finetune_steps}, {@code .lr}, {@code .finetune_lr}, {@code
 * .rotation_weight}, {@code .nt_xent_weight}, {@code .freeze} (a regex frozen while fine-tuning;
 * empty: none).
 */
public final class PretrainFinetune {
  static final double LABEL_FRACTION = 0.01;

  /** Every phase of both arms: 32 labelled images a step, or 32 images of any kind pretraining. */
  static final int BATCH = 32;

  /**
   * Chosen on validation (BENCHMARKS.md, L6) within the time the id may take: a pretraining step
   * (four rotations + two augmented views of 32 images) costs about 5× a cross-entropy step, so 5
   * seeds of 200 + 200 steps take about 15 minutes on the shared 2-core machine.
   */
  static final long PRETRAIN_STEPS = 200;

  static final long FINETUNE_STEPS = 200;

  /**
   * Frozen while fine-tuning, as in the example config: block 1 frozen gave the best validation
   * accuracy of the settings tried (82.9 vs 81.8 with nothing frozen, seed 1).
   */
  static final String FREEZE = "model/block1/.*";

  /**
   * Rotation 1 (S4L's w), NT-Xent 0.3: the best validation accuracy of 0.3 and 1 (83.6 vs 82.9).
   */
  static final double ROTATION_WEIGHT = 1;

  static final double NT_XENT_WEIGHT = 0.3;

  private PretrainFinetune() {}

  /** The shared setting, budget P + F: what the base arm trains and the summary reports. */
  public static Setting setting(Catalog c) {
    long steps = pretrainSteps() + finetuneSteps();
    return labelled(c, "L6", steps, steps / Scale.EVALS, lr());
  }

  /** Both arms train the primary cross-entropy on the labelled batches; ssl pretrains first. */
  public static List<Arm> arms(Catalog c) {
    TermPlan primary = Terms.primary(c, "vision.cross_entropy");
    return List.of(
        new Arm("base", List.of(primary), "static", c.weighting("static")),
        new Arm("ssl", List.of(primary), "static", c.weighting("static")));
  }

  /** {@link Runner#run} for the base arm; pretraining, then fine-tuning from it, for ssl. */
  public static Comparison.Trainer trainer(Catalog c) {
    return (setting, arm, seed, tmp) ->
        arm.name().equals("ssl")
            ? pretrainThenFinetune(c, arm, seed, tmp)
            : Runner.run(setting, arm, seed, tmp);
  }

  /** {@code pretrain=P finetune=F lr=... rotation=w nt_xent=w freeze=...}: the ssl arm's recipe. */
  public static String recipe() {
    return String.format(
        "pretrain_steps=%d finetune_steps=%d lr=%s finetune_lr=%s rotation_weight=%s "
            + "nt_xent_weight=%s freeze=%s batch=%d label_fraction=%s",
        pretrainSteps(),
        finetuneSteps(),
        lr(),
        finetuneLr(),
        number("rotation_weight", ROTATION_WEIGHT),
        number("nt_xent_weight", NT_XENT_WEIGHT),
        freeze().isEmpty() ? "none" : freeze(),
        BATCH,
        LABEL_FRACTION);
  }

  private static RunResult pretrainThenFinetune(Catalog c, Arm arm, long seed, Path tmp) {
    long p = pretrainSteps();
    Path pre = tmp.resolve("L6-pretrain-s" + seed);
    long t0 = System.nanoTime();
    double[] stepSeconds = {0};
    try {
      try (TfTrainingSession run = TfTrainingSession.open(pretraining(c).plan(ssl(c), seed), pre)) {
        run.addListener(
            new TrainingListener() {
              @Override
              public void onStep(StepMetrics m) {
                stepSeconds[0] += m.seconds();
              }
            });
        run.train(false);
      }
      FineTunePlan ft =
          new FineTunePlan(
              new FineTunePlan.InitFrom(pre, List.of(), false),
              freeze().isEmpty() ? List.of() : List.of(Pattern.compile(freeze())));
      long f = finetuneSteps();
      RunResult r =
          Runner.run(
              labelled(c, "L6", f, f / 5, finetuneLr()),
              arm,
              seed,
              tmp,
              plan -> plan.toBuilder().fineTune(ft).build(),
              (run, plan, a, s) -> {});
      return new RunResult(
          r.arm(),
          seed,
          r.testAccuracy(),
          r.curve().stream().map(q -> new RunResult.Point(p + q.step(), q.accuracy())).toList(),
          List.of(),
          (System.nanoTime() - t0) / 1e9,
          stepSeconds[0] + r.stepSeconds(),
          r.testMacroF1());
    } finally {
      Runner.delete(pre);
    }
  }

  /** Cross-entropy's data: batches of labelled images only, the same for both arms and a seed. */
  private static Setting labelled(Catalog c, String id, long steps, long evalEvery, double lr) {
    Dataset data = new LabelledMix(VisionBenchmarks.fashionMnist(c, LABEL_FRACTION), BATCH);
    return new Setting(
        id,
        "cnn-ds",
        c.model("cnn-ds", Params.empty()),
        "fashion-mnist",
        data,
        BATCH,
        OptimizerPlan.adam(lr),
        steps,
        evalEvery,
        0,
        false);
  }

  /**
   * Pretraining reads every training image in the dataset's own order; no evaluation (with no
   * primary term its accuracy is chance).
   */
  private static Setting pretraining(Catalog c) {
    return new Setting(
        "L6-pretrain",
        "cnn-ds",
        c.model("cnn-ds", Params.empty()),
        "fashion-mnist",
        VisionBenchmarks.fashionMnist(c, LABEL_FRACTION),
        BATCH,
        OptimizerPlan.adam(lr()),
        pretrainSteps(),
        0,
        0,
        false);
  }

  /** Rotation prediction (Gidaris 2018) and NT-Xent (SimCLR), both on the 128-d features. */
  private static Arm ssl(Catalog c) {
    Params features = Params.of("features", "features");
    return new Arm(
        "pretrain",
        List.of(
            Terms.auxiliary(
                c,
                "rotation",
                "vision.rotation",
                number("rotation_weight", ROTATION_WEIGHT),
                Schedules.constant(1),
                features),
            Terms.auxiliary(
                c,
                "nt_xent",
                "vision.nt_xent",
                number("nt_xent_weight", NT_XENT_WEIGHT),
                Schedules.constant(1),
                Params.of("features", "features", "temperature", 0.5))),
        "static",
        c.weighting("static"));
  }

  static long pretrainSteps() {
    return Scale.steps(Long.getLong("bench.l6.pretrain_steps", PRETRAIN_STEPS));
  }

  static long finetuneSteps() {
    return Scale.steps(Long.getLong("bench.l6.finetune_steps", FINETUNE_STEPS));
  }

  private static double lr() {
    return number("lr", 1e-3);
  }

  /** The ssl arm's fine-tuning learning rate: {@code lr} unless set. */
  private static double finetuneLr() {
    return number("finetune_lr", lr());
  }

  private static String freeze() {
    return System.getProperty("bench.l6.freeze", FREEZE);
  }

  private static double number(String knob, double dflt) {
    return Double.parseDouble(System.getProperty("bench.l6." + knob, Double.toString(dflt)));
  }
}
