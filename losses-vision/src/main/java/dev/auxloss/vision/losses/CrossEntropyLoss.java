package dev.auxloss.vision.losses;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.ops.VisionOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.cross_entropy}: the primary classification loss, softmax cross-entropy of the
 * {@code logits} endpoint against the int32 {@code label} field, averaged over <em>labelled</em>
 * examples only ({@link LossContext#labelMask()}), so unlabelled images in a semi-supervised batch
 * cost nothing here while self-supervised terms still use them.
 *
 * <p>Logits may be {@code [B, K]} (classification) or {@code [B, H, W, K]} with labels {@code [B,
 * H, W]} (segmentation): the value is then the mean over the labelled examples' pixels, a pixel
 * whose label is no class in {@code [0, K)} (a mask's ignore index, 255) left out. With {@code
 * label_smoothing = ε} the target is {@code (1 − ε)·onehot + ε/K} (Szegedy et al. 2016, "Rethinking
 * the Inception Architecture", §7); the default ε = 0 is plain cross-entropy (the {@code
 * vision.label_smoothing} term adds the same regulariser as a separate, separately-logged term).
 *
 * <p>Value: {@code Σ_b m_b·CE_b / Σ_b m_b} ({@link LossOps#maskedMean}; per pixel with ignored
 * pixels weighted 0, {@link VisionOps#scoredPositions}), a batch mean that is 0 for a batch with no
 * labelled example. Standalone: logits {@code [[1,2,3],[0,0,0]]}, labels {@code [2,0]}, mask {@code
 * [1,1]} give {@code ((log(e+e²+e³) − 3) + log 3)/2 ≈ 0.7531}.
 *
 * @param logits the endpoint holding class scores
 * @param label the int32 label field
 * @param labelSmoothing ε in [0, 1)
 */
public record CrossEntropyLoss(String logits, String label, double labelSmoothing)
    implements AuxLoss {
  public static final String KEY = "vision.cross_entropy";

  public static final Param<String> LOGITS =
      LossParams.name("logits", "logits", "endpoint with class scores [B,K] or [B,H,W,K]");
  public static final Param<String> LABEL =
      LossParams.name("label", "label", "int32 label field [B] or [B,H,W]");
  public static final Param<Double> LABEL_SMOOTHING =
      Param.number("label_smoothing", 0, "ε: target (1-ε)·onehot + ε/K (Szegedy 2016 uses 0.1)")
          .fraction();

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .role(Role.PRIMARY)
          .weight(1)
          .summary(
              "softmax cross-entropy over labelled examples (label mask), optional label smoothing")
          .paper(
              "Szegedy et al. 2016, Rethinking the Inception Architecture for Computer Vision (label smoothing)")
          .params(LOGITS, LABEL, LABEL_SMOOTHING)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> new CrossEntropyLoss(p.get(LOGITS), p.get(LABEL), p.get(LABEL_SMOOTHING)));

  public CrossEntropyLoss {
    LABEL_SMOOTHING.validate(labelSmoothing);
  }

  /** The defaults: {@code logits}, {@code label}, no smoothing. */
  public CrossEntropyLoss() {
    this(LOGITS.defaultValue(), LABEL.defaultValue(), LABEL_SMOOTHING.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> z = ctx.endpoint(logits);
    int k = VisionOps.lastDim(z, KEY + ": endpoint '" + logits + "'"); // fails naming the endpoint
    Operand<TInt32> y = Heads.labels(ctx, label);
    // Scores carry one more axis (the classes) than the labels; otherwise TF only fails at run
    // time.
    int zRank = VisionOps.rank(z, "endpoint '" + logits + "'");
    int yRank = VisionOps.rank(y, "label field '" + label + "'");
    if (zRank != yRank + 1) {
      throw new IllegalArgumentException(
          "endpoint '"
              + logits
              + "' has shape "
              + z.shape()
              + " but label field '"
              + label
              + "' has shape "
              + y.shape()
              + ": class scores need the labels' shape plus a class axis ([B,K] for "
              + "[B] labels, [B,H,W,K] for [B,H,W])");
    }
    Operand<TFloat32> ce = LossOps.crossEntropy(tf, z, y, labelSmoothing);
    return LossOps.maskedMean(tf, ce, VisionOps.scoredPositions(tf, y, k, ctx.labelMask()));
  }
}
