package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {
  private static final float[] LOGITS = {1, 2, 3, 0, 0, 0, -1, 0.5f, 2, 0.3f, -0.7f, 1.1f};
  private static final int[] LABELS = {2, 0, 1, 2};

  @Test
  void standaloneExampleFromTheJavadoc() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2, 3, 0, 0, 0}, 2, 3)
          .label("label", new int[] {2, 0}, 2);
      double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
      assertThat(h.value(new CrossEntropyLoss()))
          .isCloseTo((float) ((z - 3 + Math.log(3)) / 2), within(1e-5f));
      assertThat(h.value(new CrossEntropyLoss()))
          .isCloseTo(0.7531f, within(1e-4f)); // the number in the javadoc
    }
  }

  @Test
  void averagesOverLabelledExamplesOnlyWithSmoothing() {
    float[] mask = {1, 0, 1, 1};
    double eps = 0.1;
    double sum = 0;
    for (int b = 0; b < 4; b++)
      sum += mask[b] * Ref.crossEntropy(Ref.row(LOGITS, b, 3), LABELS[b], eps);
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).label("label", LABELS, 4).mask(mask);
      assertThat(h.value(new CrossEntropyLoss("logits", "label", eps)))
          .isCloseTo((float) (sum / 3), within(1e-5f));
    }
  }

  @Test
  void noLabelledExampleGivesZeroNotNaN() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).label("label", LABELS, 4).mask(new float[4]);
      assertThat(h.value(new CrossEntropyLoss())).isZero();
    }
  }

  @Test
  void segmentationLogitsAverageOverPixels() {
    // 2 images of 1×2 pixels, 3 classes
    int[] seg = {2, 0, 1, 1};
    double e0 =
        (Ref.crossEntropy(Ref.row(LOGITS, 0, 3), 2, 0)
                + Ref.crossEntropy(Ref.row(LOGITS, 1, 3), 0, 0))
            / 2;
    double e1 =
        (Ref.crossEntropy(Ref.row(LOGITS, 2, 3), 1, 0)
                + Ref.crossEntropy(Ref.row(LOGITS, 3, 3), 1, 0))
            / 2;
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 2, 1, 2, 3).label("seg_label", seg, 2, 1, 2);
      assertThat(h.value(new CrossEntropyLoss("logits", "seg_label", 0)))
          .isCloseTo((float) ((e0 + e1) / 2), within(1e-5f));
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).label("label", LABELS, 4).mask(new float[] {1, 0, 1, 1});
      h.assertGradientMatches(new CrossEntropyLoss("logits", "label", 0.1), "logits", 1e-2);
    }
  }

  @Test
  void factoryReadsParamsAndReportsEveryProblem() {
    assertThat(FromConfig.loss(CrossEntropyLoss.FACTORY, "label_smoothing", 0.2))
        .isEqualTo(new CrossEntropyLoss("logits", "label", 0.2));
    assertThatThrownBy(
            () -> FromConfig.loss(CrossEntropyLoss.FACTORY, "label_smoothing", 1.5, "temp", 2))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "2 configuration errors:\n"
                + "  label_smoothing: must be in [0, 1), found 1.5\n"
                + "  temp: unknown parameter 'temp'; known parameters: [label, label_smoothing, logits]");
    // an endpoint name is taken as written: a stray space is an error here, not a missing endpoint
    // later
    assertThatThrownBy(
            () -> FromConfig.loss(CrossEntropyLoss.FACTORY, "logits", " logits", "label", ""))
        .hasMessage(
            "2 configuration errors:\n"
                + "  logits: must not start or end with a space, found ' logits'\n"
                + "  label: must not be empty, found ''");
  }
}
