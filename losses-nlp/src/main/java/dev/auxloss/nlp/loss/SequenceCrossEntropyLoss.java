package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.cross_entropy}: the primary sequence-classification loss, softmax cross-entropy of the
 * {@code logits} endpoint [B,C] against the {@code label} field [B], averaged over the labelled
 * examples only (the label mask), so unlabelled text can feed the auxiliary terms in the same
 * batch. Optional label smoothing (Szegedy et al. 2016) mixes ε/C into every class.
 *
 * <p>Example: logits {@code [[1,2,3],[0,0,0]]}, labels {@code [2,0]}, mask {@code [1,0]} → {@code
 * log(e+e²+e³) − 3 ≈ 0.4076} (the second row is unlabelled and ignored).
 */
public record SequenceCrossEntropyLoss(SequenceCrossEntropyLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.cross_entropy";
  public static final Param<String> LOGITS =
      NlpParams.name("logits", "logits", "class logits endpoint [B,C]");
  public static final Param<String> LABEL =
      NlpParams.name("label", "label", "int32 class field [B]");
  public static final Param<Double> LABEL_SMOOTHING =
      Param.number("label_smoothing", 0.0, "ε mixed uniformly into the targets").fraction();

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.PRIMARY)
              .weight(1.0)
              .summary("softmax cross-entropy of sequence logits, mean over labelled examples")
              .paper("standard; label smoothing: Szegedy et al. 2016")
              .params(LOGITS, LABEL, LABEL_SMOOTHING)
              .build(),
          p -> new SequenceCrossEntropyLoss(Config.read(p)));

  /**
   * @param logits endpoint [B,C]
   * @param label int32 label field [B]
   * @param labelSmoothing ε in [0, 1) (default 0)
   */
  public record Config(String logits, String label, double labelSmoothing) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      LOGITS.validate(logits);
      LABEL.validate(label);
      LABEL_SMOOTHING.validate(labelSmoothing);
    }

    static Config read(Params p) {
      return new Config(p.get(LOGITS), p.get(LABEL), p.get(LABEL_SMOOTHING));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> logits = ctx.endpoint(config.logits());
    TextOps.requireRank(logits, 2, "nlp.cross_entropy logits '" + config.logits() + "'");
    Operand<TInt32> labels = ctx.label(config.label(), TInt32.class);
    Operand<TFloat32> ce = LossOps.crossEntropy(tf, logits, labels, config.labelSmoothing());
    return LossOps.maskedMean(tf, ce, ctx.labelMask());
  }
}
