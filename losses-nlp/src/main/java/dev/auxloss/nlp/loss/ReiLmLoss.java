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
import dev.auxloss.nlp.model.SeqLayers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.rei_lm}: the language-modelling objective Rei (2017) trains beside sequence labelling.
 * The hidden states [B,T,2H] are split in halves like a BiLSTM's output: the forward half at t
 * predicts token t+1, the backward half at t predicts token t−1 (neither half has seen its target
 * when the encoder is bi-causal, see {@code text-tagger}). Each half goes through its own tanh
 * layer of {@code lm_hidden} units and a softmax over the {@code max_vocab} most frequent ids;
 * rarer ids share the last entry, as in Rei's code. Value: {@code E_fwd + E_bwd}, each a mean over
 * real target tokens; weight γ = 0.1 (Rei 2017: {@code E = E_tag + γ(E_fwd + E_bwd)}).
 *
 * <p>Example: with zero hidden states every prediction is uniform over V' = min(max_vocab, V) ids,
 * so the value is {@code 2·log V'}.
 */
public record ReiLmLoss(ReiLmLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.rei_lm";
  public static final Param<String> HIDDEN =
      NlpParams.name("hidden", "tokens/hidden", "hidden states [B,T,2H], forward half first");
  public static final Param<String> TOKENS =
      NlpParams.name("tokens", TextDataset.TOKENS, "int32 token field [B,T]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");
  public static final Param<Integer> VOCAB_SIZE =
      Param.integer("vocab_size", 0, "token ids; 0 reads tokens/embedding_table").atLeast(0);
  public static final Param<Integer> MAX_VOCAB =
      Param.integer("max_vocab", 7500, "predicted ids; rarer ids share the last").atLeast(2);
  public static final Param<Integer> LM_HIDDEN =
      Param.integer("lm_hidden", 50, "tanh layer width before each softmax").atLeast(1);

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(0.1)
              .summary(
                  "forward half predicts the next token, backward half the previous one (E_fwd + E_bwd)")
              .paper("Rei 2017, Semi-supervised Multitask Learning for Sequence Labeling (γ = 0.1)")
              .params(HIDDEN, TOKENS, MASK, VOCAB_SIZE, MAX_VOCAB, LM_HIDDEN)
              .build(),
          p -> new ReiLmLoss(Config.read(p)));

  /**
   * @param hidden endpoint [B,T,2H]: forward states first, backward states second
   * @param tokens int32 token field [B,T]
   * @param mask float32 token mask field [B,T]
   * @param vocabSize ids of the tokens; 0 reads it from {@code tokens/embedding_table}
   * @param maxVocab predicted ids (Rei: 7 500 most frequent); ids at or above share the last one
   * @param lmHidden units of the tanh layer before each softmax (50)
   */
  public record Config(
      String hidden, String tokens, String mask, int vocabSize, int maxVocab, int lmHidden) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      HIDDEN.validate(hidden);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      VOCAB_SIZE.validate(vocabSize);
      MAX_VOCAB.validate(maxVocab);
      LM_HIDDEN.validate(lmHidden);
    }

    static Config read(Params p) {
      return new Config(
          p.get(HIDDEN),
          p.get(TOKENS),
          p.get(MASK),
          p.get(VOCAB_SIZE),
          p.get(MAX_VOCAB),
          p.get(LM_HIDDEN));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> h = ctx.endpoint(config.hidden());
    TextOps.requireRank(h, 3, "nlp.rei_lm hidden '" + config.hidden() + "'");
    int t = TextOps.length(h, "nlp.rei_lm hidden");
    int width = TextOps.width(h, "nlp.rei_lm hidden");
    if (width % 2 != 0) {
      throw new IllegalArgumentException(
          "nlp.rei_lm needs hidden states with an even width (forward | "
              + "backward halves), found "
              + width
              + " in '"
              + config.hidden()
              + "'");
    }
    int v = Math.min(config.maxVocab(), vocabSize(ctx));
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    tokens = tf.math.minimum(tokens, tf.constant(v - 1));
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    var halves = tf.split(tf.constant(-1), h, 2L).output();
    Layers l = ctx.layers();
    // forward: state t → token t+1, weighted by the target's mask
    Operand<TFloat32> fwd =
        head(l.scoped("fwd"), TextOps.timeSlice(tf, halves.get(0), 0, t - 1), v);
    Operand<TFloat32> eFwd =
        LossOps.maskedMean(
            tf,
            LossOps.crossEntropy(tf, fwd, TextOps.timeSlice(tf, tokens, 1, t), 0),
            TextOps.timeSlice(tf, mask, 1, t));
    // backward: state t → token t−1, weighted by the mask of position t (its target is then real
    // too)
    Operand<TFloat32> bwd = head(l.scoped("bwd"), TextOps.timeSlice(tf, halves.get(1), 1, t), v);
    Operand<TFloat32> eBwd =
        LossOps.maskedMean(
            tf,
            LossOps.crossEntropy(tf, bwd, TextOps.timeSlice(tf, tokens, 0, t - 1), 0),
            TextOps.timeSlice(tf, mask, 1, t));
    return tf.math.add(eFwd, eBwd);
  }

  private Operand<TFloat32> head(Layers l, Operand<TFloat32> states, int v) {
    Operand<TFloat32> m = SeqLayers.dense(l, "hidden", states, config.lmHidden(), Activation.TANH);
    return SeqLayers.dense(l, "out", m, v, Activation.NONE);
  }

  private int vocabSize(LossContext ctx) {
    if (config.vocabSize() > 0) return config.vocabSize();
    if (!ctx.endpointNames().contains("tokens/embedding_table")) {
      throw new IllegalArgumentException(
          "nlp.rei_lm: set vocab_size, or publish tokens/embedding_table "
              + "[V,D] from the model; endpoints: "
              + ctx.endpointNames());
    }
    long v = ctx.endpoint("tokens/embedding_table").shape().get(0);
    if (v <= 0)
      throw new IllegalArgumentException(
          "nlp.rei_lm: tokens/embedding_table has no static vocabulary size");
    return (int) v;
  }
}
