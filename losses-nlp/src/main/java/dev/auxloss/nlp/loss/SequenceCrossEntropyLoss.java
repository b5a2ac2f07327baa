package dev.auxloss.nlp.loss;

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
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.cross_entropy}: the primary sequence-classification loss, softmax cross-entropy of the
 * {@code logits} endpoint [B,C] against the {@code label} field [B], averaged over the labelled
 * examples only (the label mask), so unlabelled text can feed the auxiliary terms in the same batch.
 * Optional label smoothing (Szegedy et al. 2016) mixes ε/C into every class.
 *
 * <p>Example: logits {@code [[1,2,3],[0,0,0]]}, labels {@code [2,0]}, mask {@code [1,0]} →
 * {@code log(e+e²+e³) − 3 ≈ 0.4076} (the second row is unlabelled and ignored).
 */
public record SequenceCrossEntropyLoss(SequenceCrossEntropyLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.cross_entropy";

  /**
   * @param logits endpoint [B,C]
   * @param label int32 label field [B]
   * @param labelSmoothing ε in [0, 1) (default 0)
   */
  public record Config(String logits, String label, double labelSmoothing) {
    public static final Config DEFAULTS = new Config("logits", "label", 0.0);

    public Config {
      checks(logits, label, labelSmoothing).orThrow();
    }

    static Checks checks(String logits, String label, double eps) {
      return Checks.of(KEY).notBlank("logits", logits).notBlank("label", label)
          .rule(eps >= 0 && eps < 1, "label_smoothing", "must be in [0, 1), found " + eps);
    }

    public static List<ParamSpec> specs() {
      return List.of(
          ParamSpec.text("logits", DEFAULTS.logits(), "class logits endpoint [B,C]"),
          ParamSpec.text("label", DEFAULTS.label(), "int32 class field [B]"),
          ParamSpec.number("label_smoothing", DEFAULTS.labelSmoothing(), "ε mixed uniformly into the targets"));
    }

    public static Config read(Params p) {
      String logits = p.text("logits", DEFAULTS.logits());
      String label = p.text("label", DEFAULTS.label());
      double eps = p.number("label_smoothing", DEFAULTS.labelSmoothing());
      checks(logits, label, eps).reportTo(p);
      p.check(specs());
      return new Config(logits, label, eps);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.PRIMARY, 1.0,
            "softmax cross-entropy of sequence logits, mean over labelled examples",
            "standard; label smoothing: Szegedy et al. 2016", Config.specs()),
        p -> new SequenceCrossEntropyLoss(Config.read(p)));
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
