package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** nlp.simcse and nlp.sentence_order. */
class SentenceLossesTest {
  static final int B = 3;
  static final int D = 4;

  /** InfoNCE in plain Java for views z1, z2 [B,D]. */
  static double infoNce(float[] z1, float[] z2, double tau) {
    double total = 0;
    for (int i = 0; i < B; i++) {
      float[] sims = new float[B];
      for (int j = 0; j < B; j++) sims[j] = (float) (cos(z1, i, z2, j) / tau);
      total += Ref.logSumExp(sims, 0, B) - sims[i];
    }
    return total / B;
  }

  static double cos(float[] a, int i, float[] b, int j) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < D; k++) {
      dot += a[i * D + k] * b[j * D + k];
      na += a[i * D + k] * a[i * D + k];
      nb += b[j * D + k] * b[j * D + k];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void infoNceMatchesJavaAndFiniteDifferences() {
    float[] z1 = Ref.random(31, B * D, 1);
    float[] z2 = Ref.random(32, B * D, 1);
    AuxLoss core =
        ctx ->
            SimCseLoss.infoNce(
                ctx.tf(),
                ctx.endpoint("z1"),
                ctx.endpoint("z2"),
                0.5,
                ctx.input("w", TFloat32.class));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("z1", z1, B, D).endpoint("z2", z2, B, D).input("w", new float[] {1, 1, 1}, B);
      assertThat(h.value(core)).isCloseTo((float) infoNce(z1, z2, 0.5), within(1e-5f));
      h.assertGradientMatches(core, "z1", 1e-2);
      h.assertGradientMatches(core, "z2", 1e-2);
    }
  }

  @Test
  void infoNceDocExample() {
    AuxLoss core =
        ctx ->
            SimCseLoss.infoNce(
                ctx.tf(),
                ctx.endpoint("z1"),
                ctx.endpoint("z2"),
                1.0,
                ctx.input("w", TFloat32.class));
    try (LossHarness h = new LossHarness()) {
      float[] views = {1, 0, 0, 1};
      h.endpoint("z1", views, 2, 2).endpoint("z2", views, 2, 2).input("w", new float[] {1, 1}, 2);
      assertThat(h.value(core)).isCloseTo(0.3133f, within(1e-4f));
    }
  }

  /**
   * A model without variables: the sentence embedding is the fed features, so both views coincide.
   */
  static final ModelFn FEATURES =
      ctx ->
          ctx.publish(
              "sentence/embedding", ctx.tf().identity(ctx.input("features", TFloat32.class)));

  @Test
  void fullSimCseRunsTheSecondPassAndSkipsEmptySentences() {
    float[] features = Ref.random(33, B * D, 1);
    float[] mask = {1, 1, 0, 1, 0, 0, 0, 0, 0}; // the third sentence is empty
    AuxLoss loss = SimCseLoss.FACTORY.create(Params.of("mlp", false, "temperature", 0.5));
    try (LossHarness h = new LossHarness()) {
      h.input("features", features, B, D)
          .inputInts("tokens", new int[9], B, 3)
          .input("token_mask", mask, B, 3)
          .model(FEATURES);
      double expected = 0;
      for (int i = 0; i < 2; i++) {
        float[] sims = new float[B];
        for (int j = 0; j < B; j++) sims[j] = (float) (cos(features, i, features, j) / 0.5);
        expected += Ref.logSumExp(sims, 0, B) - sims[i];
      }
      assertThat(h.value(loss)).isCloseTo((float) (expected / 2), within(1e-5f));
      h.assertGradientMatches(loss, "features", 1e-2);
    }
    AuxLoss withMlp = SimCseLoss.FACTORY.create(Params.of("temperature", 0.5));
    try (LossHarness h = new LossHarness()) {
      h.input("features", features, B, D)
          .inputInts("tokens", new int[9], B, 3)
          .input("token_mask", mask, B, 3)
          .model(FEATURES);
      h.assertGradientMatches(withMlp, "features", 1e-2);
    }
  }

  @Test
  void swapPutsTheSecondHalfFirstAndKeepsBosEosAndPadding() {
    SentenceOrderLoss sop = (SentenceOrderLoss) SentenceOrderLoss.FACTORY.create(Params.empty());
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      SentenceOrderLoss.Swap s =
          sop.swap(
              tf,
              tf.constant(
                  new int[][] {
                    {3, 10, 11, 12, 13, 4, 0}, {3, 10, 11, 12, 4, 0, 0}, {3, 10, 4, 0, 0, 0, 0}
                  }),
              tf.constant(
                  new float[][] {
                    {1, 1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 0, 0, 0, 0}
                  }));
      assertThat(h.fetch(tf.dtypes.cast(s.tokens(), TFloat32.class)))
          .containsExactly(3, 12, 13, 10, 11, 4, 0, 3, 11, 12, 10, 4, 0, 0, 3, 10, 4, 0, 0, 0, 0);
      assertThat(h.fetch(s.valid())).containsExactly(1, 1, 0);
    }
  }

  @Test
  void orderLossMatchesJavaAndFiniteDifferences() {
    float[] inOrder = {1.5f, -0.5f, 0.3f};
    float[] swapped = {-1f, 0.2f, 2f};
    float[] valid = {1, 1, 0};
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      expected += -Math.log(1 / (1 + Math.exp(-inOrder[i]))) / 2;
      expected += -Math.log(1 - 1 / (1 + Math.exp(-swapped[i]))) / 2;
    }
    AuxLoss core =
        ctx ->
            SentenceOrderLoss.orderLoss(
                ctx.tf(), ctx.endpoint("a"), ctx.endpoint("b"), ctx.input("valid", TFloat32.class));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("a", inOrder, 3).endpoint("b", swapped, 3).input("valid", valid, 3);
      assertThat(h.value(core)).isCloseTo((float) (expected / 2), within(1e-5f));
      h.assertGradientMatches(core, "a", 1e-2);
      h.assertGradientMatches(core, "b", 1e-2);
    }
  }

  /**
   * Embedding = features ⊙ Σ_t (t+1)·one_hot(token_t): order-sensitive, differentiable in the
   * features.
   */
  static final ModelFn ORDERED =
      ctx -> {
        Ops tf = ctx.tf();
        Operand<TInt32> tokens = ctx.input("tokens", TInt32.class);
        Operand<TFloat32> hot = tf.oneHot(tokens, tf.constant(D), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> pos = tf.constant(new float[][] {{1}, {2}, {3}, {4}, {5}});
        Operand<TFloat32> bag = tf.reduceSum(tf.math.mul(hot, pos), tf.constant(1));
        ctx.publish("sentence/embedding", tf.math.mul(bag, ctx.input("features", TFloat32.class)));
      };

  @Test
  void fullSentenceOrderMatchesJavaOnBothPassesAndHasAGradient() {
    int[] tokens = {0, 1, 2, 3, 0, 0, 3, 2, 1, 0, 0, 1, 0, 0, 0};
    float[] mask = {1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0};
    float[] features = Ref.random(34, B * D, 0.5);
    // no fixed ends (every row valid), then ALBERT-style fixed BOS/EOS (the 2-token row is skipped)
    for (int fixed : new int[] {0, 1}) {
      AuxLoss loss =
          SentenceOrderLoss.FACTORY.create(Params.of("fixed_prefix", fixed, "fixed_suffix", fixed));
      try (LossHarness h = new LossHarness()) {
        h.inputInts("tokens", tokens, B, 5)
            .input("token_mask", mask, B, 5)
            .input("features", features, B, D)
            .model(ORDERED);
        float value = h.value(loss);
        float[] w = h.variable("head/kernel");
        float[] bias = h.variable("head/bias");
        double pos = 0;
        double neg = 0;
        int valid = 0;
        for (int b = 0; b < B; b++) {
          int[] row = Arrays.copyOfRange(tokens, b * 5, b * 5 + 5);
          int len = 0;
          for (int t = 0; t < 5; t++) len += (int) mask[b * 5 + t];
          int n = len - 2 * fixed;
          if (n < 2) continue; // fewer than two real pieces: nothing to swap
          valid++;
          // A = the first ⌊n/2⌋ movable tokens, B = the rest: "fixed A B fixed pad" → "fixed B A
          // fixed pad"
          int[] swapped = row.clone();
          int cut = fixed + n / 2;
          int w0 = fixed;
          for (int t = cut; t < fixed + n; t++) swapped[w0++] = row[t];
          for (int t = fixed; t < cut; t++) swapped[w0++] = row[t];
          pos += Ref.bce(headLogit(row, features, b, w, bias), 1);
          neg += Ref.bce(headLogit(swapped, features, b, w, bias), 0);
        }
        assertThat(valid).isEqualTo(fixed == 0 ? 3 : 2);
        assertThat(value)
            .as("fixed ends %d", fixed)
            .isCloseTo((float) ((pos / valid + neg / valid) / 2), within(1e-5f));
        h.assertGradientMatches(loss, "features", 1e-2);
      }
    }
  }

  /** The logistic head on the {@link #ORDERED} embedding of one row of tokens (length 5). */
  private static double headLogit(int[] row, float[] features, int b, float[] w, float[] bias) {
    double logit = bias[0];
    for (int c = 0; c < D; c++) {
      double bag = 0;
      for (int t = 0; t < row.length; t++) if (row[t] == c) bag += t + 1;
      logit += bag * features[b * D + c] * w[c];
    }
    return logit;
  }

  @Test
  void simCseDefaultsAreThePapers() {
    // Gao et al. 2021: τ = 0.05, MLP over the representation during training
    assertThat(SimCseLoss.Config.DEFAULTS.temperature()).isEqualTo(0.05);
    assertThat(SimCseLoss.Config.DEFAULTS.mlp()).isTrue();
    assertThat(((SimCseLoss) SimCseLoss.FACTORY.create(Params.empty())).config())
        .isEqualTo(SimCseLoss.Config.DEFAULTS);
  }
}
