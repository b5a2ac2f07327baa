package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.model.TextLmModel;
import dev.auxloss.nlp.text.SpecialTokens;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

class ElectraRtdLossTest {
  private static final AuxLoss DISC =
      ctx ->
          ElectraRtdLoss.discriminatorLoss(
              ctx.tf(),
              ctx.endpoint("logits"),
              ctx.input("replaced", TFloat32.class),
              ctx.input("token_mask", TFloat32.class));

  static final int B = 4;
  static final int T = 10;
  static final int V = 30;

  /** BOS, regular ids, EOS, then padding; row i is i tokens shorter. */
  static int[] tokens() {
    int[] tokens = new int[B * T];
    for (int i = 0; i < B; i++) {
      for (int j = 0; j < T - i; j++) {
        tokens[i * T + j] = j == 0 ? 3 : j == T - i - 1 ? 4 : 5 + (i * 7 + j * 3) % (V - 5);
      }
    }
    return tokens;
  }

  static float[] mask() {
    float[] mask = new float[B * T];
    for (int i = 0; i < B; i++) {
      for (int j = 0; j < T - i; j++) mask[i * T + j] = 1;
    }
    return mask;
  }

  private static LossHarness fed(LossHarness h) {
    var model =
        TextLmModel.FACTORY.create(
            Params.of(
                "vocab_size",
                V,
                "dim",
                16,
                "heads",
                2,
                "ff_dim",
                32,
                "attention",
                "bidirectional"));
    return h.inputInts("tokens", tokens(), B, T).input("token_mask", mask(), B, T).model(model);
  }

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
      h.endpoint("logits", logits, 2, 3)
          .input("replaced", replaced, 2, 3)
          .input("token_mask", mask, 2, 3);
      assertThat(h.value(DISC)).isCloseTo((float) (expected / 5), within(1e-5f));
      h.assertGradientMatches(DISC, "logits", 1e-2);
    }
  }

  @Test
  void fullLossIsGeneratorMlmPlusFiftyTimesDiscriminatorOnOneRunsDraws() {
    // The term draws its masks and samples anew on every run, so everything is fetched in ONE run
    // (one concatenated fetch) and L_gen + 50·L_disc is recomputed in Java from those draws.
    Recorder rec = new Recorder();
    AuxLoss electra = ElectraRtdLoss.FACTORY.create(Params.empty()); // the paper's λ = 50, 15 %
    AuxLoss recorded = ctx -> electra.build(rec.wrap(ctx));
    int[] tokens = tokens();
    float[] mask = mask();
    try (LossHarness h = fed(new LossHarness())) {
      Ops tf = h.tf();
      Operand<TFloat32> loss = h.build(recorded);
      // corrupted = select(selected > 0, sampled, tokens): what the discriminator pass was fed
      GraphOperation select = op(rec.corrupted, "SelectV2", "Select");
      Operand<?> selected = op(select.inputs().get(0), "Greater").inputs().get(0);
      Operand<?> sampled = select.inputs().get(1);
      // sampled = reshape(multinomial(stopGradient(reshape(generator logits, [B·T, V]))))
      GraphOperation multinomial = op(op(sampled, "Reshape").inputs().get(0), "Multinomial");
      Operand<?> genLogits = multinomial.inputs().get(0);
      float[] all =
          h.fetch(
              tf.concat(
                  List.of(
                      tf.reshape(loss, tf.constant(new int[] {1})),
                      flat(tf, selected),
                      flat(tf, rec.corrupted),
                      flat(tf, sampled),
                      flat(tf, genLogits),
                      flat(tf, rec.hidden)),
                  tf.constant(0)));
      int at = 0;
      float value = all[at++];
      float[] sel = Arrays.copyOfRange(all, at, at += B * T);
      float[] corrupted = Arrays.copyOfRange(all, at, at += B * T);
      float[] samples = Arrays.copyOfRange(all, at, at += B * T);
      float[] gen = Arrays.copyOfRange(all, at, at += B * T * V);
      int d = 16;
      float[] hidden = Arrays.copyOfRange(all, at, at += B * T * d);
      assertThat(at).isEqualTo(all.length);

      // the draws are what the paper describes: only real, regular tokens selected; replaced by the
      // sample
      int nSelected = 0;
      int nReplaced = 0;
      for (int i = 0; i < B * T; i++) {
        if (sel[i] == 1) {
          nSelected++;
          assertThat(mask[i]).isEqualTo(1);
          assertThat(tokens[i]).isGreaterThanOrEqualTo(SpecialTokens.COUNT);
          assertThat(corrupted[i]).isEqualTo(samples[i]);
        } else {
          assertThat(sel[i]).isZero();
          assertThat(corrupted[i]).isEqualTo(tokens[i]);
        }
        if (corrupted[i] != tokens[i]) nReplaced++;
      }
      assertThat(nSelected).isPositive();
      assertThat(nReplaced).isPositive();

      // L_gen: mean generator CE against the original token at the selected positions
      double genSum = 0;
      for (int i = 0; i < B * T; i++)
        if (sel[i] == 1) genSum += Ref.crossEntropy(gen, i, V, tokens[i]);
      double lGen = genSum / nSelected;

      // L_disc: the train-only head (dense GELU + dense to one logit) on the corrupted pass's
      // hidden
      // states, BCE against "replaced" (sample ≠ original) over every real token
      float[] w1 = h.variable("discriminator/hidden/kernel");
      float[] b1 = h.variable("discriminator/hidden/bias");
      float[] w2 = h.variable("discriminator/out/kernel");
      float[] b2 = h.variable("discriminator/out/bias");
      float[] logits =
          Ref.dense(Ref.gelu(Ref.dense(hidden, B * T, d, w1, b1, d)), B * T, d, w2, b2, 1);
      double discSum = 0;
      double real = 0;
      for (int i = 0; i < B * T; i++) {
        discSum += mask[i] * Ref.bce(logits[i], corrupted[i] != tokens[i] ? 1 : 0);
        real += mask[i];
      }
      double lDisc = discSum / real;

      assertThat(value).isCloseTo((float) (lGen + 50 * lDisc), within(1e-3f));
      // the generator at initialisation is near uniform: its MLM loss is about log V
      assertThat(lGen).isCloseTo(Math.log(V), within(0.5));
    }
  }

  @Test
  void withoutTheDiscriminatorTheValueIsTheGeneratorsMlmLossNearLogV() {
    AuxLoss noDisc = ElectraRtdLoss.FACTORY.create(Params.of("mask_prob", 0.3, "lambda", 0.0));
    try (LossHarness h = fed(new LossHarness())) {
      assertThat(h.value(noDisc)).isBetween((float) (Math.log(V) - 1), (float) (Math.log(V) + 1));
    }
  }

  @Test
  void defaultsAreThePapers() {
    // Clark et al. 2020: λ = 50, 15 % masked (all to [MASK] for the generator), generator ¼ of the
    // width
    ElectraRtdLoss.Config d = ElectraRtdLoss.Config.DEFAULTS;
    assertThat(d.lambda()).isEqualTo(50.0);
    assertThat(d.maskProb()).isEqualTo(0.15);
    assertThat(d.maskTokenShare()).isEqualTo(1.0);
    assertThat(d.generatorDim()).isZero();
    assertThat(((ElectraRtdLoss) ElectraRtdLoss.FACTORY.create(Params.empty())).config())
        .isEqualTo(d);
    assertThat(ElectraRtdLoss.FACTORY.descriptor().defaultWeight()).isEqualTo(1.0);
  }

  @Test
  void theGeneratorWidthMustSplitIntoItsHeads() {
    assertThatThrownBy(
            () ->
                FromConfig.loss(ElectraRtdLoss.FACTORY, "generator_dim", 10, "generator_heads", 4))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "1 configuration error:\n  generator_dim: must be a multiple of generator_heads (4), found 10");
    assertThatThrownBy(
            () -> FromConfig.loss(ElectraRtdLoss.FACTORY, "generator_heads", 0, "lamda", 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("generator_heads: must be >= 1, found 0")
        .hasMessageContaining("unknown parameter 'lamda'; did you mean 'lambda'?");
  }

  /** google-research/electra writes [MASK] at 85 % of the selected positions: a parameter away. */
  @Test
  void maskTokenShareReproducesTheReleasedCodesMasking() {
    ElectraRtdLoss.Config c =
        ((ElectraRtdLoss) ElectraRtdLoss.FACTORY.create(Params.of("mask_token_share", 0.85)))
            .config();
    assertThat(c.maskTokenShare()).isEqualTo(0.85);
    assertThat(c)
        .isEqualTo(
            new ElectraRtdLoss.Config(
                "tokens/hidden",
                "tokens/embedding_table",
                "tokens",
                "token_mask",
                0.15,
                0.85,
                50.0,
                0,
                2));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ElectraRtdLoss.FACTORY.create(Params.of("mask_token_share", 1.5)))
        .hasMessageContaining("mask_token_share")
        .hasMessageContaining("1.5");
    // it builds and runs; the generator still scores every selected position (about log V at init)
    AuxLoss genOnly =
        ElectraRtdLoss.FACTORY.create(
            Params.of("mask_prob", 0.3, "mask_token_share", 0.85, "lambda", 0.0));
    try (LossHarness h = fed(new LossHarness())) {
      assertThat(h.value(genOnly)).isBetween((float) (Math.log(V) - 1), (float) (Math.log(V) + 1));
    }
  }

  private static GraphOperation op(Operand<?> o, String... types) {
    GraphOperation g = (GraphOperation) o.op();
    assertThat(g.type()).as("op feeding the term's %s", o).isIn((Object[]) types);
    return g;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> flat(Ops tf, Operand<?> x) {
    Operand<TFloat32> f =
        x.type() == TFloat32.class
            ? (Operand<TFloat32>) x
            : tf.dtypes.cast((Operand<TInt32>) x, TFloat32.class);
    return tf.reshape(f, tf.constant(new int[] {-1}));
  }

  /**
   * Passes every call through and keeps what the term hands to, and reads from, its second model
   * pass.
   */
  static final class Recorder {
    Operand<TInt32> corrupted;
    Operand<TFloat32> hidden;

    LossContext wrap(LossContext c) {
      return new LossContext() {
        @Override
        public Ops tf() {
          return c.tf();
        }

        @Override
        public String termName() {
          return c.termName();
        }

        @Override
        public Operand<TFloat32> endpoint(String name) {
          return c.endpoint(name);
        }

        @Override
        public <T extends TType> Operand<T> endpoint(String name, Class<T> type) {
          return c.endpoint(name, type);
        }

        @Override
        public List<Operand<TFloat32>> endpointGroup(String prefix) {
          return c.endpointGroup(prefix);
        }

        @Override
        public Set<String> endpointNames() {
          return c.endpointNames();
        }

        @Override
        public <T extends TType> Operand<T> label(String name, Class<T> type) {
          return c.label(name, type);
        }

        @Override
        public <T extends TType> Operand<T> input(String name, Class<T> type) {
          return c.input(name, type);
        }

        @Override
        public Operand<TFloat32> labelMask() {
          return c.labelMask();
        }

        @Override
        public Operand<TInt64> globalStep() {
          return c.globalStep();
        }

        @Override
        public boolean training() {
          return c.training();
        }

        @Override
        public Layers layers() {
          return c.layers();
        }

        @Override
        public long seed() {
          return c.seed();
        }

        @Override
        @SuppressWarnings("unchecked")
        public ModelPass runModel(String inputName, Operand<?> replacement) {
          corrupted = (Operand<TInt32>) replacement;
          ModelPass pass = c.runModel(inputName, replacement);
          return new ModelPass() {
            @Override
            public Operand<TFloat32> endpoint(String name) {
              Operand<TFloat32> e = pass.endpoint(name);
              if (name.equals("tokens/hidden")) hidden = e;
              return e;
            }

            @Override
            public Set<String> endpointNames() {
              return pass.endpointNames();
            }
          };
        }
      };
    }
  }
}
