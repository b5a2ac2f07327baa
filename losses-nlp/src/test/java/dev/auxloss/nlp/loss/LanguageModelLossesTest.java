package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;

/** nlp.next_token and nlp.rei_lm. */
class LanguageModelLossesTest {
  static final int B = 2;
  static final int T = 5;
  static final int V = 7;
  static final int[] TOKENS = {3, 5, 6, 4, 0, 3, 6, 5, 5, 4};
  static final float[] MASK = {1, 1, 1, 1, 0, 1, 1, 1, 1, 1};

  private static LossHarness fed(LossHarness h) {
    return h.inputInts("tokens", TOKENS, B, T).input("token_mask", MASK, B, T);
  }

  @Test
  void nextTokenIsTheMeanOverRealTargets() {
    float[] logits = Ref.random(5, B * T * V, 1.5);
    double sum = 0;
    int n = 0;
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T - 1; t++) {
        if (MASK[b * T + t + 1] == 0) continue;
        sum += Ref.crossEntropy(logits, b * T + t, V, TOKENS[b * T + t + 1]);
        n++;
      }
    }
    AuxLoss loss = NextTokenLoss.FACTORY.create(Params.empty());
    try (LossHarness h = fed(new LossHarness())) {
      h.input("logits_in", logits, B, T, V).model(LossHarness.publish("lm/logits", "logits_in"));
      assertThat(h.value(loss)).isCloseTo((float) (sum / n), within(1e-5f));
      h.assertGradientMatches(loss, "logits_in", 1e-2);
      float[] g = h.gradient(loss, "logits_in");
      for (int v = 0; v < V; v++) {
        assertThat(g[(3) * V + v]).isZero(); // predicts the padding at t=4
        assertThat(g[(4) * V + v]).isZero(); // padding itself
        assertThat(g[(9) * V + v]).isZero(); // the last position has no next token
      }
    }
  }

  @Test
  void nextTokenOnZeroLogitsIsLogV() {
    try (LossHarness h = fed(new LossHarness())) {
      h.input("logits_in", new float[B * T * V], B, T, V)
          .model(LossHarness.publish("lm/logits", "logits_in"));
      assertThat(h.value(NextTokenLoss.FACTORY.create(Params.empty())))
          .isCloseTo((float) Math.log(V), within(1e-5f));
    }
  }

  private static final int H = 4; // hidden width: 2 forward + 2 backward

  @Test
  void reiMatchesAPlainJavaForwardAndBackwardLm() {
    float[] hidden = Ref.random(6, B * T * H, 1);
    AuxLoss loss = ReiLmLoss.FACTORY.create(Params.of("vocab_size", V, "lm_hidden", 3));
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", hidden, B, T, H).model(LossHarness.publish("tokens/hidden", "hidden"));
      float value = h.value(loss);
      double fwd = direction(h, hidden, "fwd", 0, +1);
      double bwd = direction(h, hidden, "bwd", 2, -1);
      assertThat(value).isCloseTo((float) (fwd + bwd), within(1e-4f));
    }
  }

  /** Mean CE of one direction: half starting at {@code offset}, target at t + step. */
  private static double direction(LossHarness h, float[] hidden, String dir, int offset, int step) {
    float[] w1 = h.variable("heads/term/" + dir + "/hidden/kernel");
    float[] b1 = h.variable("heads/term/" + dir + "/hidden/bias");
    float[] w2 = h.variable("heads/term/" + dir + "/out/kernel");
    float[] b2 = h.variable("heads/term/" + dir + "/out/bias");
    double sum = 0;
    int n = 0;
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        int target = t + step;
        if (target < 0 || target >= T) continue;
        int weightAt = step > 0 ? target : t; // fwd: the target's mask; bwd: the position's mask
        if (MASK[b * T + weightAt] == 0) continue;
        float[] x = {hidden[(b * T + t) * H + offset], hidden[(b * T + t) * H + offset + 1]};
        float[] m = Ref.dense(x, 1, 2, w1, b1, 3);
        for (int i = 0; i < 3; i++) m[i] = (float) Math.tanh(m[i]);
        float[] logits = Ref.dense(m, 1, 3, w2, b2, V);
        sum += Ref.crossEntropy(logits, 0, V, TOKENS[b * T + target]);
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void reiForwardHalfNeverSeesItsTargetAndBackwardHalfNeverSeesItsTarget() {
    AuxLoss loss = ReiLmLoss.FACTORY.create(Params.of("vocab_size", V, "lm_hidden", 3));
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", Ref.random(7, B * T * H, 1), B, T, H)
          .model(LossHarness.publish("tokens/hidden", "hidden"));
      float[] g = h.gradient(loss, "hidden");
      for (int b = 0; b < B; b++) {
        int last = b == 0 ? 3 : 4;
        for (int k = 0; k < 2; k++) {
          assertThat(g[(b * T + last) * H + k]).isZero(); // forward state at the last real token
          assertThat(g[(b * T) * H + 2 + k]).isZero(); // backward state at the first token
        }
      }
      for (int k = 0; k < H; k++) assertThat(g[4 * H + k]).isZero(); // padding
      h.assertGradientMatches(loss, "hidden", 1e-2);
    }
  }

  @Test
  void reiZeroHiddenIsTwiceLogOfTheCappedVocabulary() {
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", new float[B * T * H], B, T, H)
          .input("table", new float[V * 2], V, 2)
          .model(LossHarness.publish("tokens/hidden", "hidden", "tokens/embedding_table", "table"));
      assertThat(h.value(ReiLmLoss.FACTORY.create(Params.empty())))
          .isCloseTo((float) (2 * Math.log(V)), within(1e-4f));
    }
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", new float[B * T * H], B, T, H)
          .model(LossHarness.publish("tokens/hidden", "hidden"));
      assertThat(h.value(ReiLmLoss.FACTORY.create(Params.of("vocab_size", V, "max_vocab", 4))))
          .isCloseTo((float) (2 * Math.log(4)), within(1e-4f));
    }
  }

  @Test
  void reiNeedsAnEvenWidthAndAVocabularySize() {
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", new float[B * T * 3], B, T, 3)
          .model(LossHarness.publish("tokens/hidden", "hidden"));
      assertThatThrownBy(() -> h.value(ReiLmLoss.FACTORY.create(Params.of("vocab_size", V))))
          .hasMessageContaining("needs hidden states with an even width");
    }
    try (LossHarness h = fed(new LossHarness())) {
      h.input("hidden", new float[B * T * H], B, T, H)
          .model(LossHarness.publish("tokens/hidden", "hidden"));
      assertThatThrownBy(() -> h.value(ReiLmLoss.FACTORY.create(Params.empty())))
          .hasMessage(
              "nlp.rei_lm: set vocab_size, or publish tokens/embedding_table [V,D] from the model; "
                  + "endpoints: [tokens/hidden]");
    }
  }
}
