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
import dev.auxloss.nlp.model.SeqLayers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.rei_lm}: the language-modelling objective Rei (2017) trains beside sequence labelling.
 * The hidden states [B,T,2H] are split in halves like a BiLSTM's output: the forward half at t
 * predicts token t+1, the backward half at t predicts token t−1 (neither half has seen its target
 * when the encoder is bi-causal, see {@code text-tagger}). Each half goes through its own tanh layer
 * of {@code lm_hidden} units and a softmax over the {@code max_vocab} most frequent ids; rarer ids
 * share the last entry, as in Rei's code. Value: {@code E_fwd + E_bwd}, each a mean over real target
 * tokens; weight γ = 0.1 (Rei 2017: {@code E = E_tag + γ(E_fwd + E_bwd)}).
 *
 * <p>Example: with zero hidden states every prediction is uniform over V' = min(max_vocab, V) ids, so
 * the value is {@code 2·log V'}.
 */
public record ReiLmLoss(ReiLmLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.rei_lm";

  /**
   * @param hidden endpoint [B,T,2H]: forward states first, backward states second
   * @param tokens int32 token field [B,T]
   * @param mask float32 token mask field [B,T]
   * @param vocabSize ids of the tokens; 0 reads it from {@code tokens/embedding_table}
   * @param maxVocab predicted ids (Rei: 7 500 most frequent); ids at or above share the last one
   * @param lmHidden units of the tanh layer before each softmax (50)
   */
  public record Config(String hidden, String tokens, String mask, int vocabSize, int maxVocab, int lmHidden) {
    public static final Config DEFAULTS = new Config("tokens/hidden", "tokens", "token_mask", 0, 7500, 50);

    public Config {
      checks(hidden, tokens, mask, vocabSize, maxVocab, lmHidden).orThrow();
    }

    static Checks checks(String hidden, String tokens, String mask, int vocab, int maxVocab, int lmHidden) {
      return Checks.of(KEY).notBlank("hidden", hidden).notBlank("tokens", tokens).notBlank("mask", mask)
          .nonNegative("vocab_size", vocab).atLeast("max_vocab", maxVocab, 2).atLeast("lm_hidden", lmHidden, 1);
    }

    public static List<ParamSpec> specs() {
      return List.of(
          ParamSpec.text("hidden", DEFAULTS.hidden(), "hidden states [B,T,2H], forward half first"),
          ParamSpec.text("tokens", DEFAULTS.tokens(), "int32 token field [B,T]"),
          ParamSpec.text("mask", DEFAULTS.mask(), "float32 token mask field [B,T]"),
          ParamSpec.integer("vocab_size", DEFAULTS.vocabSize(), "token ids; 0 reads tokens/embedding_table"),
          ParamSpec.integer("max_vocab", DEFAULTS.maxVocab(), "predicted ids; rarer ids share the last"),
          ParamSpec.integer("lm_hidden", DEFAULTS.lmHidden(), "tanh layer width before each softmax"));
    }

    public static Config read(Params p) {
      String hidden = p.text("hidden", DEFAULTS.hidden());
      String tokens = p.text("tokens", DEFAULTS.tokens());
      String mask = p.text("mask", DEFAULTS.mask());
      int vocab = p.integer("vocab_size", DEFAULTS.vocabSize());
      int maxVocab = p.integer("max_vocab", DEFAULTS.maxVocab());
      int lmHidden = p.integer("lm_hidden", DEFAULTS.lmHidden());
      checks(hidden, tokens, mask, vocab, maxVocab, lmHidden).reportTo(p);
      p.check(specs());
      return new Config(hidden, tokens, mask, vocab, maxVocab, lmHidden);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.AUXILIARY, 0.1,
            "forward half predicts the next token, backward half the previous one (E_fwd + E_bwd)",
            "Rei 2017, Semi-supervised Multitask Learning for Sequence Labeling (γ = 0.1)", Config.specs()),
        p -> new ReiLmLoss(Config.read(p)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> h = ctx.endpoint(config.hidden());
    TextOps.requireRank(h, 3, "nlp.rei_lm hidden '" + config.hidden() + "'");
    int t = TextOps.length(h, "nlp.rei_lm hidden");
    int width = TextOps.width(h, "nlp.rei_lm hidden");
    if (width % 2 != 0) {
      throw new IllegalArgumentException("nlp.rei_lm needs hidden states with an even width (forward | "
          + "backward halves), found " + width + " in '" + config.hidden() + "'");
    }
    int v = Math.min(config.maxVocab(), vocabSize(ctx));
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    tokens = tf.math.minimum(tokens, tf.constant(v - 1));
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    var halves = tf.split(tf.constant(-1), h, 2L).output();
    Layers l = ctx.layers();
    // forward: state t → token t+1, weighted by the target's mask
    Operand<TFloat32> fwd = head(l.scoped("fwd"), TextOps.timeSlice(tf, halves.get(0), 0, t - 1), v);
    Operand<TFloat32> eFwd = LossOps.maskedMean(tf,
        LossOps.crossEntropy(tf, fwd, TextOps.timeSlice(tf, tokens, 1, t), 0), TextOps.timeSlice(tf, mask, 1, t));
    // backward: state t → token t−1, weighted by the mask of position t (its target is then real too)
    Operand<TFloat32> bwd = head(l.scoped("bwd"), TextOps.timeSlice(tf, halves.get(1), 1, t), v);
    Operand<TFloat32> eBwd = LossOps.maskedMean(tf,
        LossOps.crossEntropy(tf, bwd, TextOps.timeSlice(tf, tokens, 0, t - 1), 0), TextOps.timeSlice(tf, mask, 1, t));
    return tf.math.add(eFwd, eBwd);
  }

  private Operand<TFloat32> head(Layers l, Operand<TFloat32> states, int v) {
    Operand<TFloat32> m = SeqLayers.dense(l, "hidden", states, config.lmHidden(), Activation.TANH);
    return SeqLayers.dense(l, "out", m, v, Activation.NONE);
  }

  private int vocabSize(LossContext ctx) {
    if (config.vocabSize() > 0) return config.vocabSize();
    if (!ctx.endpointNames().contains("tokens/embedding_table")) {
      throw new IllegalArgumentException("nlp.rei_lm: set vocab_size, or publish tokens/embedding_table "
          + "[V,D] from the model; endpoints: " + ctx.endpointNames());
    }
    long v = ctx.endpoint("tokens/embedding_table").shape().get(0);
    if (v <= 0) throw new IllegalArgumentException("nlp.rei_lm: tokens/embedding_table has no static vocabulary size");
    return (int) v;
  }
}
