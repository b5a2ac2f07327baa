package dev.auxloss.bench.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Mean ± sample standard deviation over seeds, and the seeds-averaged validation curve of an arm.
 */
public record Stats(String arm, List<RunResult> runs) {
  public Stats {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) throw new IllegalArgumentException("arm " + arm + " has no runs");
  }

  /** Mean test accuracy after the last step (fraction). */
  public double mean() {
    return mean(values(RunResult::testAccuracy));
  }

  /** Sample standard deviation of the test accuracy (n − 1; 0 for one seed). */
  public double std() {
    return std(values(RunResult::testAccuracy));
  }

  /** {@code 85.12±0.40}: test accuracy in percent. */
  public String pct() {
    return pct(values(RunResult::testAccuracy));
  }

  /** Mean of {@link RunResult#earlyStoppedTest()} (NaN without test curves). */
  /** Mean ± std of the runs' test macro F1 in percent (taggers). */
  public String macroF1Pct() {
    return pct(runs.stream().mapToDouble(RunResult::testMacroF1).toArray());
  }

  public double earlyStoppedMean() {
    return mean(values(RunResult::earlyStoppedTest));
  }

  /** {@link RunResult#earlyStoppedTest()} as {@code m±s} in percent; empty without test curves. */
  public String earlyStoppedPct() {
    double[] v = values(RunResult::earlyStoppedTest);
    return Double.isNaN(v[0]) ? "" : pct(v);
  }

  /** Runs whose test accuracy reached {@code accuracy}, as {@code k/n}. */
  public String reached(double accuracy) {
    return runs.stream().filter(r -> r.testAccuracy() >= accuracy).count() + "/" + runs.size();
  }

  /** The validation curve averaged over seeds (every run evaluates at the same steps). */
  public List<RunResult.Point> meanCurve() {
    List<RunResult.Point> out = new ArrayList<>();
    List<RunResult.Point> first = runs.get(0).curve();
    for (int i = 0; i < first.size(); i++) {
      int k = i;
      out.add(
          new RunResult.Point(first.get(i).step(), mean(values(r -> r.curve().get(k).accuracy()))));
    }
    return out;
  }

  /** Mean validation accuracy after the last step. */
  public double finalValidation() {
    List<RunResult.Point> c = meanCurve();
    return c.get(c.size() - 1).accuracy();
  }

  /**
   * First step at which the seeds-averaged validation curve reaches {@code target}; -1 if it never
   * does.
   */
  public long stepsTo(double target) {
    for (RunResult.Point p : meanCurve()) if (p.accuracy() >= target - 1e-9) return p.step();
    return -1;
  }

  private double[] values(ToDoubleFunction<RunResult> f) {
    return runs.stream().mapToDouble(f).toArray();
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static double std(double[] v) {
    if (v.length < 2) return 0;
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
  }

  private static String pct(double[] v) {
    return String.format("%.2f±%.2f", 100 * mean(v), 100 * std(v));
  }
}
