package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.BertMasking;
import dev.auxloss.nlp.text.SpecialTokens;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class MaskedLmLossTest {
  static final int V = 50;

  /**
   * A model without variables whose logits are 3·one_hot(input token): the MLM target is visible
   * only if unmasked.
   */
  static final ModelFn ECHO =
      ctx -> {
        Ops tf = ctx.tf();
        Operand<TInt32> tokens = ctx.input("tokens", TInt32.class);
        ctx.publish(
            "lm/logits",
            tf.math.mul(
                tf.oneHot(tokens, tf.constant(V), tf.constant(1f), tf.constant(0f)),
                tf.constant(3f)));
      };

  @Test
  void maskingFollowsBertProportionsAndNeverTouchesPaddingOrSpecials() {
    int b = 64;
    int t = 64;
    int[] tokens = new int[b * t];
    float[] mask = new float[b * t];
    Random r = new Random(1);
    for (int i = 0; i < b; i++) {
      int len = 8 + r.nextInt(t - 8);
      for (int j = 0; j < len; j++) {
        tokens[i * t + j] =
            j == 0 ? SpecialTokens.BOS : j == len - 1 ? SpecialTokens.EOS : 5 + r.nextInt(V - 5);
        mask[i * t + j] = 1;
      }
    }
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      BertMasking.Result res =
          new BertMasking(0.15, 0.8, 0.1)
              .apply(
                  tf,
                  tf.constant(
                      org.tensorflow.ndarray.Shape.of(b, t),
                      org.tensorflow.ndarray.buffer.DataBuffers.of(tokens)),
                  tf.constant(
                      org.tensorflow.ndarray.Shape.of(b, t),
                      org.tensorflow.ndarray.buffer.DataBuffers.of(mask)),
                  V,
                  7,
                  1);
      // one run for both: the random ops draw anew on every run
      float[] both =
          h.fetch(
              tf.stack(
                  java.util.List.of(tf.dtypes.cast(res.tokens(), TFloat32.class), res.selected())));
      float[] out = java.util.Arrays.copyOfRange(both, 0, b * t);
      float[] sel = java.util.Arrays.copyOfRange(both, b * t, 2 * b * t);
      int eligible = 0;
      int selected = 0;
      int masked = 0;
      int same = 0;
      for (int i = 0; i < b * t; i++) {
        boolean regular = mask[i] == 1 && tokens[i] >= SpecialTokens.COUNT;
        if (regular) eligible++;
        if (!regular) {
          assertThat(sel[i]).isZero();
          assertThat((int) out[i]).isEqualTo(tokens[i]);
          continue;
        }
        if (sel[i] == 0) {
          assertThat((int) out[i]).isEqualTo(tokens[i]);
          continue;
        }
        selected++;
        if ((int) out[i] == SpecialTokens.MASK) masked++;
        else if ((int) out[i] == tokens[i]) same++;
        else assertThat((int) out[i]).isBetween(SpecialTokens.COUNT, V - 1);
      }
      assertThat(selected / (double) eligible).isCloseTo(0.15, within(0.02));
      assertThat(masked / (double) selected).isCloseTo(0.8, within(0.05));
      assertThat(same / (double) selected).isCloseTo(0.1 + 0.1 / (V - 5), within(0.04));
    }
  }

  @Test
  void deterministicCoreAppliesTheRulesToGivenDraws() {
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      BertMasking m = new BertMasking(0.5, 0.8, 0.1);
      BertMasking.Result res =
          m.corrupt(
              tf,
              tf.constant(new int[][] {{3, 10, 11, 12, 13, 4, 0}}),
              tf.constant(new float[][] {{1, 1, 1, 1, 1, 1, 0}}),
              tf.constant(new float[][] {{0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f}}),
              tf.constant(new float[][] {{0f, 0.5f, 0.85f, 0.95f, 0f, 0f, 0f}}),
              tf.constant(new int[][] {{20, 21, 22, 23, 24, 25, 26}}));
      assertThat(h.fetch(tf.dtypes.cast(res.tokens(), TFloat32.class)))
          .containsExactly(3, 2, 22, 12, 13, 4, 0);
      assertThat(h.fetch(res.selected())).containsExactly(0, 1, 1, 1, 0, 0, 0);
    }
  }

  @Test
  void fullLossScoresOnlySelectedPositionsOfTheSecondPass() {
    // mask_prob 1 and every selected token → [MASK]: the echo model sees only MASK there
    AuxLoss loss =
        MaskedLmLoss.FACTORY.create(
            Params.of("mask_prob", 1.0, "mask_token_share", 1.0, "random_token_share", 0.0));
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", new int[] {3, 10, 11, 4, 0, 3, 12, 13, 14, 4}, 2, 5)
          .input("token_mask", new float[] {1, 1, 1, 1, 0, 1, 1, 1, 1, 1}, 2, 5)
          .model(ECHO);
      double expected = Math.log(Math.exp(3) + V - 1); // target logit 0, MASK logit 3
      assertThat(h.value(loss)).isCloseTo((float) expected, within(1e-5f));
    }
    // without corruption (random share 0, mask share 0) the echo model is right: log(e³ + V − 1) −
    // 3
    AuxLoss keep =
        MaskedLmLoss.FACTORY.create(
            Params.of("mask_prob", 1.0, "mask_token_share", 0.0, "random_token_share", 0.0));
    try (LossHarness h = new LossHarness()) {
      h.inputInts("tokens", new int[] {3, 10, 11, 4, 0}, 1, 5)
          .input("token_mask", new float[] {1, 1, 1, 1, 0}, 1, 5)
          .model(ECHO);
      assertThat(h.value(keep))
          .isCloseTo((float) (Math.log(Math.exp(3) + V - 1) - 3), within(1e-5f));
    }
  }

  @Test
  void maskedCrossEntropyMatchesJavaAndFiniteDifferences() {
    int b = 2;
    int t = 3;
    int v = 5;
    float[] logits = Ref.random(21, b * t * v, 1);
    int[] targets = {1, 2, 3, 4, 0, 1};
    float[] selected = {1, 0, 1, 0, 0, 1};
    AuxLoss core =
        ctx ->
            MaskedLmLoss.maskedCrossEntropy(
                ctx.tf(),
                ctx.endpoint("logits"),
                ctx.label("targets", TInt32.class),
                ctx.input("selected", TFloat32.class));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", logits, b, t, v)
          .label("targets", targets, b, t)
          .labelFloats("selected", selected, b, t);
      double expected =
          (Ref.crossEntropy(logits, 0, v, 1)
                  + Ref.crossEntropy(logits, 2, v, 3)
                  + Ref.crossEntropy(logits, 5, v, 1))
              / 3;
      assertThat(h.value(core)).isCloseTo((float) expected, within(1e-5f));
      h.assertGradientMatches(core, "logits", 1e-2);
    }
  }

  @Test
  void sharesMustAddUpAndProbabilityMustBePositive() {
    // each parameter's own rule first, all of them together...
    assertThatThrownBy(
            () -> FromConfig.loss(MaskedLmLoss.FACTORY, "mask_prob", 0.0, "mask_token_share", 1.2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mask_prob: must be in (0, 1], found 0.0")
        .hasMessageContaining("mask_token_share: must be in [0, 1], found 1.2");
    // ...then the rule across them
    assertThatThrownBy(
            () ->
                FromConfig.loss(
                    MaskedLmLoss.FACTORY, "mask_token_share", 0.9, "random_token_share", 0.2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("random_token_share: plus mask_token_share must be <= 1, found 1.1");
  }

  @Test
  void defaultsAreBertsFifteenPercentSelectedEightyTenTen() {
    // Devlin et al. 2019, §3.1: 15 % of the tokens; of those 80 % [MASK], 10 % random, 10 %
    // unchanged
    MaskedLmLoss.Config d = MaskedLmLoss.Config.DEFAULTS;
    assertThat(d.maskProb()).isEqualTo(0.15);
    assertThat(d.maskTokenShare()).isEqualTo(0.8);
    assertThat(d.randomTokenShare()).isEqualTo(0.1);
    assertThat(d.masking()).isEqualTo(new BertMasking(0.15, 0.8, 0.1));
    assertThat(((MaskedLmLoss) MaskedLmLoss.FACTORY.create(Params.empty())).config()).isEqualTo(d);
    assertThat(MaskedLmLoss.FACTORY.descriptor().defaultWeight())
        .isEqualTo(1.0); // MLM + NSP, unweighted
  }
}
