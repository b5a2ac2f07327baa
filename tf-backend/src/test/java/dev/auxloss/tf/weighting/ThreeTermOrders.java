package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Checks a strategy whose terms visit each other in a random order per step (PCGrad, GradVac) on
 * three mutually conflicting terms with gradients v[i] at x = 0: every step's update must be one of
 * the 2³ visiting-order combinations computed by hand, the same step must draw the same orders, and
 * over 12 steps more than one combination must occur.
 */
final class ThreeTermOrders {
  static final double[][] V = {{1, 0, 0}, {-1, 1, 0}, {-0.5, -1, 1}};

  private ThreeTermOrders() {}

  /** {@code visit.apply(g, vj)}: term gradient g after visiting vj, as the paper's rule says. */
  static void assertRandomPerStep(WeightingStrategy strategy, BinaryOperator<double[]> visit) {
    List<double[]> possible = new ArrayList<>();
    for (int mask = 0; mask < 8; mask++) {
      double[] sum = new double[3];
      for (int i = 0; i < 3; i++) {
        int a = (i + 1) % 3, b = (i + 2) % 3;
        int[] order = (mask >> i & 1) == 0 ? new int[] {a, b} : new int[] {b, a};
        double[] g = V[i].clone();
        for (int j : order) g = visit.apply(g, V[j]);
        sum = Vec.axpy(sum, 1, g);
      }
      possible.add(sum);
    }
    Set<Integer> seen = new HashSet<>();
    for (long step = 0; step < 12; step++) {
      float[] first = update(strategy, step);
      assertThat(update(strategy, step))
          .as("step %d draws the same orders again", step)
          .containsExactly(first);
      int match = -1;
      for (int c = 0; c < possible.size() && match < 0; c++)
        if (close(first, possible.get(c))) match = c;
      assertThat(match)
          .as("step %d: %s is one of the order combinations", step, Arrays.toString(first))
          .isNotNegative();
      seen.add(match);
    }
    assertThat(seen).as("distinct updates over 12 steps").hasSizeGreaterThan(1);
  }

  /** The strategy's update of three terms ½‖x + v[i]‖² (gradients v[i] at x = 0), fresh state. */
  private static float[] update(WeightingStrategy strategy, long step) {
    float[][] targets = new float[3][3];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) targets[i][j] = (float) -V[i][j];
    return QuadraticTerms.update(strategy, targets, new float[] {1, 1, 1}, step);
  }

  private static boolean close(float[] a, double[] b) {
    for (int i = 0; i < b.length; i++)
      if (Math.abs(a[i] - b[i]) > 1e-4 * (1 + Math.abs(b[i]))) return false;
    return true;
  }
}
