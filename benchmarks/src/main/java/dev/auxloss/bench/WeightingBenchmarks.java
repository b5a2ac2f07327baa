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
 * S4: gradient-conflict strategies with 3 terms (cnn-ds primary + two auxiliary heads) against
 * static weighting, each one fused step, comparing on the shared variables (one backward pass per
 * term through the trunk) and at the lowest branch point (per-term passes stop there).
 * Per-task-backward libraries report 3–4×; the goal is ≤ 1.8×.
 */
final class WeightingBenchmarks {
  static final List<String> IDS = List.of("S4");

  private WeightingBenchmarks() {}

  /**
   * Where the heads branch off cnn-ds: the lowest one. Comparing there, each term back-propagates
   * only down to block 1 and block 1 gets one backward pass (the rep-grad mode).
   */
  static final CompareOn REPRESENTATION = new CompareOn.Endpoint("block1/features");

  static void run(String id, Path tmp) {
    Map<String, WeightingFactory> strategies =
        SpeedArms.registry(SpeedArms.injector(), WeightingFactory.class);
    for (CompareOn where : List.of(CompareOn.SHARED, REPRESENTATION)) {
      for (String key : List.of("pcgrad", "cosine-gating")) {
        TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
        String suffix = where.equals(CompareOn.SHARED) ? "" : "-rep";
        TrainingPlan adaptive =
            base.toBuilder()
                .weighting(key, strategies.get(key).create(Params.empty()))
                .compareOn(where)
                .build();
        try (Staged b = Staged.random();
            TfTrainingSession a =
                TfTrainingSession.open(adaptive, tmp.resolve("s4-" + key + suffix));
            TfTrainingSession s =
                TfTrainingSession.open(base, tmp.resolve("s4-static-" + key + suffix))) {
          double[] r = alternate(() -> a.step(b.auxloss()), () -> s.step(b.auxloss()));
          report("S4", r, key + "@" + where.text() + "_ms", "static_ms", "goal<=1.8");
        }
      }
    }
  }
}
