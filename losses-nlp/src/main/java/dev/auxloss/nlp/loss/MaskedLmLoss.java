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
import dev.auxloss.nlp.loss.internal.BertMasking;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.mlm}: BERT's masked-language-model objective as an auxiliary (Devlin, Chang, Lee &amp;
 * Toutanova 2019, "BERT: Pre-training of Deep Bidirectional Transformers for Language
 * Understanding", NAACL-HLT; masking rules in §3.1 and appendix A.1). In the graph, every step: 15
 * % of the real, non-special tokens are selected; 80 % of those become {@code [MASK]}, 10 % a
 * random token, 10 % stay (see {@link BertMasking}). The model runs a second time on the corrupted
 * tokens ({@code ctx.runModel("tokens", corrupted)}, sharing its weights), and the value is the
 * mean cross-entropy of that pass's {@code lm/logits} against the original tokens at the selected
 * positions only. BERT adds MLM and NSP unweighted: default weight 1.
 *
 * <p>The model must read its whole context at each position (text-lm with {@code
 * attention=bidirectional}); a causal model's logits at t predict t+1 and make this term
 * meaningless.
 *
 * <p>Example: a model whose logits ignore the input and are all zero gives {@code log V}.
 */
public record MaskedLmLoss(MaskedLmLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.mlm";
  public static final Param<String> LOGITS =
      NlpParams.name(
          "logits", "lm/logits", "per-position logits endpoint [B,T,V] of the second pass");
  public static final Param<String> TOKENS =
      NlpParams.name(
          "tokens", TextDataset.TOKENS, "int32 token input [B,T] (replaced in the second pass)");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");
  public static final Param<Double> MASK_PROB =
      NlpParams.probability("mask_prob", 0.15, "share of real tokens selected");
  public static final Param<Double> MASK_TOKEN_SHARE =
      NlpParams.share("mask_token_share", 0.8, "selected → [MASK]");
  public static final Param<Double> RANDOM_TOKEN_SHARE =
      NlpParams.share(
          "random_token_share", 0.1, "selected → random token; with mask_token_share at most 1");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(1.0)
              .summary(
                  "masked-LM cross-entropy at 15 % in-graph corrupted positions (80/10/10), second model pass")
              .paper(
                  "Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional Transformers for Language"
                      + " Understanding (NAACL; 15 %, 80/10/10)")
              .params(LOGITS, TOKENS, MASK, MASK_PROB, MASK_TOKEN_SHARE, RANDOM_TOKEN_SHARE)
              .build(),
          p -> new MaskedLmLoss(Config.read(p)));

  /**
   * @param logits per-position logits endpoint of the model [B,T,V] (predicting the token there)
   * @param maskProb selection probability (0.15)
   * @param maskTokenShare share of selected tokens written as [MASK] (0.8)
   * @param randomTokenShare share replaced by a random token (0.1); the rest stay unchanged
   */
  public record Config(
      String logits,
      String tokens,
      String mask,
      double maskProb,
      double maskTokenShare,
      double randomTokenShare) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      LOGITS.validate(logits);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      MASK_PROB.validate(maskProb);
      MASK_TOKEN_SHARE.validate(maskTokenShare);
      RANDOM_TOKEN_SHARE.validate(randomTokenShare);
      new BertMasking(
          maskProb, maskTokenShare, randomTokenShare); // the shares' sum, a rule across them
    }

    public BertMasking masking() {
      return new BertMasking(maskProb, maskTokenShare, randomTokenShare);
    }

    static Config read(Params p) {
      return new Config(
          p.get(LOGITS),
          p.get(TOKENS),
          p.get(MASK),
          p.get(MASK_PROB),
          p.get(MASK_TOKEN_SHARE),
          p.get(RANDOM_TOKEN_SHARE));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    int vocab =
        TextOps.width(ctx.endpoint(config.logits()), "nlp.mlm logits '" + config.logits() + "'");
    BertMasking.Result corrupted =
        config.masking().apply(tf, tokens, mask, vocab, ctx.seed(), ctx.termName().hashCode());
    Operand<TFloat32> logits =
        ctx.runModel(config.tokens(), corrupted.tokens()).endpoint(config.logits());
    return maskedCrossEntropy(tf, logits, tokens, corrupted.selected());
  }

  /**
   * The deterministic core: mean CE of {@code logits} vs {@code targets} where {@code selected} is
   * 1.
   */
  public static Operand<TFloat32> maskedCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> targets, Operand<TFloat32> selected) {
    return LossOps.maskedMean(tf, LossOps.crossEntropy(tf, logits, targets, 0), selected);
  }
}
