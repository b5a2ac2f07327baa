package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.OneRun;
import dev.auxloss.testing.Ref;
import dev.auxloss.vision.losses.AuxClassifierLoss.Head;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class AuxClassifierLossTest {
  private static final int B = 3, H = 5, W = 5, C = 3, K = 4;
  private static final Head TINY = new Head("tiny", 2, 2, 6, 8, 0.5);

  private static float[] features(long seed) {
    Random r = new Random(seed);
    float[] f = new float[B * H * W * C];
    for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
    return f;
  }

  private static LossHarness harness(float[] feats) {
    LossHarness h = new LossHarness().training(false); // inference: dropout is the identity
    h.endpoint("block1", feats, B, H, W, C)
        .endpoint("logits", new float[B * K], B, K)
        .label("label", new int[] {3, 0, 2}, B)
        .mask(new float[] {1, 1, 0});
    return h;
  }

  @Test
  void valueIsTheHeadRecomputedByHand() {
    assertHeadRecomputedByHand(0);
  }

  /** Inception-v3's targets: (1 − ε)·onehot + ε/K on the same head. */
  @Test
  void labelSmoothingSmoothsTheHeadsTargets() {
    assertHeadRecomputedByHand(0.1);
  }

  private static void assertHeadRecomputedByHand(double smoothing) {
    float[] feats = features(1);
    AuxClassifierLoss loss = new AuxClassifierLoss("block1", TINY, "label", 0, smoothing);
    try (LossHarness h = harness(feats)) {
      float value = h.value(loss);
      String p = "heads/term/aux/";
      double[][][][] x = Ref.avgPool(Ref.nhwc(feats, B, H, W, C), 2, 2);
      x = Ref.relu(Ref.conv(x, h.variable(p + "conv/kernel"), h.variable(p + "conv/bias"), 1, 6));
      double[][] hidden =
          Ref.relu(
              Ref.dense(Ref.flatten(x), h.variable(p + "fc/kernel"), h.variable(p + "fc/bias"), 8));
      double[][] logits =
          Ref.dense(
              hidden, h.variable(p + "classifier/kernel"), h.variable(p + "classifier/bias"), K);
      double expected =
          (Ref.crossEntropy(logits[0], 3, smoothing) + Ref.crossEntropy(logits[1], 0, smoothing))
              / 2;
      assertThat(value).isCloseTo((float) expected, within(1e-4f));
    }
  }

  @Test
  void gradientWithRespectToTheEndpoint() {
    try (LossHarness h = harness(features(2))) {
      h.assertGradientMatches(new AuxClassifierLoss("block1", TINY, "label", 0), "block1", 2e-2);
    }
  }

  @Test
  void googlenetHeadClampsItsPoolToSmallMapsAndRunsOnVectors() {
    try (LossHarness h = harness(features(3))) {
      assertThat(h.value(new AuxClassifierLoss("block1", Head.GOOGLENET, "label", 0)))
          .isFinite()
          .isPositive();
    }
    try (LossHarness h =
        harness(features(3))) { // a second term would have its own name: a fresh harness
      h.endpoint("features", new float[B * 7], B, 7);
      assertThat(h.value(new AuxClassifierLoss("features", Head.SMALL, "label", 5)))
          .isFinite()
          .isPositive();
    }
    try (LossHarness h = harness(features(3))) { // Inception-v3's head builds on a small map too
      assertThat(h.value(new AuxClassifierLoss("block1", Head.INCEPTION_V3, "label", 0, 0.1)))
          .isFinite()
          .isPositive();
    }
  }

  /**
   * The head recomputed by hand; with {@code draw} (the run's uniform draw per hidden unit, null:
   * no dropout) inverted dropout keeps the units whose draw is ≥ {@code rate} and scales them by
   * 1/(1 − rate).
   */
  private static double handValue(
      LossHarness h, Head head, float[] feats, float[] draw, double rate) {
    String p = "heads/term/aux/";
    int window = Math.min(head.pool(), Math.min(H, W)); // the pool is clamped to the 5×5 map
    double[][][][] x =
        Ref.avgPool(Ref.nhwc(feats, B, H, W, C), window, Math.min(head.stride(), window));
    x =
        Ref.relu(
            Ref.conv(
                x, h.variable(p + "conv/kernel"), h.variable(p + "conv/bias"), 1, head.filters()));
    double[][] hidden =
        Ref.relu(
            Ref.dense(
                Ref.flatten(x),
                h.variable(p + "fc/kernel"),
                h.variable(p + "fc/bias"),
                head.units()));
    if (draw != null) {
      for (int n = 0; n < B; n++)
        for (int j = 0; j < head.units(); j++)
          hidden[n][j] = draw[n * head.units() + j] >= (float) rate ? hidden[n][j] / (1 - rate) : 0;
    }
    double[][] logits =
        Ref.dense(
            hidden, h.variable(p + "classifier/kernel"), h.variable(p + "classifier/bias"), K);
    return (Ref.crossEntropy(logits[0], 3, 0) + Ref.crossEntropy(logits[1], 0, 0))
        / 2; // mask {1, 1, 0}
  }

  /**
   * Training mode drops hidden units of the fully connected layer at the documented rate — 70 % for
   * GoogLeNet's head (Szegedy et al. 2014, §5), 50 % for the small one — with inverted scaling: the
   * loss equals the head recomputed by hand with the run's own dropout draw (fetched in the same
   * Session.run), differs from the value without dropout, and a new mask is drawn every run.
   */
  @Test
  void trainingModeDropsHiddenUnitsAtTheDocumentedRate() {
    Object[][] cases = {{Head.GOOGLENET, 0.7}, {Head.SMALL, 0.5}};
    for (Object[] c : cases) {
      Head head = (Head) c[0];
      double rate = (double) c[1];
      float[] feats = features(4);
      AuxClassifierLoss loss = new AuxClassifierLoss("block1", head, "label", 0);
      try (LossHarness h = harness(feats).training(true)) {
        Operand<TFloat32> y = h.build(loss);
        List<GraphOperation> draws = OneRun.randomDraws(h, y);
        assertThat(draws).as("%s: one dropout draw", head.name()).hasSize(1);
        @SuppressWarnings("unchecked")
        Operand<TFloat32> u = (Operand<TFloat32>) (Operand<?>) draws.get(0).output(0);
        double withoutDropout = handValue(h, head, feats, null, rate);
        float previous = Float.NaN;
        for (int run = 0; run < 3; run++) {
          List<float[]> out = OneRun.fetch(h, List.of(y, u));
          float value = out.get(0)[0];
          float[] draw = out.get(1);
          assertThat(draw).as("a draw per hidden unit").hasSize(B * head.units());
          double expected = handValue(h, head, feats, draw, rate);
          assertThat((double) value)
              .as("%s run %d", head.name(), run)
              .isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
          assertThat(Math.abs(value - withoutDropout))
              .as("%s run %d: dropout changes the value", head.name(), run)
              .isGreaterThan(1e-3);
          if (run > 0)
            assertThat(value).as("%s: a new mask every run", head.name()).isNotEqualTo(previous);
          previous = value;
        }
      }
    }
  }

  @Test
  void inferenceModeIsDeterministicAndDropsNothing() {
    float[] feats = features(4);
    AuxClassifierLoss loss = new AuxClassifierLoss("block1", Head.GOOGLENET, "label", 0);
    try (LossHarness h = harness(feats)) { // training(false)
      float first = h.value(loss);
      assertThat(OneRun.randomDraws(h, h.build(loss))).as("no random op at inference").isEmpty();
      for (int run = 0; run < 3; run++) assertThat(h.value(loss)).isEqualTo(first);
      double expected = handValue(h, Head.GOOGLENET, feats, null, 0.7);
      assertThat((double) first).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
    }
  }

  @Test
  void missingEndpointListsTheExistingOnes() {
    try (LossHarness h = harness(features(5))) {
      assertThatThrownBy(() -> h.value(new AuxClassifierLoss("block9/features", TINY, "label", 0)))
          .hasMessage("no endpoint named 'block9/features'; endpoints: [block1, logits]");
    }
  }

  @Test
  void factoryRequiresTheEndpointAndKnowsTheHeads() {
    assertThat(
            FromConfig.loss(
                AuxClassifierLoss.FACTORY, "endpoint", "block2/features", "head", "small"))
        .isEqualTo(new AuxClassifierLoss("block2/features", Head.SMALL, "label", 0));
    assertThat(
            FromConfig.loss(
                AuxClassifierLoss.FACTORY,
                "endpoint",
                "mixed_6e",
                "head",
                "inception-v3",
                "label_smoothing",
                0.1))
        .isEqualTo(
            new AuxClassifierLoss(
                "mixed_6e", new Head("inception-v3", 5, 3, 128, 768, 0.0), "label", 0, 0.1));
    assertThatThrownBy(
            () -> FromConfig.loss(AuxClassifierLoss.FACTORY, "head", "huge", "classes", 1))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "3 configuration errors:\n"
                + "  endpoint: is required, for example 'block2/features'\n"
                + "  head: must be one of [googlenet, small, inception-v3], found 'huge'\n"
                + "  classes: must be 0 (take it from the logits endpoint) or >= 2, found 1");
    assertThatThrownBy(
            () ->
                FromConfig.loss(AuxClassifierLoss.FACTORY, "endpoint", "b", "label_smoothing", 1.0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label_smoothing")
        .hasMessageContaining("1.0");
  }
}
