package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import dev.auxloss.testing.VariableGradients;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pixels labelled with a mask's ignore index (255, anything outside [0, K)) are scored by none of
 * the segmentation losses: each value is recomputed here over the other pixels only, and each
 * gradient checked against finite differences (and zero on the ignored pixels).
 */
class IgnoredPixelsTest {
  private static final int B = 2, H = 4, W = 4, K = 3, X = 255;
  private static final int[] SEG = {
    0, X, 1, 1, 0, 2, 2, X, X, 2, 2, 0, 0, 0, X, 0,
    //
    X, X, X, X, 1, 0, 0, X, 1, 0, 0, 1, 1, 2, 1, 2
  };

  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] f = new float[n];
    for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
    return f;
  }

  private static LossHarness harness(float[] logits, float[] mask) {
    return new LossHarness()
        .training(false)
        .label("seg_label", SEG, B, H, W)
        .endpoint("logits", logits, B, H, W, K)
        .mask(mask);
  }

  /** Mean cross-entropy over the pixels of labelled examples whose label is a class. */
  private static double scoredCe(double[][][][] z, float[] mask) {
    double sum = 0, n = 0;
    for (int b = 0; b < B; b++)
      for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
          int y = SEG[(b * H + i) * W + j];
          if (y == X || mask[b] == 0) continue;
          sum += Ref.crossEntropy(z[b][i][j], y, 0);
          n++;
        }
    return sum / n;
  }

  /** nnU-Net's batch Dice loss (background out, s = 1e-5) over the same pixels. */
  private static double scoredDice(double[][][][] z, float[] mask) {
    double[] inter = new double[K], pred = new double[K], gt = new double[K];
    for (int b = 0; b < B; b++)
      for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
          int y = SEG[(b * H + i) * W + j];
          if (y == X || mask[b] == 0) continue;
          double lse = Ref.logSumExp(z[b][i][j]);
          for (int c = 0; c < K; c++) {
            double p = Math.exp(z[b][i][j][c] - lse);
            pred[c] += p;
            if (c == y) {
              inter[c] += p;
              gt[c]++;
            }
          }
        }
    double sum = 0;
    for (int c = 1; c < K; c++) sum += (2 * inter[c] + 1e-5) / (pred[c] + gt[c] + 1e-5);
    return 1 - sum / (K - 1);
  }

  @Test
  void crossEntropyAveragesOverScoredPixelsOnly() {
    float[] logits = gaussian(B * H * W * K, 3);
    CrossEntropyLoss loss = new CrossEntropyLoss("logits", "seg_label", 0);
    for (float[] mask : List.of(new float[] {1, 1}, new float[] {1, 0})) {
      try (LossHarness h = harness(logits, mask)) {
        assertThat(h.value(loss))
            .isCloseTo((float) scoredCe(Ref.nhwc(logits, B, H, W, K), mask), within(1e-5f));
        h.assertGradientMatches(loss, "logits", 1e-2);
        float[] g = h.gradient(loss, "logits");
        for (int p = 0; p < B * H * W; p++) {
          if (SEG[p] != X) continue;
          for (int c = 0; c < K; c++) assertThat(g[p * K + c]).as("pixel %d", p).isZero();
        }
      }
    }
  }

  @Test
  void multiScaleLeavesIgnoredPixelsOutOfCrossEntropyAndDice() {
    float[] logits = gaussian(B * H * W * K, 5);
    float[] mask = {1, 1};
    MultiScaleDeepSupervisionLoss loss =
        new MultiScaleDeepSupervisionLoss(
            List.of("logits"), List.of(1.0), false, true, "seg_label", 0);
    try (LossHarness h = harness(logits, mask)) {
      double[][][][] z = Ref.nhwc(logits, B, H, W, K);
      assertThat(h.value(loss))
          .isCloseTo((float) (scoredCe(z, mask) + scoredDice(z, mask)), within(1e-5f));
      h.assertGradientMatches(loss, "logits", 1e-2);
    }
  }

  @Test
  void segAuxHeadScoresTheUpsampledHeadOnScoredPixelsOnly() {
    float[] stage = gaussian(B * 2 * 2 * 5, 7);
    float[] mask = {1, 1};
    SegAuxHeadLoss loss = new SegAuxHeadLoss("stage2", 4, 0.1, "seg_label", K);
    try (LossHarness h =
        harness(new float[B * H * W * K], mask).endpoint("stage2", stage, B, 2, 2, 5)) {
      float value = h.value(loss);
      String p = "heads/term/fcn/";
      double[][][][] x =
          Ref.relu(
              Ref.conv(
                  Ref.nhwc(stage, B, 2, 2, 5),
                  h.variable(p + "conv/kernel"),
                  h.variable(p + "conv/bias"),
                  3,
                  4));
      x = Ref.conv(x, h.variable(p + "classifier/kernel"), h.variable(p + "classifier/bias"), 1, K);
      assertThat(value)
          .isCloseTo((float) scoredCe(Ref.resizeBilinear(x, H, W), mask), within(1e-5f));
      h.assertGradientMatches(loss, "stage2", 2e-2);
      VariableGradients.assertMatches(h, loss, p + "classifier/bias", 2e-2);
    }
  }
}
