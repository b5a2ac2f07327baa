package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.OneRun;
import dev.auxloss.testing.Ref;
import dev.auxloss.vision.ops.VisionOps;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** vision.seg_aux_head, vision.hed and vision.multiscale_ds against hand-computed values. */
class SegmentationLossesTest {
  private static final int B = 2, H = 4, W = 4, K = 3;
  private static final int[] SEG = {
    0, 0, 1, 1,
    0, 2, 2, 1,
    0, 2, 2, 0,
    0, 0, 0, 0,
    //
    1, 1, 1, 1,
    1, 0, 0, 1,
    1, 0, 0, 1,
    1, 1, 1, 2
  };
  private static final float[] MASK = {1, 1};

  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] f = new float[n];
    for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
    return f;
  }

  private static LossHarness harness() {
    return harness(MASK);
  }

  private static LossHarness harness(float[] mask) {
    return harness(SEG, mask);
  }

  private static LossHarness harness(int[] seg, float[] mask) {
    return new LossHarness()
        .training(false)
        .label("seg_label", seg, B, H, W)
        .endpoint("logits", new float[B * H * W * K], B, H, W, K)
        .mask(mask);
  }

  private static int seg(int b, int i, int j) {
    return SEG[(b * H + i) * W + j];
  }

  /**
   * Mean over examples of the pixel-mean cross-entropy of scores [b][h][w][K] vs labels sampled at
   * stride.
   */
  private static double pixelCe(double[][][][] scores) {
    return pixelCe(scores, MASK);
  }

  /** As {@link #pixelCe(double[][][][])}, averaged over the examples whose mask is 1. */
  private static double pixelCe(double[][][][] scores, float[] mask) {
    int h = scores[0].length, w = scores[0][0].length;
    double total = 0, labelled = 0;
    for (int b = 0; b < B; b++) {
      double s = 0;
      for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
          s += Ref.crossEntropy(scores[b][i][j], seg(b, i * H / h, j * W / w), 0);
      total += mask[b] * s / (h * w);
      labelled += mask[b];
    }
    return total / Math.max(labelled, 1);
  }

  @Test
  void segAuxHeadIsAnFcnHeadUpsampledToTheLabels() {
    float[] stage = gaussian(B * 2 * 2 * 5, 1);
    SegAuxHeadLoss loss = new SegAuxHeadLoss("stage2", 4, 0.1, "seg_label", 0);
    try (LossHarness h = harness().endpoint("stage2", stage, B, 2, 2, 5)) {
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
      assertThat(value).isCloseTo((float) pixelCe(Ref.resizeBilinear(x, H, W)), within(1e-4f));
      h.assertGradientMatches(loss, "stage2", 2e-2);
    }
  }

  /**
   * The FCN head by hand with the paper defaults (256 filters); with {@code draw} (the run's
   * uniform draw per conv output, null: no dropout) inverted dropout keeps the features whose draw
   * is ≥ {@code rate}, scaled by 1/(1 − rate).
   */
  private static double segAuxHand(LossHarness h, float[] stage, float[] draw, double rate) {
    String p = "heads/term/fcn/";
    int ch = 256;
    double[][][][] x =
        Ref.relu(
            Ref.conv(
                Ref.nhwc(stage, B, 2, 2, 5),
                h.variable(p + "conv/kernel"),
                h.variable(p + "conv/bias"),
                3,
                ch));
    if (draw != null) {
      for (int b = 0; b < B; b++)
        for (int i = 0; i < 2; i++)
          for (int j = 0; j < 2; j++)
            for (int c = 0; c < ch; c++)
              x[b][i][j][c] =
                  draw[((b * 2 + i) * 2 + j) * ch + c] >= (float) rate
                      ? x[b][i][j][c] / (1 - rate)
                      : 0;
    }
    x = Ref.conv(x, h.variable(p + "classifier/kernel"), h.variable(p + "classifier/bias"), 1, K);
    return pixelCe(Ref.resizeBilinear(x, H, W));
  }

  /**
   * While training, mmsegmentation's dropout 0.1 acts on the 3×3 conv features: the loss is the
   * head recomputed with the run's own draw (fetched in the same Session.run), differs from the
   * value without dropout, and changes every run; at inference it is deterministic and drops
   * nothing.
   */
  @Test
  void segAuxHeadDropsFeaturesWhileTrainingOnly() {
    float[] stage = gaussian(B * 2 * 2 * 5, 1);
    SegAuxHeadLoss loss = new SegAuxHeadLoss("stage2"); // defaults: 256 channels, dropout 0.1
    try (LossHarness h = harness().training(true).endpoint("stage2", stage, B, 2, 2, 5)) {
      Operand<TFloat32> y = h.build(loss);
      List<GraphOperation> draws = OneRun.randomDraws(h, y);
      assertThat(draws).as("one dropout draw").hasSize(1);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> u = (Operand<TFloat32>) (Operand<?>) draws.get(0).output(0);
      double withoutDropout = segAuxHand(h, stage, null, 0.1);
      float previous = Float.NaN;
      for (int run = 0; run < 3; run++) {
        List<float[]> out = OneRun.fetch(h, List.of(y, u));
        float value = out.get(0)[0];
        assertThat(out.get(1)).as("a draw per conv output").hasSize(B * 2 * 2 * 256);
        double expected = segAuxHand(h, stage, out.get(1), 0.1);
        assertThat((double) value)
            .as("run %d", run)
            .isCloseTo(expected, within(1e-5 * (1 + Math.abs(expected))));
        assertThat(Math.abs(value - withoutDropout))
            .as("run %d: dropout changes the value", run)
            .isGreaterThan(1e-4);
        if (run > 0) assertThat(value).as("a new mask every run").isNotEqualTo(previous);
        previous = value;
      }
    }
    try (LossHarness h = harness().endpoint("stage2", stage, B, 2, 2, 5)) { // training(false)
      float first = h.value(loss);
      assertThat(OneRun.randomDraws(h, h.build(loss))).as("no random op at inference").isEmpty();
      for (int run = 0; run < 3; run++) assertThat(h.value(loss)).isEqualTo(first);
      assertThat((double) first).isCloseTo(segAuxHand(h, stage, null, 0.1), within(1e-5));
    }
  }

  /** The edge map of a label array {@code [1,2,3]}, every label scored where it is a class. */
  private static float[] edges(LossHarness h, int[][][] labels) {
    Operand<TInt32> map = h.tf().placeholderWithDefault(h.tf().constant(labels), Shape.of(1, 2, 3));
    return h.fetch(
        HedLoss.edges(
            h.tf(),
            map,
            VisionOps.scoredPositions(h.tf(), map, K, h.tf().constant(new float[] {1}))));
  }

  @Test
  void edgeTargetsMarkBothSidesOfEveryBoundary() {
    try (LossHarness h = harness()) {
      assertThat(edges(h, new int[][][] {{{0, 0, 1}, {0, 2, 2}}}))
          .containsExactly(0, 1, 1, 1, 1, 1);
    }
  }

  @Test
  void anIgnoredLabelMakesNoEdge() {
    try (LossHarness h = harness()) {
      assertThat(edges(h, new int[][][] {{{0, 255, 1}, {0, 2, 2}}}))
          .containsExactly(0, 0, 1, 1, 1, 1);
    }
  }

  private static boolean isClass(int label) {
    return label >= 0 && label < K;
  }

  /** HED's edges by hand: a class pixel with a 4-neighbour of another class. */
  private static double[][] edgeMap(int[] seg, int b) {
    double[][] e = new double[H][W];
    int[][] nb = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++)
        for (int[] d : nb) {
          int y = i + d[0], x = j + d[1];
          if (y < 0 || y >= H || x < 0 || x >= W) continue;
          int here = seg[(b * H + i) * W + j], there = seg[(b * H + y) * W + x];
          if (isClass(here) && isClass(there) && here != there) e[i][j] = 1;
        }
    return e;
  }

  /** Foreground by hand: a pixel of a class above 0. */
  private static double[][] foregroundMap(int[] seg, int b) {
    double[][] f = new double[H][W];
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++) {
        int label = seg[(b * H + i) * W + j];
        f[i][j] = isClass(label) && label > 0 ? 1 : 0;
      }
    return f;
  }

  /** HED's class-balanced BCE by hand over the pixels of image b whose label is a class. */
  private static double balancedBce(double[][][][] a, int[] seg, int b, double[][] y) {
    double pos = 0, n = 0;
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++)
        if (isClass(seg[(b * H + i) * W + j])) {
          pos += y[i][j];
          n++;
        }
    double beta = 1 - pos / n;
    double s = 0;
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++) {
        if (!isClass(seg[(b * H + i) * W + j])) continue;
        double z = a[b][i][j][0];
        s -= y[i][j] == 1 ? beta * Ref.logSigmoid(z) : (1 - beta) * Ref.logSigmoid(-z);
      }
    return s / n;
  }

  /**
   * The HED term by hand for side outputs on s1 [B,H,W,2] and s2 [B,2,2,3] with side weights (1,
   * 0.5) and fuse weight 0.8, averaged over the labelled images that have a pixel of a class.
   */
  private static double hedHand(
      LossHarness h, float[] s1, float[] s2, int[] seg, float[] mask, boolean edges) {
    String p = "heads/term/hed/";
    double[][][][] a1 =
        Ref.conv(
            Ref.nhwc(s1, B, H, W, 2),
            h.variable(p + "side0/kernel"),
            h.variable(p + "side0/bias"),
            1,
            1);
    double[][][][] a2 =
        Ref.resizeBilinear(
            Ref.conv(
                Ref.nhwc(s2, B, 2, 2, 3),
                h.variable(p + "side1/kernel"),
                h.variable(p + "side1/bias"),
                1,
                1),
            H,
            W);
    float[] fk = h.variable(p + "fuse/kernel");
    assertThat(fk).containsExactly(0.5f, 0.5f); // HED initialises the fusion to the average
    float fb = h.variable(p + "fuse/bias")[0];
    double[][][][] fused = new double[B][H][W][1];
    for (int b = 0; b < B; b++)
      for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
          fused[b][i][j][0] = fk[0] * a1[b][i][j][0] + fk[1] * a2[b][i][j][0] + fb;
    double total = 0, images = 0;
    for (int b = 0; b < B; b++) {
      boolean anyClass = false;
      for (int i = 0; i < H * W; i++) anyClass |= isClass(seg[b * H * W + i]);
      if (mask[b] == 0 || !anyClass) continue;
      double[][] y = edges ? edgeMap(seg, b) : foregroundMap(seg, b);
      total +=
          balancedBce(a1, seg, b, y)
              + 0.5 * balancedBce(a2, seg, b, y)
              + 0.8 * balancedBce(fused, seg, b, y);
      images++;
    }
    return total / images;
  }

  private static HedLoss hed(String target) {
    return (HedLoss)
        FromConfig.loss(
            HedLoss.FACTORY,
            "endpoints",
            "s1,s2",
            "side_weights",
            List.of(1.0, 0.5),
            "fuse_weight",
            0.8,
            "target",
            target);
  }

  @Test
  void hedSidesAndFusedOutputWithClassBalancedBce() {
    float[] s1 = gaussian(B * H * W * 2, 2), s2 = gaussian(B * 2 * 2 * 3, 3);
    HedLoss loss =
        new HedLoss(List.of("s1", "s2"), List.of(1.0, 0.5), 0.8, HedLoss.EDGES, "seg_label", 0);
    assertThat(hed(HedLoss.EDGES)).isEqualTo(loss);
    try (LossHarness h = harness().endpoint("s1", s1, B, H, W, 2).endpoint("s2", s2, B, 2, 2, 3)) {
      assertThat(h.value(loss))
          .isCloseTo((float) hedHand(h, s1, s2, SEG, MASK, true), within(1e-4f));
      h.assertGradientMatches(loss, "s1", 2e-2);
      h.assertGradientMatches(loss, "s2", 2e-2);
    }
  }

  /**
   * A mask's ignore index (255, segmentation-folder's) is no class: it makes no edge and no
   * foreground, counts in neither the loss nor β, and an image of nothing else is left out of the
   * mean — for both targets, with its gradient.
   */
  @Test
  void hedLeavesOutPixelsOfNoClass() {
    int[] seg = {
      0, 0, 1, 1,
      0, 255, 255, 1,
      0, 255, 2, 2,
      0, 0, 2, 2,
      //
      255, 255, 255, 255,
      255, 255, 255, 255,
      255, 255, 255, 255,
      255, 255, 255, 255
    };
    float[] s1 = gaussian(B * H * W * 2, 21), s2 = gaussian(B * 2 * 2 * 3, 22);
    for (String target : List.of(HedLoss.EDGES, HedLoss.FOREGROUND)) {
      HedLoss loss = hed(target);
      try (LossHarness h =
          harness(seg, MASK).endpoint("s1", s1, B, H, W, 2).endpoint("s2", s2, B, 2, 2, 3)) {
        assertThat(h.value(loss))
            .as(target)
            .isCloseTo(
                (float) hedHand(h, s1, s2, seg, MASK, target.equals(HedLoss.EDGES)), within(1e-4f));
        h.assertGradientMatches(loss, "s1", 2e-2);
        h.assertGradientMatches(loss, "s2", 2e-2);
        float[] g = h.gradient(loss, "s1");
        for (int i = 0; i < H * W * 2; i++) {
          if (!isClass(seg[i / 2]))
            assertThat(g[i]).as("%s: ignored pixel, entry %d", target, i).isZero();
        }
      }
    }
  }

  @Test
  void nnUNetWeights() {
    assertThat(MultiScaleDeepSupervisionLoss.nnUNetWeights(1)).containsExactly(1.0);
    assertThat(MultiScaleDeepSupervisionLoss.nnUNetWeights(3))
        .containsExactly(2.0 / 3, 1.0 / 3, 0.0);
    assertThat(MultiScaleDeepSupervisionLoss.nnUNetWeights(5).stream().mapToDouble(d -> d).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(FromConfig.loss(MultiScaleDeepSupervisionLoss.FACTORY, "endpoints", "a,b,c"))
        .isEqualTo(MultiScaleDeepSupervisionLoss.on("a", "b", "c"));
  }

  @Test
  void multiScaleDownsamplesLabelsByNearestNeighbour() {
    float[] l0 = gaussian(B * H * W * K, 4),
        l1 = gaussian(B * 2 * 2 * K, 5),
        l2 = gaussian(B * K, 6);
    double c0 = pixelCe(Ref.nhwc(l0, B, H, W, K)),
        c1 = pixelCe(Ref.nhwc(l1, B, 2, 2, K)),
        c2 = pixelCe(Ref.nhwc(l2, B, 1, 1, K));
    try (LossHarness h =
        harness()
            .endpoint("l0", l0, B, H, W, K)
            .endpoint("l1", l1, B, 2, 2, K)
            .endpoint("l2", l2, B, 1, 1, K)) {
      var nn =
          new MultiScaleDeepSupervisionLoss(
              List.of("l0", "l1", "l2"),
              MultiScaleDeepSupervisionLoss.nnUNetWeights(3),
              false,
              false,
              "seg_label",
              0);
      var custom =
          new MultiScaleDeepSupervisionLoss(
              List.of("l0", "l1", "l2"), List.of(0.5, 0.3, 0.2), false, false, "seg_label", 0);
      assertThat(h.value(nn)).isCloseTo((float) (2 * c0 / 3 + c1 / 3), within(1e-5f));
      assertThat(h.value(custom))
          .isCloseTo((float) (0.5 * c0 + 0.3 * c1 + 0.2 * c2), within(1e-5f));
      h.assertGradientMatches(custom, "l1", 1e-2);
    }
  }

  /**
   * nnU-Net's batch soft Dice loss, recomputed by hand: probabilities, intersections and sums
   * pooled over labelled examples and pixels, 1 − mean over classes 1..K−1 of (2I + s)/(P + G + s),
   * s = 1e-5.
   */
  private static double batchDice(double[][][][] scores, float[] mask) {
    int h = scores[0].length, w = scores[0][0].length;
    double[] inter = new double[K], pred = new double[K], gt = new double[K];
    for (int b = 0; b < B; b++)
      for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
          double[] z = scores[b][i][j];
          double lse = Ref.logSumExp(z);
          int y = seg(b, i * H / h, j * W / w);
          for (int c = 0; c < K; c++) {
            double p = Math.exp(z[c] - lse) * mask[b];
            pred[c] += p;
            if (c == y) {
              inter[c] += p;
              gt[c] += mask[b];
            }
          }
        }
    double sum = 0;
    for (int c = 1; c < K; c++) sum += (2 * inter[c] + 1e-5) / (pred[c] + gt[c] + 1e-5);
    return 1 - sum / (K - 1);
  }

  @Test
  void multiScaleDefaultsToNnUNetCrossEntropyPlusBatchDice() {
    float[] l0 = gaussian(B * H * W * K, 11),
        l1 = gaussian(B * 2 * 2 * K, 12),
        l2 = gaussian(B * K, 13);
    List<String> scales = List.of("l0", "l1", "l2");
    var loss =
        new MultiScaleDeepSupervisionLoss(
            scales, MultiScaleDeepSupervisionLoss.nnUNetWeights(3), false, true, "seg_label", 0);
    for (float[] mask : List.of(MASK, new float[] {0, 1})) {
      double[][][][] s0 = Ref.nhwc(l0, B, H, W, K), s1 = Ref.nhwc(l1, B, 2, 2, K);
      double expected =
          2.0 / 3 * (pixelCe(s0, mask) + batchDice(s0, mask))
              + 1.0 / 3 * (pixelCe(s1, mask) + batchDice(s1, mask));
      try (LossHarness h =
          harness(mask)
              .endpoint("l0", l0, B, H, W, K)
              .endpoint("l1", l1, B, 2, 2, K)
              .endpoint("l2", l2, B, 1, 1, K)) {
        assertThat(h.value(loss))
            .as("mask %s", Arrays.toString(mask))
            .isCloseTo((float) expected, within(3e-5f));
      }
    }
  }

  @Test
  void multiScaleDiceGradientMatchesFiniteDifferences() {
    float[] l0 = gaussian(B * H * W * K, 14), l1 = gaussian(B * 2 * 2 * K, 15);
    var loss =
        new MultiScaleDeepSupervisionLoss(
            List.of("l0", "l1"), List.of(0.7, 0.3), false, true, "seg_label", 0);
    try (LossHarness h =
        harness(new float[] {1, 0}).endpoint("l0", l0, B, H, W, K).endpoint("l1", l1, B, 2, 2, K)) {
      h.assertGradientMatches(loss, "l0", 1e-2);
      h.assertGradientMatches(loss, "l1", 1e-2);
      float[] g = h.gradient(loss, "l0");
      for (int i = H * W * K; i < g.length; i++)
        assertThat(g[i]).as("unlabelled example, entry %d", i).isZero();
    }
    var withHeads =
        new MultiScaleDeepSupervisionLoss(List.of("f0"), List.of(1.0), true, true, "seg_label", 0);
    try (LossHarness h = harness().endpoint("f0", gaussian(B * H * W * 2, 16), B, H, W, 2)) {
      h.assertGradientMatches(withHeads, "f0", 2e-2);
    }
  }

  @Test
  void diceFlagIsAParameter() {
    assertThat(FromConfig.loss(MultiScaleDeepSupervisionLoss.FACTORY, "endpoints", "a,b"))
        .extracting(l -> ((MultiScaleDeepSupervisionLoss) l).dice())
        .isEqualTo(true);
    assertThat(
            FromConfig.loss(
                MultiScaleDeepSupervisionLoss.FACTORY, "endpoints", "a,b", "dice", false))
        .isEqualTo(
            new MultiScaleDeepSupervisionLoss(
                List.of("a", "b"),
                MultiScaleDeepSupervisionLoss.nnUNetWeights(2),
                true,
                false,
                "seg_label",
                0));
  }

  @Test
  void multiScaleHeadsAreOneByOneConvs() {
    float[] f0 = gaussian(B * H * W * 2, 7), f1 = gaussian(B * 2 * 2 * 4, 8);
    try (LossHarness h = harness().endpoint("f0", f0, B, H, W, 2).endpoint("f1", f1, B, 2, 2, 4)) {
      var loss =
          new MultiScaleDeepSupervisionLoss(
              List.of("f0", "f1"), List.of(0.6, 0.4), true, false, "seg_label", 0);
      float value = h.value(loss);
      double[][][][] s0 =
          Ref.conv(
              Ref.nhwc(f0, B, H, W, 2),
              h.variable("ds/scale0/kernel"),
              h.variable("ds/scale0/bias"),
              1,
              K);
      double[][][][] s1 =
          Ref.conv(
              Ref.nhwc(f1, B, 2, 2, 4),
              h.variable("ds/scale1/kernel"),
              h.variable("ds/scale1/bias"),
              1,
              K);
      assertThat(value).isCloseTo((float) (0.6 * pixelCe(s0) + 0.4 * pixelCe(s1)), within(1e-4f));
      h.assertGradientMatches(loss, "f1", 2e-2);
    }
  }

  /** seg-net's default scales are its logits and decoder/up1; cnn-ds has no such logits. */
  @Test
  void multiscaleDefaultEndpointsOnSegNetAndCnnDs() {
    AuxLoss byDefault = FromConfig.loss(MultiScaleDeepSupervisionLoss.FACTORY);
    float[] image = gaussian(B * 28 * 28, 31);
    int[] labels = new int[B * 28 * 28];
    for (int i = 0; i < labels.length; i++) labels[i] = (i / 7) % 11;
    float expected;
    try (LossHarness h = segNet(image, labels)) {
      expected =
          h.value(
              FromConfig.loss(
                  MultiScaleDeepSupervisionLoss.FACTORY,
                  "endpoints",
                  "logits,decoder/up1/features"));
    }
    try (LossHarness h = segNet(image, labels)) {
      assertThat(h.value(byDefault)).isFinite().isPositive().isEqualTo(expected);
    }
    try (LossHarness h =
        new LossHarness()
            .model(new dev.auxloss.vision.models.CnnDsModel())
            .input("image", image, B, 28, 28, 1)
            .label("seg_label", labels, B, 28, 28)) {
      assertThatThrownBy(() -> h.value(byDefault))
          .hasMessageContaining("vision.multiscale_ds: set 'endpoints'")
          .hasMessageContaining("endpoints: [")
          .hasMessageContaining("block1/features");
    }
  }

  private static LossHarness segNet(float[] image, int[] labels) {
    return new LossHarness()
        .model(new dev.auxloss.vision.models.SegNetModel(4, 11))
        .input("image", image, B, 28, 28, 1)
        .label("seg_label", labels, B, 28, 28);
  }

  @Test
  void logitsWithTheWrongClassCountAreABuildError() {
    try (LossHarness h = harness().endpoint("l1", new float[B * 4 * 2], B, 2, 2, 2)) {
      var loss =
          new MultiScaleDeepSupervisionLoss(
              List.of("l1"), List.of(1.0), false, false, "seg_label", 0);
      assertThatThrownBy(() -> h.value(loss))
          .hasMessage(
              "vision.multiscale_ds: endpoint 'l1' has 2 channels but heads = false needs class scores with 3 classes");
    }
  }
}
