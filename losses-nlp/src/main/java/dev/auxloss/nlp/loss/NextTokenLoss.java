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
 * {@code nlp.next_token}: the causal language-modelling auxiliary. The logits at position t (from a
 * causal model's {@code lm/logits} [B,T,V]) predict token t+1; the mean cross-entropy is taken over
 * every target that is a real token ({@code token_mask}[t+1] = 1), labelled or not — this is how
 * unlabelled text helps the classifier. Default weight 0.5 as in GPT's fine-tuning with an
 * auxiliary LM objective: Radford, Narasimhan, Salimans &amp; Sutskever 2018, "Improving Language
 * Understanding by Generative Pre-Training" (OpenAI), §3.2: {@code L3 = L2 + λ·L1}, λ = 0.5 (§4.1).
 *
 * <p>With bidirectional attention the logits have already seen the target and the term is
 * meaningless: use {@code nlp.mlm} there.
 *
 * <p>Example: T = 3, V = 2, all-zero logits → {@code log 2 ≈ 0.6931} whatever the tokens.
 */
public record NextTokenLoss(NextTokenLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.next_token";
  public static final Param<String> LOGITS =
      NlpParams.name("logits", "lm/logits", "LM logits endpoint [B,T,V]");
  public static final Param<String> TOKENS =
      NlpParams.name("tokens", TextDataset.TOKENS, "int32 token field [B,T]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(0.5)
              .summary("causal next-token cross-entropy on all text, mean over real target tokens")
              .paper(
                  "Radford et al. 2018, Improving Language Understanding by Generative Pre-Training"
                      + " (GPT; auxiliary LM weight 0.5)")
              .params(LOGITS, TOKENS, MASK)
              .build(),
          p -> new NextTokenLoss(Config.read(p)));

  /**
   * @param logits LM logits endpoint [B,T,V] (position t predicts t+1)
   * @param tokens int32 token field [B,T]
   * @param mask float32 token mask field [B,T]
   */
  public record Config(String logits, String tokens, String mask) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      LOGITS.validate(logits);
      TOKENS.validate(tokens);
      MASK.validate(mask);
    }

    static Config read(Params p) {
      return new Config(p.get(LOGITS), p.get(TOKENS), p.get(MASK));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> logits = ctx.endpoint(config.logits());
    TextOps.requireRank(logits, 3, "nlp.next_token logits '" + config.logits() + "'");
    int t = TextOps.length(logits, "nlp.next_token logits");
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    return shifted(tf, logits, tokens, mask, t, 1);
  }

  /**
   * Mean cross-entropy of {@code logits[:, :T−k]} against {@code tokens[:, k:]}, weighted by the
   * target mask {@code mask[:, k:]}: position t predicts t+k.
   */
  static Operand<TFloat32> shifted(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TInt32> tokens,
      Operand<TFloat32> mask,
      int t,
      int k) {
    Operand<TFloat32> ce =
        LossOps.crossEntropy(
            tf, TextOps.timeSlice(tf, logits, 0, t - k), TextOps.timeSlice(tf, tokens, k, t), 0);
    return LossOps.maskedMean(tf, ce, TextOps.timeSlice(tf, mask, k, t));
  }
}
