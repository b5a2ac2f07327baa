package dev.auxloss.bench;

import static dev.auxloss.bench.Bench.alternate;
import static dev.auxloss.bench.Bench.report;

import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.config.CompareOn;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * S4: weighting strategies with 3 terms (cnn-ds primary + two auxiliary heads) against static
 * weighting, each one fused step. Gradient-comparing strategies run on the shared variables (one
 * backward pass per term through the trunk) and, where they support it, at the lowest branch point
 * (per-term passes stop there); the goal is ≤ 1.8× shared, ≤ 1.4× at the representation. Loss-based
 * strategies (FAMO, RLW) take one backward pass like static, so {@code compare_on} does not apply
 * and their goal is ≤ 1.05×. Both arms run ordinary steps (the strategy's own telemetry waits for
 * summary steps, as in training). Per-task-backward libraries report 3–4×.
 */
final class WeightingBenchmarks {
  static final List<String> IDS = List.of("S4");

  private WeightingBenchmarks() {}

  /**
   * Where the heads branch off cnn-ds: the lowest one. Comparing there, each term back-propagates
   * only down to block 1 and block 1 gets one backward pass (the rep-grad mode).
   */
  static final CompareOn REPRESENTATION = new CompareOn.Endpoint("block1/features");

  /** One S4 row: a strategy, where it compares, its goal. */
  private record Arm(String key, CompareOn where, String goal) {}

  /** Every S4 row, in the order printed (issue 18's anchors first, then issue 19's strategies). */
  static final List<Arm> ARMS =
      List.of(
          new Arm("pcgrad", CompareOn.SHARED, "goal<=1.8"),
          new Arm("cosine-gating", CompareOn.SHARED, "goal<=1.8"),
          new Arm("upgrad", CompareOn.SHARED, "goal<=1.8"),
          new Arm("aligned-mtl", CompareOn.SHARED, "goal<=1.8"),
          new Arm("db-mtl", CompareOn.SHARED, "goal<=1.8"), // compares on parameters only
          new Arm("metabalance", CompareOn.SHARED, "goal<=1.8"),
          new Arm("pcgrad", REPRESENTATION, "goal<=1.4"),
          new Arm("cosine-gating", REPRESENTATION, "goal<=1.4"),
          new Arm("upgrad", REPRESENTATION, "goal<=1.4"),
          new Arm("aligned-mtl", REPRESENTATION, "goal<=1.4"),
          new Arm("metabalance", REPRESENTATION, "goal<=1.4"),
          new Arm("famo", CompareOn.SHARED, "goal<=1.05"), // loss-based: no per-term gradients
          new Arm("rlw", CompareOn.SHARED, "goal<=1.05"));

  /**
   * The rows to run: every one, or with {@code -Dbench.s4.only=KEY,KEY,...} those strategies' rows
   * on the shared weights in that order (a key may repeat), to time two strategies side by side.
   */
  static List<Arm> arms() {
    String only = System.getProperty("bench.s4.only", "");
    if (only.isBlank()) return ARMS;
    List<Arm> out = new java.util.ArrayList<>();
    for (String key : only.split(",")) {
      ARMS.stream()
          .filter(a -> a.key().equals(key.trim()) && a.where().equals(CompareOn.SHARED))
          .findFirst()
          .ifPresentOrElse(
              out::add,
              () -> {
                throw new IllegalArgumentException(
                    "bench.s4.only: no S4 row for '" + key.trim() + "' on the shared weights");
              });
    }
    return out;
  }

  static void run(String id, Path tmp) {
    Map<String, WeightingFactory> strategies =
        SpeedArms.registry(SpeedArms.injector(), WeightingFactory.class);
    for (Arm arm : arms()) {
      TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
      String suffix = arm.where().equals(CompareOn.SHARED) ? "" : "-rep";
      TrainingPlan adaptive =
          base.toBuilder()
              .weighting(arm.key(), strategies.get(arm.key()).create(Params.empty()))
              .compareOn(arm.where())
              .build();
      try (Staged b = Staged.random();
          TfTrainingSession a =
              TfTrainingSession.open(adaptive, tmp.resolve("s4-" + arm.key() + suffix));
          TfTrainingSession s =
              TfTrainingSession.open(base, tmp.resolve("s4-static-" + arm.key() + suffix))) {
        double[] r = alternate(() -> a.step(b.auxloss(), false), () -> s.step(b.auxloss(), false));
        report("S4", r, arm.key() + "@" + arm.where().text() + "_ms", "static_ms", arm.goal());
      }
    }
  }
}
