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

/**
 * {@code nlp.softmax_z_loss}: PaLM's auxiliary z-loss on the output softmax (Chowdhery et al. 2022,
 * §5): {@code 1e-4 · log²Z}, Z the softmax normaliser, which pushes log Z towards 0 for stability.
 * The value is the mean of {@code log²Z} over real tokens ({@code token_mask}) for [B,T,V] logits,
 * or over the batch for [B,C] logits; the 1e-4 is the default weight.
 *
 * <p>Example: logits {@code [[0,0,0,0]]} → {@code (ln 4)² ≈ 1.9218}.
 */
public record SoftmaxZLoss(SoftmaxZLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.softmax_z_loss";
  public static final Param<String> LOGITS =
      NlpParams.name("logits", "lm/logits", "softmax logits endpoint [B,T,V] or [B,C]");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "token mask field [B,T] (rank-3 logits)");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.REGULARIZER)
              .weight(1e-4)
              .summary("softmax z-loss: mean log²Z of the output logits over real tokens")
              .paper("Chowdhery et al. 2022, PaLM (1e-4·log²Z)")
              .params(LOGITS, MASK)
              .build(),
          p -> new SoftmaxZLoss(Config.read(p)));

  /**
   * @param logits output logits endpoint, [B,T,V] (masked per token) or [B,C]
   * @param mask token mask field [B,T] for rank-3 logits
   */
  public record Config(String logits, String mask) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      LOGITS.validate(logits);
      MASK.validate(mask);
    }

    static Config read(Params p) {
      return new Config(p.get(LOGITS), p.get(MASK));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> logits = ctx.endpoint(config.logits());
    int rank = logits.shape().numDimensions();
    if (rank != 2 && rank != 3) {
      throw new IllegalArgumentException(
          "nlp.softmax_z_loss logits '"
              + config.logits()
              + "' must be [B,T,V] or [B,C], found "
              + logits.shape());
    }
    Operand<TFloat32> z2 = tf.math.square(TextOps.logSumExp(tf, logits));
    return rank == 3
        ? LossOps.maskedMean(tf, z2, ctx.input(config.mask(), TFloat32.class))
        : tf.math.mean(z2, tf.constant(0));
  }
}
