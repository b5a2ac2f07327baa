package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Trains one arm with one seed through the ordinary {@link TfTrainingSession#train} path (real
 * input pipeline, one fused {@code Session.run} per step), records the validation curve through a
 * listener (and the test curve when the setting asks), scores the test split at the end and deletes
 * the run directory.
 */
public final class Runner {
  private Runner() {}

  /**
   * Runs after the test split was scored, before the session closes (e.g. to read router loads).
   */
  @FunctionalInterface
  public interface AfterTraining {
    void accept(TfTrainingSession run, TrainingPlan plan, Arm arm, long seed);
  }

  public static RunResult run(Setting setting, Arm arm, long seed, Path tmp) {
    return run(setting, arm, seed, tmp, (r, p, a, s) -> {});
  }

  /**
   * As {@link #run(Setting, Arm, long, Path)}, then {@code after}. A tagger's accuracy is its token
   * accuracy over {@code token_mask}, and its test macro F1 is recorded too (NaN for a classifier).
   */
  public static RunResult run(Setting setting, Arm arm, long seed, Path tmp, AfterTraining after) {
    return run(setting, arm, seed, tmp, p -> p, after);
  }

  /**
   * As {@link #run(Setting, Arm, long, Path, AfterTraining)}, training {@code adjust} applied to
   * the setting's plan (e.g. a fine-tuning run's {@code init_from}).
   */
  public static RunResult run(
      Setting setting,
      Arm arm,
      long seed,
      Path tmp,
      UnaryOperator<TrainingPlan> adjust,
      AfterTraining after) {
    TrainingPlan plan = adjust.apply(setting.plan(arm, seed));
    Path dir = tmp.resolve(setting.id() + "-" + arm.name() + "-s" + seed);
    long t0 = System.nanoTime();
    List<RunResult.Point> curve = new ArrayList<>();
    List<RunResult.Point> testCurve = new ArrayList<>();
    double[] stepSeconds = {0};
    double test;
    double f1;
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              stepSeconds[0] += m.seconds();
            }

            @Override
            public void onEvaluation(long step, Split split, Map<String, Double> m) {
              if (split != Split.VALIDATION) return;
              curve.add(new RunResult.Point(step, m.get("accuracy")));
              // Called on the training thread between steps, so the weights are those of this step.
              if (setting.testAtEveryEval())
                testCurve.add(new RunResult.Point(step, run.evaluate(Split.TEST).get("accuracy")));
            }
          });
      run.train(false);
      curve.add(
          new RunResult.Point(setting.steps(), run.evaluate(Split.VALIDATION).get("accuracy")));
      Map<String, Double> scored = run.evaluate(Split.TEST);
      test = scored.get("accuracy");
      f1 = scored.getOrDefault("macro_f1", Double.NaN);
      if (setting.testAtEveryEval()) testCurve.add(new RunResult.Point(setting.steps(), test));
      after.accept(run, plan, arm, seed);
    } finally {
      delete(dir);
    }
    return new RunResult(
        arm.name(),
        seed,
        test,
        curve,
        testCurve,
        (System.nanoTime() - t0) / 1e9,
        stepSeconds[0],
        f1);
  }

  /** Removes a finished run's directory. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
