package dev.auxloss.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.nlp.metric.NlpMetrics;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import org.junit.jupiter.api.Test;

/** Shapes, normalisation, pooling, segments and parameter rules of {@code transformer-encoder}. */
class TransformerEncoderModelTest {
  static final int B = 2;
  static final int T = 8;
  static final int V = 20;
  static final int D = 16;
  // two sequences: BOS, 4 pieces, EOS, padding; BOS, 6 pieces, EOS
  static final int[] TOKENS = {3, 7, 8, 9, 10, 4, 0, 0, 3, 11, 12, 13, 14, 15, 16, 4};
  static final int[] SEGMENTS = {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};

  static ModelFn model(Object... extra) {
    Object[] base = {"vocab_size", V, "dim", D, "heads", 2, "layers", 3, "dropout", 0.0};
    Object[] all = new Object[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return FromConfig.model(TransformerEncoderModel.FACTORY, all);
  }

  @Test
  void classifierPublishesAnEndpointPerLayerAndWhatTheLossesRead() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3));
      for (int i = 1; i <= 3; i++)
        assertThat(h.endpointValue("layer" + i + "/features")).hasSize(B * T * D);
      assertThatThrownBy(() -> h.endpointValue("layer4/features"))
          .hasMessageContaining("layer3/features");
      assertThat(h.endpointValue("sequence")).hasSize(B * T * D);
      assertThat(h.endpointValue("tokens/hidden")).containsExactly(h.endpointValue("sequence"));
      assertThat(h.endpointValue("sequence")).containsExactly(h.endpointValue("layer3/features"));
      assertThat(h.endpointValue("pooled")).hasSize(B * D);
      assertThat(h.endpointValue("sentence/embedding")).containsExactly(h.endpointValue("pooled"));
      assertThat(h.endpointValue("logits")).hasSize(B * 3);
      assertThat(h.endpointValue("lm/logits")).hasSize(B * T * V);
      assertThat(h.endpointValue("tokens/embedding_table")).hasSize(V * D);
      assertThat(h.endpointValue("lm/output_weights")).hasSize(D * V);
      assertThat(h.endpointValue("lm/output_bias")).hasSize(V);
      assertThat(h.variable("model/block2/ff1/kernel")).hasSize(D * 4 * D); // ff_dim 0 → 4·dim
    }
  }

  @Test
  void theInferenceGraphHasNoMlmHead() {
    try (LossHarness h = new LossHarness()) {
      h.training(false).inputInts("tokens", TOKENS, B, T).model(model("classes", 3));
      assertThat(h.endpointValue("logits")).hasSize(B * 3);
      assertThatThrownBy(() -> h.endpointValue("lm/logits")).hasMessageContaining("pooled");
    }
  }

  @Test
  void theDataDecidesTheTaskATaggerHasLogitsPerToken() {
    ModelFn tagger = model("tags", 5);
    assertThat(tagger.defaultMetrics())
        .containsExactly(NlpMetrics.TOKEN_ACCURACY_KEY, NlpMetrics.TAG_MACRO_F1_KEY);
    assertThat(model("classes", 4).defaultMetrics()).containsExactly(NlpMetrics.ACCURACY_KEY);
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(tagger);
      assertThat(h.endpointValue("logits")).hasSize(B * T * 5);
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "tags", 5, "task", "classify"));
      assertThat(h.endpointValue("logits")).hasSize(B * 3);
    }
  }

  /** BERT's post-LN: every layer's output is layer-normed (γ = 1, β = 0 at initialisation). */
  @Test
  void postLnNormalisesEveryLayerPreLnOnlyTheLast() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3));
      for (int i = 1; i <= 3; i++)
        assertNormalised(h.endpointValue("layer" + i + "/features"), true);
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "norm", "pre"));
      assertNormalised(h.endpointValue("layer1/features"), false);
      assertNormalised(h.endpointValue("sequence"), true);
    }
  }

  private static void assertNormalised(float[] x, boolean expected) {
    boolean all = true;
    for (int row = 0; row < x.length / D; row++) {
      double mean = 0;
      double sq = 0;
      for (int d = 0; d < D; d++) mean += x[row * D + d] / (double) D;
      for (int d = 0; d < D; d++) sq += Math.pow(x[row * D + d] - mean, 2) / D;
      all &= Math.abs(mean) < 1e-4 && Math.abs(sq - 1) < 1e-2;
    }
    assertThat(all).isEqualTo(expected);
  }

  @Test
  void attentionIsBidirectional() {
    int[] changed = TOKENS.clone();
    changed[4] = 17;
    float[] a;
    float[] b;
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3));
      a = h.endpointValue("layer1/features");
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", changed, B, T).model(model("classes", 3));
      b = h.endpointValue("layer1/features");
    }
    assertThat(b[D]).isNotCloseTo(a[D], within(1e-6f)); // position 1 sees position 4
  }

  @Test
  void clsPoolingReadsPositionZeroThroughThePooler() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3));
      float[] seq = h.endpointValue("sequence");
      float[] pooled = h.endpointValue("pooled");
      float[] k = h.variable("model/pooler/kernel");
      float[] bias = h.variable("model/pooler/bias");
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < D; j++) {
          double z = bias[j];
          for (int i = 0; i < D; i++) z += seq[b * T * D + i] * k[i * D + j];
          assertThat(pooled[b * D + j]).isCloseTo((float) Math.tanh(z), within(1e-5f));
        }
      }
    }
  }

  @Test
  void meanPoolingAveragesRealTokensOnly() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "pooling", "mean"));
      float[] seq = h.endpointValue("sequence");
      float[] pooled = h.endpointValue("pooled");
      int[] real = {6, 8};
      for (int b = 0; b < B; b++) {
        for (int d = 0; d < D; d++) {
          double sum = 0;
          for (int t = 0; t < real[b]; t++) sum += seq[(b * T + t) * D + d];
          assertThat(pooled[b * D + d]).isCloseTo((float) (sum / real[b]), within(1e-5f));
        }
      }
    }
  }

  @Test
  void segmentEmbeddingsReadTheSegmentField() {
    float[] same;
    float[] other;
    int[] flipped = SEGMENTS.clone();
    for (int i = 0; i < flipped.length; i++) flipped[i] = 1 - flipped[i];
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T)
          .inputInts(TransformerEncoderModel.SEGMENT_IDS, SEGMENTS, B, T)
          .model(model("classes", 3, "segment_embeddings", 2));
      same = h.endpointValue("sequence");
      assertThat(h.variable("model/segment/table")).hasSize(2 * D);
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T)
          .inputInts(TransformerEncoderModel.SEGMENT_IDS, flipped, B, T)
          .model(model("classes", 3, "segment_embeddings", 2));
      other = h.endpointValue("sequence");
    }
    assertThat(other[0]).isNotCloseTo(same[0], within(1e-6f));
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "segment_embeddings", 2));
      assertThatThrownBy(() -> h.endpointValue("sequence"))
          .hasMessageContaining("segment_embeddings 2 needs the data to provide segment_ids")
          .hasMessageContaining("tokens");
    }
  }

  @Test
  void maxLengthSizesThePositionTable() {
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "max_length", 32));
      assertThat(h.endpointValue("logits")).hasSize(B * 3);
      assertThat(h.variable("model/position/table")).hasSize(32 * D);
    }
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", TOKENS, B, T).model(model("classes", 3, "max_length", 4));
      assertThatThrownBy(() -> h.endpointValue("logits"))
          .hasMessageContaining(
              "max_length must be 0 or at least the tokens input's length 8, found 4");
    }
  }

  @Test
  void invalidParametersAreReportedTogether() {
    assertThatThrownBy(() -> model("task", "tag", "dim", 10, "heads", 4))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 configuration errors")
        .hasMessageContaining("tags: must be >= 1 for task tag, found 0")
        .hasMessageContaining("dim: must be a multiple of heads (4), found 10");
    assertThatThrownBy(() -> model("tags", 5, "pooling", "max", "norm", "mid"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pooling: must be one of [cls, mean], found 'max'")
        .hasMessageContaining("norm: must be one of [post, pre], found 'mid'");
  }
}
