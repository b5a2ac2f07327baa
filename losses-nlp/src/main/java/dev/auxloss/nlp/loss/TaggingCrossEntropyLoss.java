package dev.auxloss.nlp.loss;

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
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.tagging_cross_entropy}: the primary sequence-labelling loss, per-token softmax
 * cross-entropy of the {@code logits} endpoint [B,T,K] against the {@code tags} field [B,T],
 * averaged over real tokens ({@code token_mask}) of labelled sentences (the label mask). Padding
 * never counts. This is the token-level softmax objective of neural sequence labelling, {@code E =
 * −Σₜ log P(yₜ | dₜ)} (here averaged rather than summed), as in Rei 2017, "Semi-supervised
 * Multitask Learning for Sequence Labeling" (ACL) with its softmax output layer, the setting {@code
 * nlp.rei_lm} adds to; Collobert et al. 2011 ("Natural Language Processing (Almost) from Scratch",
 * JMLR) call it the word-level log-likelihood. Tags are predicted independently: there is no CRF
 * layer (the sentence-level alternative, e.g. Lample et al. 2016, "Neural Architectures for Named
 * Entity Recognition").
 *
 * <p>Example: one sentence, logits {@code [[0,0],[2,0]]} with tags {@code [1,0]} and token mask
 * {@code [1,1]} → {@code (log 2 + log(1+e⁻²)) / 2 ≈ 0.4100}.
 */
public record TaggingCrossEntropyLoss(TaggingCrossEntropyLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.tagging_cross_entropy";
  public static final Param<String> LOGITS =
      NlpParams.name("logits", "logits", "per-token logits endpoint [B,T,K]");
  public static final Param<String> TAGS = NlpParams.name("tags", "tags", "int32 tag field [B,T]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.PRIMARY)
              .weight(1.0)
              .summary(
                  "per-token softmax cross-entropy, mean over real tokens of labelled sentences")
              .paper(
                  "token-level softmax cross-entropy as in Rei 2017, Semi-supervised Multitask Learning for"
                      + " Sequence Labeling (ACL; no CRF)")
              .params(LOGITS, TAGS, MASK)
              .build(),
          p -> new TaggingCrossEntropyLoss(Config.read(p)));

  /**
   * @param logits per-token logits endpoint [B,T,K]
   * @param tags int32 tag field [B,T]
   * @param mask float32 token mask field [B,T]
   */
  public record Config(String logits, String tags, String mask) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      LOGITS.validate(logits);
      TAGS.validate(tags);
      MASK.validate(mask);
    }

    static Config read(Params p) {
      return new Config(p.get(LOGITS), p.get(TAGS), p.get(MASK));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> logits = ctx.endpoint(config.logits());
    TextOps.requireRank(logits, 3, "nlp.tagging_cross_entropy logits '" + config.logits() + "'");
    Operand<TFloat32> ce =
        LossOps.crossEntropy(tf, logits, ctx.label(config.tags(), TInt32.class), 0);
    Operand<TFloat32> w =
        tf.math.mul(
            ctx.input(config.mask(), TFloat32.class),
            tf.expandDims(ctx.labelMask(), tf.constant(-1)));
    return LossOps.maskedMean(tf, ce, w);
  }
}
