package dev.auxloss.bench.learning;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trains every arm with every seed on one {@link Setting} — seed by seed, arms in turn (so a change
 * in the machine's load hits every arm alike) — prints a detail line per run as it finishes, and
 * summarises: mean ± std of test accuracy and steps to a validation-accuracy target.
 */
public final class Comparison {
  private final Setting setting;
  private final Map<String, Stats> stats;

  private Comparison(Setting setting, Map<String, Stats> stats) {
    this.setting = setting;
    this.stats = stats;
  }

  public static Comparison run(
      Setting setting, List<Arm> arms, List<Long> seeds, Path tmp, PrintStream out) {
    return run(setting, arms, seeds, tmp, out, Runner::run);
  }

  /** Trains one arm with one seed and measures it ({@link Runner#run} by default). */
  @FunctionalInterface
  public interface Trainer {
    RunResult run(Setting setting, Arm arm, long seed, Path tmp);
  }

  /**
   * As {@link #run(Setting, List, List, Path, PrintStream)}, with another way of training and
   * scoring a run (e.g. {@link Runner} with a hook that reads the MoE loads).
   */
  public static Comparison run(
      Setting setting,
      List<Arm> arms,
      List<Long> seeds,
      Path tmp,
      PrintStream out,
      Trainer trainer) {
    Map<String, List<RunResult>> runs = new LinkedHashMap<>();
    for (Arm a : arms) runs.put(a.name(), new ArrayList<>());
    for (long seed : seeds) {
      for (Arm arm : arms) {
        RunResult r = trainer.run(setting, arm, seed, tmp);
        runs.get(arm.name()).add(r);
        out.println(detail(setting.id(), r));
        out.flush();
      }
    }
    Map<String, Stats> stats = new LinkedHashMap<>();
    runs.forEach((name, rs) -> stats.put(name, new Stats(name, rs)));
    return new Comparison(setting, stats);
  }

  public Stats arm(String name) {
    return stats.get(name);
  }

  public Map<String, Stats> arms() {
    return stats;
  }

  public Setting setting() {
    return setting;
  }

  /**
   * {@code L1 ratio=R delta=+x.x points base=m±s aux=m±s seeds=3 steps=N aux_arm=dsn ...}: R = mean
   * test accuracy of the auxiliary arm / that of the base arm; then the steps each arm's mean
   * validation curve needs to reach the base arm's final mean validation accuracy.
   */
  public String summary(String id, String baseArm, String auxArm, String goal) {
    Stats b = stats.get(baseArm);
    Stats a = stats.get(auxArm);
    double target = b.finalValidation();
    long sb = b.stepsTo(target);
    long sa = a.stepsTo(target);
    String speed = sa < 0 ? "not-reached" : String.format("%.2fx", sb / (double) sa);
    return String.format(
        "%s ratio=%.3f delta=%+.1f points base=%s aux=%s seeds=%d steps=%d aux_arm=%s "
            + "target_val=%.2f steps_to_target base=%d aux=%s speedup=%s %s",
        id,
        a.mean() / b.mean(),
        100 * (a.mean() - b.mean()),
        b.pct(),
        a.pct(),
        b.runs().size(),
        setting.steps(),
        auxArm,
        100 * target,
        sb,
        sa < 0 ? ">" + setting.steps() : sa,
        speed,
        goal);
  }

  /**
   * One line per arm: mean ± std and its mean validation curve (and, with test curves, the test
   * accuracy at each run's best-validation step).
   */
  public List<String> armLines(String id) {
    List<String> lines = new ArrayList<>();
    stats.forEach(
        (name, s) ->
            lines.add(
                String.format(
                    "%s   arm=%s test=%s%s val_curve=%s",
                    id,
                    name,
                    s.pct(),
                    s.earlyStoppedPct().isEmpty()
                        ? ""
                        : " early_stopped_test=" + s.earlyStoppedPct(),
                    curve(s.meanCurve()))));
    return lines;
  }

  /**
   * Early stopping on validation, aux vs base, when the setting recorded test curves; else empty.
   */
  public String earlyStopped(String id, String baseArm, String auxArm) {
    Stats b = stats.get(baseArm);
    Stats a = stats.get(auxArm);
    if (b.earlyStoppedPct().isEmpty()) return "";
    return String.format(
        "%s   early_stopped ratio=%.3f delta=%+.1f points base=%s aux=%s (test accuracy at each "
            + "run's best validation step)",
        id,
        a.earlyStoppedMean() / b.earlyStoppedMean(),
        100 * (a.earlyStoppedMean() - b.earlyStoppedMean()),
        b.earlyStoppedPct(),
        a.earlyStoppedPct());
  }

  static String detail(String id, RunResult r) {
    return String.format(
        "%s   run arm=%s seed=%d test=%.2f val_curve=%s%s time=%.0fs step_ms=%.0f",
        id,
        r.arm(),
        r.seed(),
        100 * r.testAccuracy(),
        curve(r.curve()),
        r.testCurve().isEmpty() ? "" : " test_curve=" + curve(r.testCurve()),
        r.seconds(),
        1000 * r.stepSeconds() / r.curve().get(r.curve().size() - 1).step());
  }

  static String curve(List<RunResult.Point> c) {
    return c.stream()
        .map(p -> String.format("%d:%.1f", p.step(), 100 * p.accuracy()))
        .collect(Collectors.joining(",", "[", "]"));
  }
}
