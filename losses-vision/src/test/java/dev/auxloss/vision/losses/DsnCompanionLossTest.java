package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import dev.auxloss.testing.VariableGradients;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DsnCompanionLossTest {
  private static final int B = 4, K = 3;
  private static final int[] LABELS = {0, 2, 1, 2};
  private static final float[] MASK = {1, 1, 0, 1};

  private static float[] gaussian(int n, long seed, double scale) {
    Random r = new Random(seed);
    float[] f = new float[n];
    for (int i = 0; i < f.length; i++) f[i] = (float) (scale * r.nextGaussian());
    return f;
  }

  private static LossHarness harness(float[] block1, float[] block2) {
    return new LossHarness()
        .endpoint("block1", block1, B, 3, 3, 2)
        .endpoint("block2", block2, B, 4)
        .endpoint("logits", new float[B * K], B, K)
        .label("label", LABELS, B)
        .mask(MASK);
  }

  private static double squaredHinge(double[] s, int y, double margin) {
    double sum = 0;
    for (int k = 0; k < s.length; k++)
      if (k != y) sum += Math.pow(Math.max(0, margin - (s[y] - s[k])), 2);
    return sum;
  }

  /**
   * The released Caffe code's L2-SVM: Σ_j max(0, margin − t_j·s_j)², t = +1 at the label, −1
   * elsewhere.
   */
  private static double oneVsRest(double[] s, int y, double margin) {
    double sum = 0;
    for (int j = 0; j < s.length; j++)
      sum += Math.pow(Math.max(0, margin - (j == y ? 1 : -1) * s[j]), 2);
    return sum;
  }

  private static double layerLoss(double[][] scores, boolean hinge) {
    return layerLoss(
        scores, hinge ? DsnCompanionLoss.SQUARED_HINGE : DsnCompanionLoss.CROSS_ENTROPY);
  }

  private static double layerLoss(double[][] scores, String kind) {
    double sum = 0, n = 0;
    for (int b = 0; b < B; b++) {
      double v =
          switch (kind) {
            case DsnCompanionLoss.SQUARED_HINGE -> squaredHinge(scores[b], LABELS[b], 1);
            case DsnCompanionLoss.ONE_VS_REST_HINGE -> oneVsRest(scores[b], LABELS[b], 1);
            default -> Ref.crossEntropy(scores[b], LABELS[b], 0);
          };
      sum += MASK[b] * v;
      n += MASK[b];
    }
    return sum / n;
  }

  private static double[][][] companionScores(LossHarness h, float[] block1, float[] block2) {
    double[][] f1 = Ref.globalAvgPool(Ref.nhwc(block1, B, 3, 3, 2));
    double[][] f2 = new double[B][];
    for (int b = 0; b < B; b++) f2[b] = Ref.row(block2, b, 4);
    String p = "heads/term/companion";
    return new double[][][] {
      Ref.dense(f1, h.variable(p + "0/classifier/kernel"), h.variable(p + "0/classifier/bias"), K),
      Ref.dense(f2, h.variable(p + "1/classifier/kernel"), h.variable(p + "1/classifier/bias"), K)
    };
  }

  /**
   * The term of {@code kind} with layer weights (1, 0.5) against its layers recomputed by hand;
   * returns {expected, the pairwise squared hinge's value on the same scores}.
   */
  private static double[] assertValueByHand(String kind) {
    float[] b1 = gaussian(B * 18, 1, 1), b2 = gaussian(B * 4, 2, 1);
    DsnCompanionLoss loss =
        new DsnCompanionLoss(
            List.of("block1", "block2"), List.of(1.0, 0.5), kind, 1, 0, 0, "label", 0);
    try (LossHarness h = harness(b1, b2)) {
      float value = h.value(loss);
      double[][][] s = companionScores(h, b1, b2);
      double expected = layerLoss(s[0], kind) + 0.5 * layerLoss(s[1], kind);
      assertThat(value).as(kind).isCloseTo((float) expected, within(1e-4f));
      return new double[] {expected, layerLoss(s[0], true) + 0.5 * layerLoss(s[1], true)};
    }
  }

  @Test
  void squaredHingeCompanionsWithLayerWeights() {
    assertValueByHand(DsnCompanionLoss.SQUARED_HINGE);
  }

  @Test
  void oneVsRestHingeIsTheReleasedCodesL2Svm() {
    double[] v = assertValueByHand(DsnCompanionLoss.ONE_VS_REST_HINGE);
    assertThat(Math.abs(v[0] - v[1])).as("differs from the pairwise form").isGreaterThan(1e-2);
    DsnCompanionLoss wide =
        new DsnCompanionLoss(
            List.of("block1", "block2"),
            List.of(1.0, 0.3),
            DsnCompanionLoss.ONE_VS_REST_HINGE,
            4,
            0,
            0,
            "label",
            0); // margin 4: every hinge active
    try (LossHarness h = harness(gaussian(B * 18, 5, 0.5), gaussian(B * 4, 6, 0.5))) {
      h.assertGradientMatches(wide, "block1", 2e-2);
      h.assertGradientMatches(wide, "block2", 2e-2);
    }
  }

  @Test
  void thresholdSwitchesOffLayersBelowGamma() {
    float[] b1 = gaussian(B * 18, 3, 1), b2 = gaussian(B * 4, 4, 1);
    try (LossHarness h = harness(b1, b2)) {
      DsnCompanionLoss plain =
          new DsnCompanionLoss(
              List.of("block1", "block2"),
              List.of(1.0, 1.0),
              DsnCompanionLoss.CROSS_ENTROPY,
              1,
              0,
              0,
              "label",
              0);
      h.value(plain);
      double[][][] s = companionScores(h, b1, b2);
      double l1 = layerLoss(s[0], false), l2 = layerLoss(s[1], false);
      double gamma = (l1 + l2) / 2; // between the two: exactly one layer stays on
      DsnCompanionLoss hinged =
          new DsnCompanionLoss(
              List.of("block1", "block2"),
              List.of(1.0, 1.0),
              DsnCompanionLoss.CROSS_ENTROPY,
              1,
              gamma,
              0,
              "label",
              0);
      assertThat(h.value(plain)).isCloseTo((float) (l1 + l2), within(1e-4f));
      assertThat(h.value(hinged)).isCloseTo((float) Math.abs(l1 - l2) / 2, within(1e-4f));
    }
  }

  @Test
  void gradientWithRespectToBothEndpoints() {
    // large margin so every hinge is active: finite differences never straddle a kink
    DsnCompanionLoss loss =
        new DsnCompanionLoss(
            List.of("block1", "block2"),
            List.of(1.0, 0.3),
            DsnCompanionLoss.SQUARED_HINGE,
            4,
            0,
            0,
            "label",
            0);
    try (LossHarness h = harness(gaussian(B * 18, 5, 0.5), gaussian(B * 4, 6, 0.5))) {
      h.assertGradientMatches(loss, "block1", 2e-2);
      h.assertGradientMatches(loss, "block2", 2e-2);
    }
  }

  private static double squaredNorm(float[] w) {
    double s = 0;
    for (float v : w) s += (double) v * v;
    return s;
  }

  @Test
  void companionWeightDecayAddsHalfLambdaSquaredKernelNormInsideTheHinge() {
    float[] b1 = gaussian(B * 18, 7, 1), b2 = gaussian(B * 4, 8, 1);
    double lambda = 0.3;
    String p = "heads/term/companion";
    try (LossHarness h = harness(b1, b2)) {
      DsnCompanionLoss loss =
          new DsnCompanionLoss(
              List.of("block1", "block2"),
              List.of(1.0, 0.5),
              DsnCompanionLoss.SQUARED_HINGE,
              1,
              0,
              lambda,
              "label",
              0);
      float value = h.value(loss);
      double[][][] s = companionScores(h, b1, b2);
      double w1 = squaredNorm(h.variable(p + "0/classifier/kernel"));
      double w2 = squaredNorm(h.variable(p + "1/classifier/kernel"));
      double o1 = layerLoss(s[0], true) + lambda / 2 * w1,
          o2 = layerLoss(s[1], true) + lambda / 2 * w2;
      assertThat(value).isCloseTo((float) (o1 + 0.5 * o2), within(1e-4f));
      // γ between the hinge loss alone and hinge + penalty: the paper's [‖w‖² + ℓ − γ]_+ keeps the
      // layer on
      double gamma = layerLoss(s[0], true) + lambda / 4 * w1;
      DsnCompanionLoss oneLayer =
          new DsnCompanionLoss(
              List.of("block1"),
              List.of(1.0),
              DsnCompanionLoss.SQUARED_HINGE,
              1,
              gamma,
              lambda,
              "label",
              0);
      assertThat(h.value(oneLayer)).isCloseTo((float) (lambda / 4 * w1), within(1e-4f));
    }
  }

  @Test
  void companionWeightDecayGradientWrtTheKernelMatchesFiniteDifferences() {
    // large margin: every hinge active, no kink between the ±ε evaluations
    DsnCompanionLoss loss =
        new DsnCompanionLoss(
            List.of("block1", "block2"),
            List.of(1.0, 0.3),
            DsnCompanionLoss.SQUARED_HINGE,
            4,
            0,
            0.5,
            "label",
            0);
    DsnCompanionLoss noDecay =
        new DsnCompanionLoss(
            List.of("block1", "block2"),
            List.of(1.0, 0.3),
            DsnCompanionLoss.SQUARED_HINGE,
            4,
            0,
            0,
            "label",
            0);
    String kernel = "heads/term/companion1/classifier/kernel";
    try (LossHarness h = harness(gaussian(B * 18, 9, 0.5), gaussian(B * 4, 10, 0.5))) {
      VariableGradients.assertMatches(h, loss, kernel, 1e-2);
      h.assertGradientMatches(loss, "block2", 2e-2);
      // the penalty's own gradient, 0.3 · 0.5 · w (α_2 · λ · w), separates the two analytic
      // gradients
      float[] w = h.variable(kernel);
      float[] with = VariableGradients.analytic(h, loss, kernel),
          without = VariableGradients.analytic(h, noDecay, kernel);
      for (int i = 0; i < w.length; i++)
        assertThat(with[i] - without[i]).isCloseTo(0.15f * w[i], within(1e-5f));
    }
  }

  @Test
  void weightDecayDefaultsToTheDsnExperimentsValue() {
    assertThat(DsnCompanionLoss.on("a").companionWeightDecay()).isEqualTo(5e-4);
    assertThat(
            FromConfig.loss(
                DsnCompanionLoss.FACTORY, "endpoints", "a", "companion_weight_decay", 0))
        .isEqualTo(
            new DsnCompanionLoss(
                List.of("a"), List.of(1.0), DsnCompanionLoss.SQUARED_HINGE, 1, 0, 0, "label", 0));
    assertThatThrownBy(
            () ->
                FromConfig.loss(
                    DsnCompanionLoss.FACTORY, "endpoints", "a", "companion_weight_decay", -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("companion_weight_decay: must be >= 0, found -1.0");
  }

  @Test
  void factoryParsesTheEndpointListAndChecksWeights() {
    assertThat(FromConfig.loss(DsnCompanionLoss.FACTORY, "endpoints", " a/features, b/features "))
        .isEqualTo(DsnCompanionLoss.on("a/features", "b/features"));
    assertThatThrownBy(
            () ->
                FromConfig.loss(
                    DsnCompanionLoss.FACTORY,
                    "endpoints",
                    "a,b",
                    "layer_weights",
                    List.of(1.0, -2.0),
                    "kind",
                    "svm"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "2 configuration errors:\n"
                + "  layer_weights: weights must be >= 0, found [1.0, -2.0]\n"
                + "  kind: must be one of [squared_hinge, one_vs_rest_hinge, cross_entropy], found 'svm'");
    // a rule across two parameters, checked once each parameter is fine on its own
    assertThatThrownBy(
            () ->
                FromConfig.loss(
                    DsnCompanionLoss.FACTORY, "endpoints", "a,b", "layer_weights", List.of(1.0)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "1 configuration error:\n  layer_weights: needs one weight per endpoint (2), found 1 [1.0]");
    assertThatThrownBy(() -> FromConfig.loss(DsnCompanionLoss.FACTORY, "endpoints", "a, b,a"))
        .hasMessage(
            "1 configuration error:\n  endpoints: must name each endpoint once, found 'a, b,a'");
    assertThatThrownBy(() -> FromConfig.loss(DsnCompanionLoss.FACTORY, "endpoints", " , "))
        .hasMessage(
            "1 configuration error:\n  endpoints: must name at least one endpoint, found ' , '");
    assertThatThrownBy(() -> FromConfig.loss(DsnCompanionLoss.FACTORY))
        .hasMessageContaining(
            "endpoints: is required, for example 'stage1/features,stage2/features'");
  }
}
