package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MultiTokenPredictionLossTest {
  static final int B = 2;
  static final int T = 6;
  static final int V = 9;
  static final int D = 4;
  static final int[] TOKENS = {3, 5, 6, 7, 4, 0, 3, 8, 7, 6, 5, 4};
  static final float[] MASK = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};

  private static LossHarness fed(LossHarness h, float[] outW) {
    return h.inputInts("tokens", TOKENS, B, T)
        .input("token_mask", MASK, B, T)
        .input("hidden", Ref.random(11, B * T * D, 1), B, T, D)
        .input("table", Ref.random(12, V * D, 1), V, D)
        .input("out_w", outW, D, V)
        .input("out_b", new float[V], V)
        .model(
            LossHarness.publish(
                "tokens/hidden",
                "hidden",
                "tokens/embedding_table",
                "table",
                "lm/output_weights",
                "out_w",
                "lm/output_bias",
                "out_b"));
  }

  @Test
  void zeroOutputHeadGivesLogVAtEveryDepth() {
    for (int depth : new int[] {1, 3}) {
      AuxLoss loss = MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", depth, "heads", 2));
      try (LossHarness h = fed(new LossHarness(), new float[D * V])) {
        assertThat(h.value(loss)).isCloseTo((float) Math.log(V), within(1e-5f));
      }
    }
  }

  @Test
  void valueMatchesAPlainJavaForwardPassOfTheModules() {
    // random hidden states, embeddings and head, the modules' own initial weights read back: every
    // depth's value depends on which token is embedded and which is the target
    float[] hidden = Ref.random(11, B * T * D, 1);
    float[] table = Ref.random(12, V * D, 1);
    float[] outW = Ref.random(15, D * V, 1);
    for (int depth : new int[] {1, 2}) {
      AuxLoss loss = MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", depth, "heads", 2));
      try (LossHarness h = fed(new LossHarness(), outW)) {
        float value = h.value(loss);
        double expected = javaMtp(h, hidden, table, outW, depth, 1);
        assertThat(value).as("depth %d", depth).isCloseTo((float) expected, within(1e-4f));
        // the check can tell the paper's target t_{i+k+1} from its neighbour t_{i+k}
        assertThat(Math.abs(javaMtp(h, hidden, table, outW, depth, 0) - expected))
            .isGreaterThan(1e-2);
      }
    }
  }

  /**
   * DeepSeek-V3 §2.2 in plain Java, no dropout: module k merges LN(h^{k−1}_i) with LN(Emb(t_{i+k}))
   * (LayerNorm is the implementation's documented stand-in for RMSNorm), projects, runs its causal
   * block and final norm, and the shared head predicts t_{i+k+targetShift}; the paper's shift is 1.
   * The CE is averaged over real targets, then over depths.
   */
  private static double javaMtp(
      LossHarness h, float[] hidden, float[] table, float[] outW, int depth, int targetShift) {
    float[] outB = new float[V];
    double total = 0;
    float[][] prev = new float[B][];
    for (int b = 0; b < B; b++) prev[b] = Arrays.copyOfRange(hidden, b * T * D, (b + 1) * T * D);
    for (int k = 1; k <= depth; k++) {
      String p = "depth" + k + "/";
      Map<String, float[]> read = new HashMap<>();
      Function<String, float[]> var = n -> read.computeIfAbsent(p + n, name -> h.variable(name));
      Function<String, float[]> blockVar = n -> var.apply("block/" + n);
      int len = T - k;
      double sum = 0;
      double count = 0;
      for (int b = 0; b < B; b++) {
        float[] emb = new float[len * D];
        float[] keyMask = new float[len];
        for (int i = 0; i < len; i++) {
          System.arraycopy(table, TOKENS[b * T + i + k] * D, emb, i * D, D);
          keyMask[i] = MASK[b * T + i + k];
        }
        float[] state =
            Ref.layerNorm(prev[b], len, D, var.apply("norm_h/gamma"), var.apply("norm_h/beta"));
        float[] normEmb =
            Ref.layerNorm(emb, len, D, var.apply("norm_e/gamma"), var.apply("norm_e/beta"));
        float[] merged = new float[len * 2 * D];
        for (int i = 0; i < len; i++) {
          System.arraycopy(state, i * D, merged, i * 2 * D, D);
          System.arraycopy(normEmb, i * D, merged, i * 2 * D + D, D);
        }
        float[] x =
            Ref.dense(merged, len, 2 * D, var.apply("proj/kernel"), var.apply("proj/bias"), D);
        float[] hk = TransformerRef.causalBlock(x, len, D, 2, 4 * D, keyMask, blockVar);
        hk = Ref.layerNorm(hk, len, D, var.apply("final_norm/gamma"), var.apply("final_norm/beta"));
        float[] logits = Ref.dense(hk, len, D, outW, outB, V);
        for (int i = 0; i + k + targetShift < T && i < len; i++) {
          int target = b * T + i + k + targetShift;
          sum += MASK[target] * Ref.crossEntropy(logits, i, V, TOKENS[target]);
          count += MASK[target];
        }
        prev[b] = hk;
      }
      total += sum / count;
    }
    return total / depth;
  }

  @Test
  void gradientsMatchFiniteDifferencesThroughHiddenEmbeddingsAndHead() {
    AuxLoss loss = MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", 2, "heads", 2));
    try (LossHarness h = fed(new LossHarness(), Ref.random(13, D * V, 0.5))) {
      h.assertGradientMatches(loss, "hidden", 2e-2);
      h.assertGradientMatches(loss, "out_w", 2e-2);
      h.assertGradientMatches(loss, "table", 2e-2);
    }
  }

  @Test
  void depthOneNeverUsesTheHiddenStateOfTheLastTwoPositions() {
    // module 1 combines h_i with Emb(t_{i+1}) and predicts t_{i+2}: h_{T-2} and h_{T-1} have no
    // target
    AuxLoss loss = MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", 1, "heads", 2));
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
    assertThat(MultiTokenPredictionLoss.FACTORY.descriptor().defaultWeight()).isEqualTo(0.3);
    assertThatThrownBy(() -> MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("depth: must be >= 1, found 0");
    AuxLoss tooDeep = MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", 5, "heads", 2));
    try (LossHarness h = fed(new LossHarness(), new float[D * V])) {
      assertThatThrownBy(() -> h.value(tooDeep))
          .hasMessage("nlp.mtp depth 5 leaves no target in sequences of length 6");
    }
  }
}
