package dev.auxloss.bench;

import static dev.auxloss.bench.Bench.alternate;
import static dev.auxloss.bench.Bench.report;

import dev.auxloss.api.config.RuntimeSettings;
import dev.auxloss.api.config.TrainingPlan;
import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.List;

/** Speed ratios of BENCHMARKS.md on cnn-ds, each two arms side by side in one process. */
final class SpeedBenchmarks {
  static final List<String> IDS = List.of("S1", "S2", "S3");

  private SpeedBenchmarks() {}

  static void run(String id, Path tmp) {
    switch (id) {
      case "S1" -> s1(tmp);
      case "S2" -> s2(tmp);
      case "S3" -> s3(tmp);
      default -> throw new IllegalArgumentException(id);
    }
  }

  /** auxloss step / the same graph written by hand with raw TF Java and a default Session. */
  static void s1(Path tmp) {
    try (Staged b = Staged.random(); TfTrainingSession a = open(true, tmp); HandWrittenCnn h = new HandWrittenCnn(true)) {
      double[] r = alternate(() -> a.step(b.auxloss()), () -> h.fusedStep(b.image, b.label));
      report("S1", r, "auxloss_ms", "hand_ms", "goal<=1.00");
    }
  }

  /** fused (one Session.run) / unfused (one run per term + one update). */
  static void s2(Path tmp) {
    try (Staged b = Staged.random(); TfTrainingSession a = open(true, tmp); HandWrittenCnn h = new HandWrittenCnn(true)) {
      double[] r = alternate(() -> a.step(b.auxloss()), () -> h.unfusedStep(b.image, b.label));
      report("S2", r, "fused_ms", "unfused_ms", "goal<=0.60");
    }
  }

  /** cnn-ds with 2 aux heads / primary only. */
  static void s3(Path tmp) {
    try (Staged b = Staged.random(); TfTrainingSession a = open(true, tmp); TfTrainingSession p = open(false, tmp)) {
      double[] r = alternate(() -> a.step(b.auxloss()), () -> p.step(b.auxloss()));
      report("S3", r, "with_heads_ms", "primary_only_ms", "goal<=1.05");
    }
  }

  static TfTrainingSession open(boolean heads, Path tmp) {
    TrainingPlan plan = SpeedArms.cnnDs(heads, RuntimeSettings.defaults());
    return TfTrainingSession.open(plan, tmp.resolve(heads ? "heads" : "primary"));
  }

}
