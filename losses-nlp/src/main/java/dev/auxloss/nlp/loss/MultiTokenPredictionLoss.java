package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import dev.auxloss.nlp.model.AttentionMask;
import dev.auxloss.nlp.model.SeqLayers;
import dev.auxloss.nlp.model.TransformerBlock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.mtp}: multi-token prediction as in DeepSeek-V3 (DeepSeek-AI 2024, §2.2). Module k =
 * 1..D predicts the token k+1 steps ahead, sequentially, so the causal chain is kept at every
 * depth:
 *
 * <pre>
 *   h⁰ = the model's hidden states (tokens/hidden)
 *   hᵏ_i = TRMₖ( Mₖ [ LN(hᵏ⁻¹_i) ; LN(Emb(t_{i+k})) ] )      i = 0 .. T−k−1
 *   Lₖ  = mean over real targets of CE( OutHead(hᵏ_i), t_{i+k+1} )
 *   value = (1/D) Σₖ Lₖ
 * </pre>
 *
 * The embedding and output head are the model's own ({@code tokens/embedding_table}, {@code
 * lm/output_weights}, {@code lm/output_bias}), shared as in the paper; the projection Mₖ and the
 * causal transformer block TRMₖ are train-only heads (LayerNorm stands in for RMSNorm). Default
 * depth D = 1 and weight λ = 0.3 as in DeepSeek-V3, which lowered λ to 0.1 for the last ~third of
 * training: give the term the config schedule {@code step} with {@code values [1, 0.333]} at that
 * boundary (λ × schedule = 0.3 → 0.1); the loss itself holds no schedule.
 *
 * <p>Example: with zero output weights and bias every prediction is uniform, value {@code log V}.
 */
public record MultiTokenPredictionLoss(MultiTokenPredictionLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.mtp";
  public static final Param<String> HIDDEN =
      NlpParams.name("hidden", "tokens/hidden", "the model's hidden states [B,T,D] (h⁰)");
  public static final Param<String> TOKENS =
      NlpParams.name("tokens", TextDataset.TOKENS, "int32 token field [B,T]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");
  public static final Param<String> EMBEDDINGS =
      NlpParams.name(
          "embeddings", "tokens/embedding_table", "shared embedding table endpoint [V,D]");
  public static final Param<String> OUTPUT_WEIGHTS =
      NlpParams.name("output_weights", "lm/output_weights", "shared output head endpoint [D,V]");

  /** May be empty: the head then has no bias. */
  public static final Param<String> OUTPUT_BIAS =
      Param.text(
          "output_bias", "lm/output_bias", "shared output bias endpoint [V]; empty for none");

  public static final Param<Integer> DEPTH =
      Param.integer("depth", 1, "extra future tokens predicted (modules)").atLeast(1);
  public static final Param<Integer> HEADS =
      Param.integer("heads", 4, "attention heads per module").atLeast(1);
  public static final Param<Double> DROPOUT =
      Param.number("dropout", 0.0, "dropout inside the modules").fraction();

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(0.3)
              .summary(
                  "sequential multi-token prediction modules sharing embedding and output head, mean over depths")
              .paper(
                  "DeepSeek-AI 2024, DeepSeek-V3 Technical Report (λ = 0.3, then 0.1 via the schedule)")
              .params(
                  HIDDEN,
                  TOKENS,
                  MASK,
                  EMBEDDINGS,
                  OUTPUT_WEIGHTS,
                  OUTPUT_BIAS,
                  DEPTH,
                  HEADS,
                  DROPOUT)
              .build(),
          p -> new MultiTokenPredictionLoss(Config.read(p)));

  /**
   * @param depth D, extra future tokens predicted (1 in DeepSeek-V3)
   * @param heads attention heads of each module's block
   * @param dropout dropout inside the blocks (0: DeepSeek-V3 uses none)
   */
  public record Config(
      String hidden,
      String tokens,
      String mask,
      String embeddings,
      String outputWeights,
      String outputBias,
      int depth,
      int heads,
      double dropout) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      HIDDEN.validate(hidden);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      EMBEDDINGS.validate(embeddings);
      OUTPUT_WEIGHTS.validate(outputWeights);
      OUTPUT_BIAS.validate(outputBias);
      DEPTH.validate(depth);
      HEADS.validate(heads);
      DROPOUT.validate(dropout);
    }

    static Config read(Params p) {
      return new Config(
          p.get(HIDDEN),
          p.get(TOKENS),
          p.get(MASK),
          p.get(EMBEDDINGS),
          p.get(OUTPUT_WEIGHTS),
          p.get(OUTPUT_BIAS),
          p.get(DEPTH),
          p.get(HEADS),
          p.get(DROPOUT));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> h = ctx.endpoint(config.hidden());
    TextOps.requireRank(h, 3, "nlp.mtp hidden '" + config.hidden() + "'");
    int t = TextOps.length(h, "nlp.mtp hidden");
    int d = TextOps.width(h, "nlp.mtp hidden");
    if (t - config.depth() - 1 < 1) {
      throw new IllegalArgumentException(
          "nlp.mtp depth " + config.depth() + " leaves no target in sequences of length " + t);
    }
    if (d % config.heads() != 0) {
      throw new IllegalArgumentException(
          "nlp.mtp heads (" + config.heads() + ") must divide the hidden width " + d);
    }
    Operand<TFloat32> table = ctx.endpoint(config.embeddings());
    Operand<TFloat32> outW = ctx.endpoint(config.outputWeights());
    Operand<TFloat32> outB =
        config.outputBias().isEmpty() ? null : ctx.endpoint(config.outputBias());
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    TransformerBlock block = new TransformerBlock(d, config.heads(), 4 * d, config.dropout(), null);

    List<Operand<TFloat32>> perDepth = new ArrayList<>();
    Operand<TFloat32> prev = h;
    for (int k = 1; k <= config.depth(); k++) {
      int len = t - k;
      Layers l = ctx.layers().scoped("depth" + k);
      Operand<TFloat32> state = l.layerNorm("norm_h", TextOps.timeSlice(tf, prev, 0, len));
      Operand<TFloat32> emb =
          l.layerNorm(
              "norm_e", tf.gather(table, TextOps.timeSlice(tf, tokens, k, t), tf.constant(0)));
      Operand<TFloat32> merged =
          SeqLayers.dense(
              l, "proj", tf.concat(List.of(state, emb), tf.constant(-1)), d, Activation.NONE);
      Operand<TFloat32> inMask = TextOps.timeSlice(tf, mask, k, t);
      Operand<TFloat32> hk =
          block.apply(
              l.scoped("block"),
              merged,
              AttentionMask.CAUSAL.bias(tf, inMask, len),
              inMask,
              (name, value) -> {});
      hk = l.layerNorm("final_norm", hk);
      Operand<TFloat32> logits =
          tf.linalg.einsum(List.of(TextOps.timeSlice(tf, hk, 0, len - 1), outW), "btd,dv->btv");
      if (outB != null) logits = tf.math.add(logits, outB);
      Operand<TFloat32> ce =
          LossOps.crossEntropy(tf, logits, TextOps.timeSlice(tf, tokens, k + 1, t), 0);
      perDepth.add(LossOps.maskedMean(tf, ce, TextOps.timeSlice(tf, mask, k + 1, t)));
      prev = hk;
    }
    return tf.math.div(tf.math.addN(perDepth), tf.constant((float) config.depth()));
  }
}
