package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.model.TextLmModelFactory;
import dev.auxloss.tf.testing.LossHarness;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

class ElectraRtdLossTest {
  private static final AuxLoss DISC = ctx -> ElectraRtdLoss.discriminatorLoss(ctx.tf(), ctx.endpoint("logits"),
      ctx.input("replaced", TFloat32.class), ctx.input("token_mask", TFloat32.class));

  @Test
  void discriminatorLossIsMaskedSigmoidCrossEntropy() {
    float[] logits = {2, -1, 0.5f, 3, 0, -2};
    float[] replaced = {1, 0, 1, 0, 0, 1};
    float[] mask = {1, 1, 1, 1, 1, 0};
    double expected = 0;
    for (int i = 0; i < 5; i++) {
      double p = 1 / (1 + Math.exp(-logits[i]));
      expected -= replaced[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", logits, 2, 3).input("replaced", replaced, 2, 3).input("token_mask", mask, 2, 3);
      assertThat(h.value(DISC)).isCloseTo((float) (expected / 5), within(1e-5f));
      h.assertGradientMatches(DISC, "logits", 1e-2);
    }
  }

  @Test
  void fullLossRunsGeneratorSamplingAndDiscriminatorOnTheModel() {
    int b = 4;
    int t = 10;
    int v = 30;
    int[] tokens = new int[b * t];
    float[] mask = new float[b * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t - i; j++) {
        tokens[i * t + j] = j == 0 ? 3 : j == t - i - 1 ? 4 : 5 + (i * 7 + j * 3) % (v - 5);
        mask[i * t + j] = 1;
      }
    }
    var model = new TextLmModelFactory().create(Params.of("vocab_size", v, "dim", 16, "heads", 2, "ff_dim", 32,
        "attention", "bidirectional"));
    AuxLoss electra = ElectraRtdLoss.factory().create(Params.of("mask_prob", 0.3));
    AuxLoss noDisc = ElectraRtdLoss.factory().create(Params.of("mask_prob", 0.3, "lambda", 0.0));
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", tokens, b, t).input("token_mask", mask, b, t).model(model);
      float value = h.value(electra);
      // at initialisation: L_gen ≈ log V, L_disc ≈ log 2 (logits near 0)
      assertThat(value).isBetween((float) (50 * 0.3), (float) (Math.log(v) + 50 * 1.5));
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", tokens, b, t).input("token_mask", mask, b, t).model(model);
      assertThat(h.value(noDisc)).isBetween((float) (Math.log(v) - 1), (float) (Math.log(v) + 1));
    }
  }
}
