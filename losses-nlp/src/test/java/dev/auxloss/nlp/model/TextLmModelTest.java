package dev.auxloss.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLmModelTest {
  static final int B = 2;
  static final int T = 8;
  static final int V = 20;
  // two sequences: 6 real tokens then padding; 8 real tokens
  static final int[] TOKENS = {3, 7, 8, 9, 10, 4, 0, 0, 3, 11, 12, 13, 14, 15, 16, 4};

  static TextLmModel model(Object... extra) {
    Object[] base = {
      "vocab_size", V, "classes", 3, "dim", 16, "heads", 2, "ff_dim", 32, "dropout", 0.0
    };
    Object[] all = new Object[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return (TextLmModel) TextLmModel.FACTORY.create(Params.of(all));
  }

  @Test
  void publishesEndpointsWithStaticShapes() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model());
      assertThat(h.endpointValue("logits")).hasSize(B * 3);
      assertThat(h.endpointValue("tokens/hidden")).hasSize(B * T * 16);
      assertThat(h.endpointValue("lm/logits")).hasSize(B * T * V);
      assertThat(h.endpointValue("sentence/embedding")).hasSize(B * 16);
      assertThat(h.endpointValue("tokens/embedding_table")).hasSize(V * 16);
      assertThat(h.endpointValue("lm/output_weights")).hasSize(16 * V);
    }
  }

  @Test
  void causalModelIgnoresTheFuture() {
    int[] changed = TOKENS.clone();
    changed[4] = 17; // position 4 of the first sequence
    float[] a;
    float[] b;
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model());
      a = h.endpointValue("tokens/hidden");
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", changed, B, T).model(model());
      b = h.endpointValue("tokens/hidden");
    }
    for (int t = 0; t < 4; t++) {
      for (int d = 0; d < 16; d++)
        assertThat(b[t * 16 + d]).isCloseTo(a[t * 16 + d], within(1e-5f));
    }
    assertThat(b[4 * 16]).isNotCloseTo(a[4 * 16], within(1e-6f));
  }

  @Test
  void sentenceEmbeddingIsTheLastRealPosition() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model());
      float[] hidden = h.endpointValue("tokens/hidden");
      float[] sentence = h.endpointValue("sentence/embedding");
      for (int d = 0; d < 16; d++) {
        assertThat(sentence[d]).isCloseTo(hidden[5 * 16 + d], within(1e-6f));
        assertThat(sentence[16 + d]).isCloseTo(hidden[(T + 7) * 16 + d], within(1e-6f));
      }
    }
  }

  @Test
  void moeLayersPublishRouterLogitsAndDispatch() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T)
          .model(model("moe_layers", List.of(0.0, 1.0), "experts", 4));
      assertThat(h.endpointValue("moe/0/router_logits")).hasSize(B * T * 4);
      assertThat(h.endpointValue("moe/1/router_logits")).hasSize(B * T * 4);
      int c = new MoeFeedForward(4, 1, 1.25, 32).capacity(T);
      float[] dispatch = h.endpointValue("moe/0/dispatch");
      assertThat(dispatch).hasSize(B * T * 4 * c);
      // each real token goes to at most one slot; padding to none
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
          float sum = 0;
          for (int i = 0; i < 4 * c; i++) sum += dispatch[((b * T) + t) * 4 * c + i];
          boolean real = TOKENS[b * T + t] != 0;
          assertThat(sum).isLessThanOrEqualTo(real ? 1f : 0f);
        }
      }
      float[] fraction = h.endpointValue("moe/0/expert_fraction");
      float total = 0;
      for (float f : fraction) total += f;
      assertThat(total).isCloseTo(1f, within(1e-5f));
      // top-1 routes every real token once: the dropped share is 1 − (slots taken) / (real tokens)
      float taken = 0;
      for (float x : dispatch) taken += x;
      int realTokens = 0;
      for (int id : TOKENS) if (id != 0) realTokens++;
      assertThat(h.endpointValue("moe/0/dropped_fraction")[0])
          .isCloseTo(1f - taken / realTokens, within(1e-6f));
    }
  }

  @Test
  void aTightCapacityDropsTokensAndSaysHowMany() {
    try (LossHarness h = new LossHarness()) {
      // capacity ⌈0.1 · 8 / 4⌉ = 1 slot per expert and sequence: at most 4 of a sequence's tokens
      // stay
      h.inputInts("tokens", TOKENS, B, T)
          .model(model("moe_layers", List.of(0.0), "experts", 4, "capacity_factor", 0.1));
      float taken = 0;
      for (float x : h.endpointValue("moe/0/dispatch")) taken += x;
      assertThat(taken).isLessThanOrEqualTo(2 * 4);
      assertThat(h.endpointValue("moe/0/dropped_fraction")[0])
          .isGreaterThanOrEqualTo(1f - 8f / 14)
          .isCloseTo(1f - taken / 14, within(1e-6f));
    }
  }

  @Test
  void topTwoRoutingCombinesTwoExpertsWithGatesSummingToOne() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T)
          .model(
              model(
                  "moe_layers",
                  List.of(1.0),
                  "experts",
                  4,
                  "router_top_k",
                  2,
                  "capacity_factor",
                  4.0));
      float[] combine = h.endpointValue("moe/1/combine");
      float[] dispatch = h.endpointValue("moe/1/dispatch");
      int per = combine.length / (B * T);
      for (int tok = 0; tok < B * T; tok++) {
        float g = 0;
        float n = 0;
        for (int i = 0; i < per; i++) {
          g += combine[tok * per + i];
          n += dispatch[tok * per + i];
        }
        boolean real = TOKENS[tok] != 0;
        assertThat(n).isEqualTo(real ? 2f : 0f);
        assertThat(g).isCloseTo(real ? 1f : 0f, within(1e-5f));
      }
    }
  }

  @Test
  void invalidParametersAreReportedTogether() {
    assertThatThrownBy(
            () ->
                FromConfig.model(
                    TextLmModel.FACTORY,
                    "vocab_size",
                    3,
                    "heads",
                    0,
                    "attention",
                    "sideways",
                    "moe_layers",
                    List.of(0.5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("4 configuration errors")
        .hasMessageContaining("moe_layers: entries must be whole numbers, found [0.5]")
        .hasMessageContaining("vocab_size: must be > 5, found 3")
        .hasMessageContaining("heads: must be >= 1, found 0")
        .hasMessageContaining(
            "attention: must be one of [causal, bidirectional], found 'sideways'");
    assertThatThrownBy(() -> FromConfig.model(TextLmModel.FACTORY, "dim", 16))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vocab_size: is required, for example '5000'");
    // the rules across parameters, once every parameter keeps its own
    assertThatThrownBy(
            () ->
                FromConfig.model(
                    TextLmModel.FACTORY,
                    "vocab_size",
                    100,
                    "dim",
                    10,
                    "heads",
                    4,
                    "moe_layers",
                    List.of(2.0),
                    "layers",
                    2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 configuration errors")
        .hasMessageContaining("dim: must be a multiple of heads (4), found 10")
        .hasMessageContaining("moe_layers: entries must be in [0, 2), found 2");
  }

  @Test
  void wrongSequenceLengthIsAClearError() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("seq_len", 64));
      assertThatThrownBy(() -> h.endpointValue("logits"))
          .hasMessage("model seq_len is 64 but the tokens input has length 8");
    }
  }
}
