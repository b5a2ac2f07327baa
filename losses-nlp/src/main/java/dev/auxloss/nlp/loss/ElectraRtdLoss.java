package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.internal.BertMasking;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import dev.auxloss.nlp.model.AttentionMask;
import dev.auxloss.nlp.model.SeqLayers;
import dev.auxloss.nlp.model.TransformerBlock;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.Multinomial;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.electra_rtd}: ELECTRA's replaced-token detection as an auxiliary (Clark, Luong, Le
 * &amp; Manning 2020, "ELECTRA: Pre-training Text Encoders as Discriminators Rather Than
 * Generators", ICLR).
 *
 * <ol>
 *   <li>15 % of the real, non-special tokens are selected and written as {@code [MASK]} (a share
 *       {@code mask_token_share} of them; the rest stay).
 *   <li>A small generator — a train-only transformer of width {@code generator_dim} sharing the
 *       model's token embeddings — predicts them (an MLM loss {@code L_gen}) and a token is sampled
 *       from its softmax at each masked position (no gradient flows through the sample).
 *   <li>The model runs again on the corrupted text ({@code ctx.runModel}); a train-only head on its
 *       {@code tokens/hidden} tells, for every real token, whether it was replaced ({@code L_disc},
 *       sigmoid cross-entropy). A sampled token equal to the original counts as original.
 * </ol>
 *
 * Value {@code L_gen + λ·L_disc} with λ = 50 (the paper's combined loss); default term weight 1.
 * ELECTRA's generator is ¼ of the discriminator's width: {@code generator_dim} 0 means D/4.
 *
 * <p>Example: at initialisation (near-uniform generator, discriminator logits near 0) {@code L_gen
 * ≈ ln V} and {@code L_disc ≈ ln 2}, so the value is about {@code ln V + 50·ln 2}, e.g. ≈ 4.61 +
 * 34.66 ≈ 39.3 for V = 100: the λ-weighted discriminator term dominates at the start.
 *
 * <p><b>Versus google-research/electra.</b> Its {@code pretrain_helpers.mask} writes {@code [MASK]}
 * at 85 % of the selected positions and leaves 15 % unchanged; here every selected position becomes
 * {@code [MASK]} by default ({@code mask_token_share} 1.0, as {@code nlp.mlm}'s parameter; 0.85
 * reproduces the released code). The generator's output head is layer norm → dense + GELU (to width
 * D) → tied embeddings, where BERT and ELECTRA use dense + GELU → layer norm → tied embeddings.
 */
