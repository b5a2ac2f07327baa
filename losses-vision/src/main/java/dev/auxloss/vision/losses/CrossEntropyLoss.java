package dev.auxloss.vision.losses;

import dev.auxloss.api.loss.LossOps;
import static dev.auxloss.vision.losses.ParamRules.PROBABILITY;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.VisionOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.cross_entropy}: the primary classification loss, softmax cross-entropy of the {@code
 * logits} endpoint against the int32 {@code label} field, averaged over <em>labelled</em> examples
 * only ({@link LossContext#labelMask()}), so unlabelled images in a semi-supervised batch cost
 * nothing here while self-supervised terms still use them.
 *
 * <p>Logits may be {@code [B, K]} (classification) or {@code [B, H, W, K]} with labels {@code [B, H,
 * W]} (segmentation): each example's value is then the mean over its pixels. With {@code
 * label_smoothing = ε} the target is {@code (1 − ε)·onehot + ε/K} (Szegedy et al. 2016, "Rethinking
 * the Inception Architecture", §7); the default ε = 0 is plain cross-entropy (the {@code
 * vision.label_smoothing} term adds the same regulariser as a separate, separately-logged term).
 *
 * <p>Value: {@code Σ_b m_b·CE_b / max(Σ_b m_b, 1)}, a batch mean that is 0 for a batch with no
 * labelled example. Standalone: logits {@code [[1,2,3],[0,0,0]]}, labels {@code [2,0]}, mask {@code
 * [1,1]} give {@code ((log(e+e²+e³) − 3) + log 3)/2 ≈ 0.7531}.
 *
 * @param logits the endpoint holding class scores
 * @param label the int32 label field
 * @param labelSmoothing ε in [0, 1)
 */
public record CrossEntropyLoss(String logits, String label, double labelSmoothing) implements AuxLoss {
  public static final String KEY = "vision.cross_entropy";
  public static final double DEFAULT_WEIGHT = 1.0;
  public static final String DEFAULT_LOGITS = "logits";
  public static final String DEFAULT_LABEL = "label";
  public static final double DEFAULT_LABEL_SMOOTHING = 0.0;

  public static final List<ParamSpec> PARAMS =
      List.of(
          ParamSpec.text("logits", DEFAULT_LOGITS, "endpoint with class scores [B,K] or [B,H,W,K]"),
          ParamSpec.text("label", DEFAULT_LABEL, "int32 label field [B] or [B,H,W]"),
          ParamSpec.number(
              "label_smoothing", DEFAULT_LABEL_SMOOTHING, "ε: target (1-ε)·onehot + ε/K (Szegedy 2016 uses 0.1)"));

  public static final LossDescriptor DESCRIPTOR =
      new LossDescriptor(
          KEY,
          Role.PRIMARY,
          DEFAULT_WEIGHT,
          "softmax cross-entropy over labelled examples (label mask), optional label smoothing",
          "Szegedy et al. 2016, Rethinking the Inception Architecture for Computer Vision (label smoothing)",
          PARAMS);

  public static final VisionLossFactory FACTORY = new VisionLossFactory(DESCRIPTOR, CrossEntropyLoss::from);

  public CrossEntropyLoss {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("label_smoothing " + PROBABILITY + ", found " + labelSmoothing);
    }
  }

  /** The defaults: {@code logits}, {@code label}, no smoothing. */
  public CrossEntropyLoss() {
    this(DEFAULT_LOGITS, DEFAULT_LABEL, DEFAULT_LABEL_SMOOTHING);
  }

  static CrossEntropyLoss from(Params p) {
    String logits = ParamRules.name(p, "logits", DEFAULT_LOGITS);
    String label = ParamRules.name(p, "label", DEFAULT_LABEL);
    double eps = p.number("label_smoothing", DEFAULT_LABEL_SMOOTHING, x -> x >= 0 && x < 1, PROBABILITY);
    p.check(PARAMS);
    return new CrossEntropyLoss(logits, label, eps);
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> z = ctx.endpoint(logits);
    VisionOps.lastDim(z, KEY + ": endpoint '" + logits + "'"); // fails here naming the endpoint
    Operand<TInt32> y = Heads.labels(ctx, label);
    // Scores carry one more axis (the classes) than the labels; otherwise TF only fails at run time.
    int zRank = VisionOps.rank(z, "endpoint '" + logits + "'");
    int yRank = VisionOps.rank(y, "label field '" + label + "'");
    if (zRank != yRank + 1) {
      throw new IllegalArgumentException("endpoint '" + logits + "' has shape " + z.shape() + " but label field '"
          + label + "' has shape " + y.shape() + ": class scores need the labels' shape plus a class axis ([B,K] for "
          + "[B] labels, [B,H,W,K] for [B,H,W])");
    }
    Operand<TFloat32> perExample = VisionOps.perExample(tf, LossOps.crossEntropy(tf, z, y, labelSmoothing));
    return LossOps.maskedMean(tf, perExample, ctx.labelMask());
  }
}
