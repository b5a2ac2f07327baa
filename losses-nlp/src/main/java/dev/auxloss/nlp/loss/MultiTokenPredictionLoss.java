package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.Checks;
import dev.auxloss.nlp.loss.internal.SimpleLossFactory;
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
 * {@code nlp.mtp}: multi-token prediction as in DeepSeek-V3 (DeepSeek-AI 2024, §2.2). Module k = 1..D
 * predicts the token k+1 steps ahead, sequentially, so the causal chain is kept at every depth:
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
 * causal transformer block TRMₖ are train-only heads (LayerNorm stands in for RMSNorm). Default depth
 * D = 1 and weight λ = 0.3 as in DeepSeek-V3, which lowered λ to 0.1 for the last ~third of training:
 * give the term the config schedule {@code step} with {@code values [1, 0.333]} at that boundary
 * (λ × schedule = 0.3 → 0.1); the loss itself holds no schedule.
 *
 * <p>Example: with zero output weights and bias every prediction is uniform, value {@code log V}.
 */
public record MultiTokenPredictionLoss(MultiTokenPredictionLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.mtp";

  /**
   * @param depth D, extra future tokens predicted (1 in DeepSeek-V3)
   * @param heads attention heads of each module's block
   * @param dropout dropout inside the blocks (0: DeepSeek-V3 uses none)
   */
  public record Config(String hidden, String tokens, String mask, String embeddings, String outputWeights,
      String outputBias, int depth, int heads, double dropout) {
    public static final Config DEFAULTS = new Config("tokens/hidden", "tokens", "token_mask",
        "tokens/embedding_table", "lm/output_weights", "lm/output_bias", 1, 4, 0.0);

    public Config {
      checks(hidden, tokens, mask, embeddings, outputWeights, depth, heads, dropout).orThrow();
    }

    static Checks checks(String hidden, String tokens, String mask, String emb, String outW, int depth,
        int heads, double dropout) {
      return Checks.of(KEY).notBlank("hidden", hidden).notBlank("tokens", tokens).notBlank("mask", mask)
          .notBlank("embeddings", emb).notBlank("output_weights", outW).atLeast("depth", depth, 1)
          .atLeast("heads", heads, 1).rule(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), found " + dropout);
    }

    public static List<ParamSpec> specs() {
      Config d = DEFAULTS;
      return List.of(
          ParamSpec.text("hidden", d.hidden(), "the model's hidden states [B,T,D] (h⁰)"),
          ParamSpec.text("tokens", d.tokens(), "int32 token field [B,T]"),
          ParamSpec.text("mask", d.mask(), "float32 token mask field [B,T]"),
          ParamSpec.text("embeddings", d.embeddings(), "shared embedding table endpoint [V,D]"),
          ParamSpec.text("output_weights", d.outputWeights(), "shared output head endpoint [D,V]"),
          ParamSpec.text("output_bias", d.outputBias(), "shared output bias endpoint [V]; empty for none"),
          ParamSpec.integer("depth", d.depth(), "extra future tokens predicted (modules)"),
          ParamSpec.integer("heads", d.heads(), "attention heads per module"),
          ParamSpec.number("dropout", d.dropout(), "dropout inside the modules"));
    }

    public static Config read(Params p) {
      Config d = DEFAULTS;
      String hidden = p.text("hidden", d.hidden());
      String tokens = p.text("tokens", d.tokens());
      String mask = p.text("mask", d.mask());
      String emb = p.text("embeddings", d.embeddings());
      String outW = p.text("output_weights", d.outputWeights());
      String outB = p.text("output_bias", d.outputBias());
      int depth = p.integer("depth", d.depth());
      int heads = p.integer("heads", d.heads());
      double dropout = p.number("dropout", d.dropout());
      checks(hidden, tokens, mask, emb, outW, depth, heads, dropout).reportTo(p);
      p.check(specs());
      return new Config(hidden, tokens, mask, emb, outW, outB, depth, heads, dropout);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.AUXILIARY, 0.3,
            "sequential multi-token prediction modules sharing embedding and output head, mean over depths",
            "DeepSeek-AI 2024, DeepSeek-V3 Technical Report (λ = 0.3, then 0.1 via the schedule)",
            Config.specs()),
        p -> new MultiTokenPredictionLoss(Config.read(p)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> h = ctx.endpoint(config.hidden());
    TextOps.requireRank(h, 3, "nlp.mtp hidden '" + config.hidden() + "'");
    int t = TextOps.length(h, "nlp.mtp hidden");
    int d = TextOps.width(h, "nlp.mtp hidden");
    if (t - config.depth() - 1 < 1) {
      throw new IllegalArgumentException("nlp.mtp depth " + config.depth() + " leaves no target in sequences of length " + t);
    }
    if (d % config.heads() != 0) {
      throw new IllegalArgumentException("nlp.mtp heads (" + config.heads() + ") must divide the hidden width " + d);
    }
    Operand<TFloat32> table = ctx.endpoint(config.embeddings());
    Operand<TFloat32> outW = ctx.endpoint(config.outputWeights());
    Operand<TFloat32> outB = config.outputBias().isEmpty() ? null : ctx.endpoint(config.outputBias());
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    TransformerBlock block = new TransformerBlock(d, config.heads(), 4 * d, config.dropout(), null);

    List<Operand<TFloat32>> perDepth = new ArrayList<>();
    Operand<TFloat32> prev = h;
    for (int k = 1; k <= config.depth(); k++) {
      int len = t - k;
      Layers l = ctx.layers().scoped("depth" + k);
      Operand<TFloat32> state = l.layerNorm("norm_h", TextOps.timeSlice(tf, prev, 0, len));
      Operand<TFloat32> emb = l.layerNorm("norm_e",
          tf.gather(table, TextOps.timeSlice(tf, tokens, k, t), tf.constant(0)));
      Operand<TFloat32> merged = SeqLayers.dense(l, "proj", tf.concat(List.of(state, emb), tf.constant(-1)), d, Activation.NONE);
      Operand<TFloat32> inMask = TextOps.timeSlice(tf, mask, k, t);
      Operand<TFloat32> hk = block.apply(l.scoped("block"), merged,
          AttentionMask.CAUSAL.bias(tf, inMask, len), inMask, (name, value) -> {});
      hk = l.layerNorm("final_norm", hk);
      Operand<TFloat32> logits = tf.linalg.einsum(List.of(TextOps.timeSlice(tf, hk, 0, len - 1), outW), "btd,dv->btv");
      if (outB != null) logits = tf.math.add(logits, outB);
      Operand<TFloat32> ce = LossOps.crossEntropy(tf, logits, TextOps.timeSlice(tf, tokens, k + 1, t), 0);
      perDepth.add(LossOps.maskedMean(tf, ce, TextOps.timeSlice(tf, mask, k + 1, t)));
      prev = hk;
    }
    return tf.math.div(tf.math.addN(perDepth), tf.constant((float) config.depth()));
  }
}
