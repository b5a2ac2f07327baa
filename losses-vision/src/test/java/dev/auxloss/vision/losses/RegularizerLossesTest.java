package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;

/** vision.label_smoothing and vision.confidence_penalty. */
class RegularizerLossesTest {
  private static final float[] LOGITS = {1, 2, 3, 0, 0, 0, -1, 0.5f, 2, 3.3f, -0.7f, 1.1f};
  private static final float[] MASK = {1, 0, 1, 0};

  private static double klUniform(double[] row) {
    double lse = Ref.logSumExp(row);
    double s = 0;
    for (double v : row) s += (v - lse) / row.length;
    return -Math.log(row.length) - s;
  }

  @Test
  void labelSmoothingStandaloneExample() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {0, (float) Math.log(2)}, 1, 2);
      assertThat(h.value(new LabelSmoothingLoss())).isCloseTo(0.0589f, within(1e-4f));
    }
  }

  @Test
  void labelSmoothingIsKlFromUniformOverLabelledExamples() {
    double labelled = (klUniform(Ref.row(LOGITS, 0, 3)) + klUniform(Ref.row(LOGITS, 2, 3))) / 2;
    double all = 0;
    for (int b = 0; b < 4; b++) all += klUniform(Ref.row(LOGITS, b, 3)) / 4;
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).mask(MASK);
      assertThat(h.value(new LabelSmoothingLoss())).isCloseTo((float) labelled, within(1e-5f));
      assertThat(h.value(new LabelSmoothingLoss("logits", false)))
          .isCloseTo((float) all, within(1e-5f));
    }
  }

  @Test
  void labelSmoothingPlusCrossEntropyEqualsSmoothedCrossEntropy() {
    // (1-ε)·CE + ε·(KL(u||p) + log K) = CE with smoothed targets: the decomposition in the javadoc
    double eps = 0.1;
    int[] labels = {2, 0, 1, 0};
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).label("label", labels, 4);
      float ce = h.value(new CrossEntropyLoss());
      float ls = h.value(new LabelSmoothingLoss());
      float smoothed = h.value(new CrossEntropyLoss("logits", "label", eps));
      assertThat((1 - eps) * ce + eps * (ls + Math.log(3))).isCloseTo(smoothed, within(1e-5));
    }
  }

  @Test
  void labelSmoothingGradient() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).mask(MASK);
      h.assertGradientMatches(new LabelSmoothingLoss(), "logits", 1e-2);
    }
  }

  @Test
  void confidencePenaltyStandaloneExample() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {0, (float) Math.log(3)}, 1, 2);
      assertThat(h.value(new ConfidencePenaltyLoss())).isCloseTo(0.1308f, within(1e-4f));
    }
  }

  @Test
  void confidencePenaltyHingesAtTheThreshold() {
    double gamma = 0.6;
    double sumHinge = 0;
    double sumKl = 0;
    for (int b = 0; b < 4; b++) {
      double ent = Ref.entropy(Ref.row(LOGITS, b, 3));
      sumHinge += Math.max(0, gamma - ent);
      sumKl += Math.log(3) - ent;
    }
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).mask(MASK);
      assertThat(h.value(new ConfidencePenaltyLoss("logits", gamma, false)))
          .isCloseTo((float) (sumHinge / 4), within(1e-5f));
      assertThat(h.value(new ConfidencePenaltyLoss()))
          .isCloseTo((float) (sumKl / 4), within(1e-5f));
    }
    assertThat(sumHinge)
        .as("the threshold clips some but not all examples")
        .isPositive()
        .isLessThan(sumKl);
  }

  @Test
  void confidencePenaltyGradient() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3);
      h.assertGradientMatches(new ConfidencePenaltyLoss(), "logits", 1e-2);
    }
  }

  @Test
  void factoriesUseTheRecordDefaults() {
    assertThat(FromConfig.loss(LabelSmoothingLoss.FACTORY)).isEqualTo(new LabelSmoothingLoss());
    assertThat(FromConfig.loss(ConfidencePenaltyLoss.FACTORY))
        .isEqualTo(new ConfidencePenaltyLoss());
    assertThat(FromConfig.loss(ConfidencePenaltyLoss.FACTORY, "threshold", 1.2))
        .isEqualTo(new ConfidencePenaltyLoss("logits", 1.2, false));
  }
}
