package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.tf.testing.LossHarness;
import org.junit.jupiter.api.Test;

class MultiTokenPredictionLossTest {
  static final int B = 2;
  static final int T = 6;
  static final int V = 9;
  static final int D = 4;
  static final int[] TOKENS = {3, 5, 6, 7, 4, 0, 3, 8, 7, 6, 5, 4};
  static final float[] MASK = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};

  private static LossHarness fed(LossHarness h, float[] outW) {
    return h.inputInts("tokens", TOKENS, B, T).input("token_mask", MASK, B, T)
        .input("hidden", Ref.random(11, B * T * D, 1), B, T, D)
        .input("table", Ref.random(12, V * D, 1), V, D)
        .input("out_w", outW, D, V)
        .input("out_b", new float[V], V)
        .model(Ref.publish("tokens/hidden", "hidden", "tokens/embedding_table", "table",
            "lm/output_weights", "out_w", "lm/output_bias", "out_b"));
  }

  @Test
  void zeroOutputHeadGivesLogVAtEveryDepth() {
    for (int depth : new int[] {1, 3}) {
      AuxLoss loss = MultiTokenPredictionLoss.factory().create(Params.of("depth", depth, "heads", 2));
      try (LossHarness h = fed(new LossHarness(), new float[D * V])) {
        assertThat(h.value(loss)).isCloseTo((float) Math.log(V), within(1e-5f));
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesThroughHiddenEmbeddingsAndHead() {
    AuxLoss loss = MultiTokenPredictionLoss.factory().create(Params.of("depth", 2, "heads", 2));
    try (LossHarness h = fed(new LossHarness(), Ref.random(13, D * V, 0.5))) {
      h.assertGradientMatches(loss, "hidden", 2e-2);
      h.assertGradientMatches(loss, "out_w", 2e-2);
      h.assertGradientMatches(loss, "table", 2e-2);
    }
  }

  @Test
  void depthOneNeverUsesTheHiddenStateOfTheLastTwoPositions() {
    // module 1 combines h_i with Emb(t_{i+1}) and predicts t_{i+2}: h_{T-2} and h_{T-1} have no target
    AuxLoss loss = MultiTokenPredictionLoss.factory().create(Params.of("depth", 1, "heads", 2));
    try (LossHarness h = fed(new LossHarness(), Ref.random(14, D * V, 0.5))) {
      float[] g = h.gradient(loss, "hidden");
      for (int b = 0; b < B; b++) {
        for (int k = 0; k < D; k++) {
          assertThat(g[(b * T + T - 1) * D + k]).isZero();
          assertThat(g[(b * T + T - 2) * D + k]).isZero();
        }
      }
      assertThat(g[0]).isNotZero();
    }
  }

  @Test
  void paperDefaultsAndErrors() {
    assertThat(MultiTokenPredictionLoss.Config.DEFAULTS.depth()).isEqualTo(1);
    assertThat(MultiTokenPredictionLoss.factory().descriptor().defaultWeight()).isEqualTo(0.3);
    assertThatThrownBy(() -> MultiTokenPredictionLoss.factory().create(Params.of("depth", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("depth: must be >= 1.0, found 0.0");
    AuxLoss tooDeep = MultiTokenPredictionLoss.factory().create(Params.of("depth", 5, "heads", 2));
    try (LossHarness h = fed(new LossHarness(), new float[D * V])) {
      assertThatThrownBy(() -> h.value(tooDeep)).hasMessage("nlp.mtp depth 5 leaves no target in sequences of length 6");
    }
  }
}
