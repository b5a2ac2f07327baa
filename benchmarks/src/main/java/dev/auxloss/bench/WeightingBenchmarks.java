package dev.auxloss.bench;

import static dev.auxloss.bench.Bench.alternate;
import static dev.auxloss.bench.Bench.ratios;
import static dev.auxloss.bench.Bench.report;

import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.config.CompareOn;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.profile.TfProfiler;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.NodeExecStats;

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
  static final List<String> IDS = List.of("S4", "P4");

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
   * The rows to run: every one, or with {@code -Dbench.s4.only=KEY[@rep],...} those strategies'
   * rows (on the shared weights; {@code @rep} at the representation) in that order.
   */
  static List<Arm> arms() {
    String only = System.getProperty("bench.s4.only", "");
    if (only.isBlank()) return ARMS;
    List<Arm> out = new java.util.ArrayList<>();
    for (String item : only.split(",")) {
      String key = item.trim().replaceFirst("@rep$", "");
      CompareOn where = item.trim().endsWith("@rep") ? REPRESENTATION : CompareOn.SHARED;
      ARMS.stream()
          .filter(a -> a.key().equals(key) && a.where().equals(where))
          .findFirst()
          .ifPresentOrElse(
              out::add,
              () -> {
                throw new IllegalArgumentException(
                    "bench.s4.only: no S4 row for '" + item.trim() + "'");
              });
    }
    return out;
  }

  static void run(String id, Path tmp) {
    if (id.equals("P4")) profile(tmp);
    else if (System.getProperty("bench.s4.only", "").isBlank()) s4(tmp);
    else together(tmp);
  }

  /** Every row with its own pair of sessions: the row's strategy and static, alternating. */
  private static void s4(Path tmp) {
    TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
    for (Arm arm : arms()) {
      String suffix = arm.where().equals(CompareOn.SHARED) ? "" : "-rep";
      TrainingPlan adaptive = adaptive(base, arm);
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

  /**
   * The chosen rows and one static arm in one rotation (static, A, B, …; the order rotating every
   * round), so every row is timed in the same rounds: each row against static (its S4 ratio) and
   * against the first chosen row ({@code vs_first}: two strategies side by side, without the noise
   * of two static sessions).
   */
  private static void together(Path tmp) {
    TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
    List<Arm> arms = arms();
    List<TfTrainingSession> sessions = new java.util.ArrayList<>();
    try (Staged b = Staged.random()) {
      sessions.add(TfTrainingSession.open(base, tmp.resolve("s4-static")));
      for (int i = 0; i < arms.size(); i++)
        sessions.add(TfTrainingSession.open(adaptive(base, arms.get(i)), tmp.resolve("s4-" + i)));
      Runnable[] steps =
          sessions.stream()
              .map(s -> (Runnable) () -> s.step(b.auxloss(), false))
              .toArray(Runnable[]::new);
      Blocks.Times t = Blocks.alternate(Bench.WARMUP, Bench.ROUNDS, Bench.BLOCK, steps);
      for (int i = 0; i < arms.size(); i++) {
        Arm arm = arms.get(i);
        report(
            "S4",
            ratios(t, i + 1, 0),
            arm.key() + "@" + arm.where().text() + "_ms",
            "static_ms",
            arm.goal());
        double[] first = ratios(t, i + 1, 1);
        System.out.printf(
            Locale.ROOT,
            "S4 vs_first %s/%s=%.3f rounds_range=%.3f..%.3f paired=%.3f%n",
            arm.key() + "@" + arm.where().text(),
            arms.get(0).key() + "@" + arms.get(0).where().text(),
            first[0],
            first[3],
            first[4],
            ProcessArms.pairedRatio(t.wall(), i + 1, 1));
      }
    } finally {
      sessions.forEach(TfTrainingSession::close);
    }
  }

  /** The registered strategies, looked up once (each lookup builds a Guice injector). */
  private static Map<String, WeightingFactory> strategies;

  private static TrainingPlan adaptive(TrainingPlan base, Arm arm) {
    if (strategies == null)
      strategies = SpeedArms.registry(SpeedArms.injector(), WeightingFactory.class);
    WeightingFactory f = strategies.get(arm.key());
    return base.toBuilder()
        .weighting(arm.key(), f.create(Params.empty()))
        .compareOn(arm.where())
        .build();
  }

  /**
   * {@code P4}: where S4's arms spend their op time — each row's ordinary step traced with
   * FULL_TRACE for {@code -Dp10.samples} steps (default 5) after 3 untraced ones, grouped by the
   * node's name scope (its first two path components: the strategy's own ops sit under {@code
   * <scope>/<strategy>}). Rows as {@code bench.s4.only} picks them; static first.
   */
  private static void profile(Path tmp) {
    int samples = Integer.getInteger("p10.samples", 5);
    TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
    List<String> names = new java.util.ArrayList<>(List.of("static"));
    List<Map<String, double[]>> tables = new java.util.ArrayList<>();
    List<TrainingPlan> plans = new java.util.ArrayList<>(List.of(base));
    for (Arm arm : arms()) {
      names.add(arm.key() + "@" + arm.where().text());
      plans.add(adaptive(base, arm));
    }
    try (Staged b = Staged.random()) {
      for (int i = 0; i < plans.size(); i++) {
        try (TfTrainingSession s = TfTrainingSession.open(plans.get(i), tmp.resolve("p4-" + i))) {
          s.step(b.auxloss(), true);
          tables.add(
              OpTypeProfile.byKey(
                  () -> TfProfiler.tracedStep(s, b.auxloss(), false),
                  samples,
                  WeightingBenchmarks::scope));
        }
      }
    }
    java.util.TreeSet<String> scopes = new java.util.TreeSet<>();
    tables.forEach(t -> scopes.addAll(t.keySet()));
    System.out.printf("P4 scope  then per row: ms nodes  rows=%s samples=%d%n", names, samples);
    for (String sc : scopes) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "P4 %-40s", sc));
      for (Map<String, double[]> t : tables)
        line.append(
            String.format(
                Locale.ROOT, " %8.2f %5.0f", OpTypeProfile.ms(t, sc), OpTypeProfile.count(t, sc)));
      System.out.println(line);
    }
    for (int i = 0; i < tables.size(); i++) {
      double nodes = tables.get(i).values().stream().mapToDouble(v -> v[1]).sum();
      System.out.printf(
          Locale.ROOT,
          "P4 total %s op_ms=%.1f nodes=%.0f%n",
          names.get(i),
          OpTypeProfile.total(tables.get(i)),
          nodes);
    }
  }

  /** A node's first two name components ({@code _SOURCE} and the like stay whole). */
  private static String scope(NodeExecStats s) {
    String[] parts = s.getNodeName().split("/");
    return parts.length < 3 ? parts[0] : parts[0] + "/" + parts[1];
  }
}
