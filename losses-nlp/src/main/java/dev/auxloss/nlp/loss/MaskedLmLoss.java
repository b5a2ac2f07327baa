package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.BertMasking;
import dev.auxloss.nlp.loss.internal.Checks;
import dev.auxloss.nlp.loss.internal.SimpleLossFactory;
import dev.auxloss.nlp.loss.internal.TextOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.mlm}: BERT's masked-language-model objective as an auxiliary (Devlin, Chang, Lee &amp;
 * Toutanova 2019, "BERT: Pre-training of Deep Bidirectional Transformers for Language
 * Understanding", NAACL-HLT; masking rules in §3.1 and appendix A.1). In
 * the graph, every step: 15 % of the real, non-special tokens are selected; 80 % of those become
 * {@code [MASK]}, 10 % a random token, 10 % stay (see {@link BertMasking}). The model runs a second
 * time on the corrupted tokens ({@code ctx.runModel("tokens", corrupted)}, sharing its weights), and
 * the value is the mean cross-entropy of that pass's {@code lm/logits} against the original tokens at
 * the selected positions only. BERT adds MLM and NSP unweighted: default weight 1.
 *
 * <p>The model must read its whole context at each position (text-lm with {@code
 * attention=bidirectional}); a causal model's logits at t predict t+1 and make this term meaningless.
 *
 * <p>Example: a model whose logits ignore the input and are all zero gives {@code log V}.
 */
public record MaskedLmLoss(MaskedLmLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.mlm";

  /**
   * @param logits per-position logits endpoint of the model [B,T,V] (predicting the token there)
   * @param maskProb selection probability (0.15)
   * @param maskTokenShare share of selected tokens written as [MASK] (0.8)
   * @param randomTokenShare share replaced by a random token (0.1); the rest stay unchanged
   */
  public record Config(String logits, String tokens, String mask, double maskProb, double maskTokenShare,
      double randomTokenShare) {
    public static final Config DEFAULTS = new Config("lm/logits", "tokens", "token_mask", 0.15, 0.8, 0.1);

    public Config {
      checks(logits, tokens, mask, maskProb, maskTokenShare, randomTokenShare).orThrow();
    }

    static Checks checks(String logits, String tokens, String mask, double p, double m, double r) {
      return Checks.of(KEY).notBlank("logits", logits).notBlank("tokens", tokens).notBlank("mask", mask)
          .rule(p > 0 && p <= 1, "mask_prob", "must be in (0, 1], found " + p)
          .between("mask_token_share", m, 0, 1).between("random_token_share", r, 0, 1)
          .rule(m + r <= 1 + 1e-9, "random_token_share", "plus mask_token_share must be <= 1, found " + (m + r));
    }

    public BertMasking masking() {
      return new BertMasking(maskProb, maskTokenShare, randomTokenShare);
    }

    public static List<ParamSpec> specs() {
      Config d = DEFAULTS;
      return List.of(
          ParamSpec.text("logits", d.logits(), "per-position logits endpoint [B,T,V] of the second pass"),
          ParamSpec.text("tokens", d.tokens(), "int32 token input [B,T] (replaced in the second pass)"),
          ParamSpec.text("mask", d.mask(), "float32 token mask field [B,T]"),
          ParamSpec.number("mask_prob", d.maskProb(), "share of real tokens selected"),
          ParamSpec.number("mask_token_share", d.maskTokenShare(), "selected → [MASK]"),
          ParamSpec.number("random_token_share", d.randomTokenShare(), "selected → random token"));
    }

    public static Config read(Params p) {
      Config d = DEFAULTS;
      String logits = p.text("logits", d.logits());
      String tokens = p.text("tokens", d.tokens());
      String mask = p.text("mask", d.mask());
      double prob = p.number("mask_prob", d.maskProb());
      double m = p.number("mask_token_share", d.maskTokenShare());
      double r = p.number("random_token_share", d.randomTokenShare());
      checks(logits, tokens, mask, prob, m, r).reportTo(p);
      p.check(specs());
      return new Config(logits, tokens, mask, prob, m, r);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.AUXILIARY, 1.0,
            "masked-LM cross-entropy at 15 % in-graph corrupted positions (80/10/10), second model pass",
            "Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
                + " (NAACL; 15 %, 80/10/10)", Config.specs()),
        p -> new MaskedLmLoss(Config.read(p)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    int vocab = TextOps.width(ctx.endpoint(config.logits()), "nlp.mlm logits '" + config.logits() + "'");
    BertMasking.Result corrupted =
        config.masking().apply(tf, tokens, mask, vocab, ctx.seed(), ctx.termName().hashCode());
    Operand<TFloat32> logits = ctx.runModel(config.tokens(), corrupted.tokens()).endpoint(config.logits());
    return maskedCrossEntropy(tf, logits, tokens, corrupted.selected());
  }

  /** The deterministic core: mean CE of {@code logits} vs {@code targets} where {@code selected} is 1. */
  public static Operand<TFloat32> maskedCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> targets, Operand<TFloat32> selected) {
    return LossOps.maskedMean(tf, LossOps.crossEntropy(tf, logits, targets, 0), selected);
  }
}
