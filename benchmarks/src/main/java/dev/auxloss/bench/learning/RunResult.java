package dev.auxloss.bench.learning;

import java.util.List;

/**
 * What one training run of one arm and seed measured.
 *
 * @param testAccuracy accuracy of the served (primary) head on the test split after the last step
 * @param curve validation accuracy during training, by step; the last point is the final step
 * @param seconds wall time of the run (training + evaluation)
 * @param testCurve test accuracy at the same steps as {@code curve}, when the setting asks for it;
 *     otherwise empty
 * @param stepSeconds time spent in training steps only (the sum of every step's {@code
 *     Session.run})
 * @param testMacroF1 a tagger's macro F1 of its tags on the test split; NaN for a classifier
 */
public record RunResult(
    String arm,
    long seed,
    double testAccuracy,
    List<Point> curve,
    List<Point> testCurve,
    double seconds,
    double stepSeconds,
    double testMacroF1) {
  public RunResult {
    curve = List.copyOf(curve);
    testCurve = List.copyOf(testCurve);
  }

  /**
   * Test accuracy at the step with the best validation accuracy (the earliest on ties): what early
   * stopping on the validation split would keep. NaN without a test curve.
   */
  public double earlyStoppedTest() {
    if (testCurve.isEmpty()) return Double.NaN;
    int best = 0;
    for (int i = 1; i < curve.size(); i++)
      if (curve.get(i).accuracy() > curve.get(best).accuracy()) best = i;
    return testCurve.get(best).accuracy();
  }

  /** Validation accuracy after {@code step} updates. */
  public record Point(long step, double accuracy) {}

  /** Validation accuracy after the last step. */
  public double finalValidation() {
    return curve.get(curve.size() - 1).accuracy();
  }

  /** First evaluated step whose validation accuracy reaches {@code target}; -1 if none does. */
  public long stepsTo(double target) {
    for (Point p : curve) if (p.accuracy() >= target) return p.step();
    return -1;
  }
}
