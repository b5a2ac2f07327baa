package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;

/** nlp.cross_entropy and nlp.tagging_cross_entropy. */
class ClassificationLossesTest {
  private static final AuxLoss CE = SequenceCrossEntropyLoss.FACTORY.create(Params.empty());
  private static final AuxLoss TAGGING = TaggingCrossEntropyLoss.FACTORY.create(Params.empty());

  @Test
  void crossEntropyAveragesOverLabelledExamplesOnly() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2, 3, 0, 0, 0}, 2, 3)
          .label("label", new int[] {2, 0}, 2)
          .mask(new float[] {1, 0});
      assertThat(h.value(CE)).isCloseTo(0.4076f, within(1e-4f));
    }
  }

  @Test
  void labelSmoothingMatchesTheFormula() {
    float[] logits = Ref.random(1, 12, 1.5);
    int[] labels = {0, 2, 3};
    double eps = 0.1;
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double lse = Ref.logSumExp(logits, i * 4, 4);
      for (int c = 0; c < 4; c++) {
        double q = (c == labels[i] ? 1 - eps : 0) + eps / 4;
        expected += q * (lse - logits[i * 4 + c]);
      }
    }
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", logits, 3, 4).label("label", labels, 3);
      assertThat(
              h.value(SequenceCrossEntropyLoss.FACTORY.create(Params.of("label_smoothing", eps))))
          .isCloseTo((float) (expected / 3), within(1e-5f));
    }
  }

  @Test
  void crossEntropyGradientMatchesFiniteDifferences() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", Ref.random(2, 12, 1), 3, 4)
          .label("label", new int[] {1, 3, 0}, 3)
          .mask(new float[] {1, 1, 0});
      h.assertGradientMatches(CE, "logits", 1e-2);
      assertThat(h.gradient(CE, "logits")[8]).isZero(); // the unlabelled row gets no gradient
    }
  }

  @Test
  void taggingAveragesOverRealTokensOfLabelledSentences() {
    float[] logits = Ref.random(3, 2 * 3 * 4, 1);
    int[] tags = {1, 2, 0, 3, 0, 0};
    float[] tokenMask = {1, 1, 0, 1, 1, 0};
    float[] labelMask = {1, 0};
    double expected = (Ref.crossEntropy(logits, 0, 4, 1) + Ref.crossEntropy(logits, 1, 4, 2)) / 2;
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", logits, 2, 3, 4)
          .label("tags", tags, 2, 3)
          .labelFloats("token_mask", tokenMask, 2, 3)
          .mask(labelMask);
      assertThat(h.value(TAGGING)).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void taggingDocExample() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {0, 0, 2, 0}, 1, 2, 2)
          .label("tags", new int[] {1, 0}, 1, 2)
          .labelFloats("token_mask", new float[] {1, 1}, 1, 2);
      assertThat(h.value(TAGGING)).isCloseTo(0.4100f, within(1e-4f));
    }
  }

  @Test
  void taggingGradientMatchesAndPaddingGetsNone() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", Ref.random(4, 2 * 3 * 4, 1), 2, 3, 4)
          .label("tags", new int[] {1, 2, 0, 3, 0, 0}, 2, 3)
          .labelFloats("token_mask", new float[] {1, 1, 0, 1, 1, 0}, 2, 3);
      h.assertGradientMatches(TAGGING, "logits", 1e-2);
      float[] g = h.gradient(TAGGING, "logits");
      for (int k = 0; k < 4; k++) {
        assertThat(g[2 * 4 + k]).isZero();
        assertThat(g[5 * 4 + k]).isZero();
      }
    }
  }

  @Test
  void badParametersAreConfigErrors() {
    assertThatThrownBy(
            () ->
                FromConfig.loss(
                    SequenceCrossEntropyLoss.FACTORY, "label_smoothing", 1.2, "logit", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label_smoothing: must be in [0, 1), found 1.2")
        .hasMessageContaining(
            "unknown parameter 'logit'; did you mean 'logits'? known parameters: [label, label_smoothing, logits]");
    // a config built in code keeps the same rule, stated once on the parameter
    assertThatThrownBy(() -> new SequenceCrossEntropyLoss.Config("", "label", 0))
        .isInstanceOf(ConfigException.class)
        .hasMessage("1 configuration error:\n  logits: must not be empty, found ''");
  }

  @Test
  void wrongRankIsAClearError() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[8], 1, 2, 4).label("label", new int[] {0}, 1);
      assertThatThrownBy(() -> h.value(CE))
          .hasMessage("nlp.cross_entropy logits 'logits' must have rank 2, found shape [1, 2, 4]");
    }
  }
}