public record ElectraRtdLoss(ElectraRtdLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.electra_rtd";
  public static final Param<String> HIDDEN =
      NlpParams.name("hidden", "tokens/hidden", "discriminator hidden states endpoint [B,T,D]");
  public static final Param<String> EMBEDDINGS =
      NlpParams.name(
          "embeddings", "tokens/embedding_table", "token embedding table endpoint [V,D], shared");
  public static final Param<String> TOKENS =
      NlpParams.name("tokens", TextDataset.TOKENS, "int32 token input [B,T]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");
  public static final Param<Double> MASK_PROB =
      NlpParams.probability("mask_prob", 0.15, "share of real tokens masked");
  public static final Param<Double> MASK_TOKEN_SHARE =
      NlpParams.share(
          "mask_token_share",
          1.0,
          "share of the masked written as [MASK], the rest kept (google-research/electra: 0.85)");
  public static final Param<Double> LAMBDA =
      Param.number("lambda", 50.0, "weight of the discriminator loss").atLeast(0);
  public static final Param<Integer> GENERATOR_DIM =
      Param.integer("generator_dim", 0, "generator width; 0 → D/4").atLeast(0);
  public static final Param<Integer> GENERATOR_HEADS =
      Param.integer("generator_heads", 2, "generator attention heads").atLeast(1);

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(1.0)
              .summary(
                  "small MLM generator + replaced-token detection on the model's second pass: L_gen + λ·L_disc")
              .paper(
                  "Clark et al. 2020, ELECTRA: Pre-training Text Encoders as Discriminators Rather Than"
                      + " Generators (ICLR; λ = 50)")
              .params(
                  HIDDEN,
                  EMBEDDINGS,
                  TOKENS,
                  MASK,
                  MASK_PROB,
                  MASK_TOKEN_SHARE,
                  LAMBDA,
                  GENERATOR_DIM,
                  GENERATOR_HEADS)
              .build(),
          p -> new ElectraRtdLoss(Config.read(p)));

  /**
   * @param hidden discriminator hidden states endpoint [B,T,D] (read from the second pass)
   * @param embeddings the model's embedding table endpoint [V,D] (shared with the generator)
   * @param maskProb share of real tokens masked for the generator (0.15)
   * @param maskTokenShare share of those written as {@code [MASK]}, the rest kept (1.0; the
   *     released code's 0.85)
   * @param lambda weight of the discriminator loss inside the term (50)
   * @param generatorDim generator width; 0 → D/4
   * @param generatorHeads attention heads of the generator (must divide its width)
   */
  public record Config(
      String hidden,
      String embeddings,
      String tokens,
      String mask,
      double maskProb,
      double maskTokenShare,
      double lambda,
      int generatorDim,
      int generatorHeads) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      HIDDEN.validate(hidden);
      EMBEDDINGS.validate(embeddings);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      MASK_PROB.validate(maskProb);
      MASK_TOKEN_SHARE.validate(maskTokenShare);
      LAMBDA.validate(lambda);
      GENERATOR_DIM.validate(generatorDim);
      GENERATOR_HEADS.validate(generatorHeads);
      if (generatorDim % generatorHeads != 0) {
        throw new ConfigException(
            ConfigError.of(
                "generator_dim",
                "must be a multiple of generator_heads ("
                    + generatorHeads
                    + "), found "
                    + generatorDim));
      }
    }

    static Config read(Params p) {
      return new Config(
          p.get(HIDDEN),
          p.get(EMBEDDINGS),
          p.get(TOKENS),
          p.get(MASK),
          p.get(MASK_PROB),
          p.get(MASK_TOKEN_SHARE),
          p.get(LAMBDA),
          p.get(GENERATOR_DIM),
          p.get(GENERATOR_HEADS));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    Operand<TFloat32> table = ctx.endpoint(config.embeddings());
    int v = (int) table.shape().get(0);
    int d = TextOps.width(table, "nlp.electra_rtd embeddings");
    int t = TextOps.length(tokens, "nlp.electra_rtd tokens");
    int g =
        config.generatorDim() > 0
            ? config.generatorDim()
            : Math.max(config.generatorHeads(), d / 4);
    if (g % config.generatorHeads() != 0) {
      throw new IllegalArgumentException(
          "nlp.electra_rtd generator width "
              + g
              + " must divide by generator_heads "
              + config.generatorHeads());
    }
    long stream = ctx.termName().hashCode();
    BertMasking.Result masked =
        new BertMasking(config.maskProb(), config.maskTokenShare(), 0.0)
            .apply(tf, tokens, mask, v, ctx.seed(), stream);

    Layers gen = ctx.layers().scoped("generator");
    Operand<TFloat32> x =
        SeqLayers.dense(
            gen, "in", tf.gather(table, masked.tokens(), tf.constant(0)), g, Activation.NONE);
    x = tf.math.add(x, gen.variable("position/table", Shape.of(t, g), Initializer.normal(0.02)));
    x =
        new TransformerBlock(g, config.generatorHeads(), 4 * g, 0.0, null)
            .apply(
                gen.scoped("block"), x, AttentionMask.FULL.bias(tf, mask, t), mask, (n, o) -> {});
    x = SeqLayers.dense(gen, "out", gen.layerNorm("norm", x), d, Activation.GELU);
    Operand<TFloat32> genLogits =
        tf.math.add(
            tf.linalg.einsum(List.of(x, table), "btd,vd->btv"),
            gen.variable("out_bias", Shape.of(v), Initializer.constant(0f)));
    Operand<TFloat32> lGen =
        MaskedLmLoss.maskedCrossEntropy(tf, genLogits, tokens, masked.selected());

    Operand<TInt32> sampled =
        tf.reshape(
            tf.random.multinomial(
                tf.stopGradient(tf.reshape(genLogits, tf.constant(new int[] {-1, v}))),
                tf.constant(1),
                TInt32.class,
                Multinomial.seed(ctx.seed()).seed2(stream * 3 + 7)),
            tf.shape(tokens));
    Operand<TInt32> corrupted =
        tf.select(tf.math.greater(masked.selected(), tf.constant(0f)), sampled, tokens);
    Operand<TFloat32> replaced =
        tf.dtypes.cast(tf.math.notEqual(corrupted, tokens), TFloat32.class);

    Operand<TFloat32> hidden = ctx.runModel(config.tokens(), corrupted).endpoint(config.hidden());
    Layers disc = ctx.layers().scoped("discriminator");
    int hd = TextOps.width(hidden, "nlp.electra_rtd hidden");
    Operand<TFloat32> logits =
        tf.reshape(
            SeqLayers.dense(
                disc,
                "out",
                SeqLayers.dense(disc, "hidden", hidden, hd, Activation.GELU),
                1,
                Activation.NONE),
            tf.constant(new int[] {-1, t}));
    return tf.math.add(
        lGen,
        tf.math.mul(
            tf.constant((float) config.lambda()), discriminatorLoss(tf, logits, replaced, mask)));
  }

  /**
   * The deterministic core: mean sigmoid cross-entropy of per-token logits vs 1/0 "replaced" over
   * real tokens.
   */
  public static Operand<TFloat32> discriminatorLoss(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> replaced, Operand<TFloat32> tokenMask) {
    return LossOps.maskedMean(tf, TextOps.sigmoidCrossEntropy(tf, logits, replaced), tokenMask);
  }
}
