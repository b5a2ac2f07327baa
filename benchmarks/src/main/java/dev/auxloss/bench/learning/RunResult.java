package dev.auxloss.bench.learning;

import java.util.List;

/**
 * What one training run of one arm and seed measured.
 *
 * @param testAccuracy accuracy of the served (primary) head on the test split after the last step
 * @param curve validation accuracy during training, by step; the last point is the final step
 * @param seconds wall time of the run (training + evaluation)
 */
public record RunResult(String arm, long seed, double testAccuracy, List<Point> curve, double seconds) {
  public RunResult {
    curve = List.copyOf(curve);
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
