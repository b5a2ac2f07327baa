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

/**
 * {@code vision.label_smoothing}: label smoothing as its own regulariser term, weight ε = 0.1
 * (Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision", §7).
 *
 * <p>Szegedy et al. write the smoothed loss as {@code H(q′, p) = (1 − ε)·H(q, p) + ε·H(u, p)}: the
 * cross-entropy to the labels plus ε times the cross-entropy to the uniform distribution u. This
 * term is the second part, reported as {@code KL(u ‖ p) = H(u, p) − log K = −log K − (1/K)·Σ_k log
 * p_k} so it reads 0 for a uniform prediction (same gradient as H(u, p)). Keeping it separate from
 * {@code vision.cross_entropy} lets it be logged, scheduled or dropped on its own; for Szegedy's
 * exact objective also give the primary term the weight 1 − ε.
 *
 * <p>Batch mean over labelled examples by default (the smoothed targets belong to labelled images);
 * {@code labelled_only = false} applies it to every example. Segmentation logits {@code [B,H,W,K]}
 * are averaged over pixels first. Standalone: logits {@code [0, ln 2]} (p = ⅓, ⅔) give {@code −ln 2
 * − (ln ⅓ + ln ⅔)/2 ≈ 0.0589}.
 *
 * @param logits the endpoint holding class scores
 * @param labelledOnly average over labelled examples only
 */
public record LabelSmoothingLoss(String logits, boolean labelledOnly) implements AuxLoss {
  public static final String KEY = "vision.label_smoothing";

  public static final Param<String> LOGITS =
      LossParams.name("logits", "logits", "endpoint with class scores [B,K] or [B,H,W,K]");
  public static final Param<Boolean> LABELLED_ONLY =
      Param.flag("labelled_only", true, "average over labelled examples only");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .role(Role.REGULARIZER)
          .weight(0.1) // ε of Szegedy et al. 2016 (Inception-v3 used 0.1 with 1000 classes)
          .summary("KL(uniform || softmax): the uniform part of label smoothing, weight = ε")
          .paper(
              "Szegedy et al. 2016, Rethinking the Inception Architecture for Computer Vision, §7")
          .params(LOGITS, LABELLED_ONLY)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(DESCRIPTOR, p -> new LabelSmoothingLoss(p.get(LOGITS), p.get(LABELLED_ONLY)));

  public LabelSmoothingLoss() {
    this(LOGITS.defaultValue(), LABELLED_ONLY.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> z = ctx.endpoint(logits);
    int k = VisionOps.lastDim(z, KEY + ": endpoint '" + logits + "'");
    Operand<TFloat32> meanLogP = tf.math.mean(VisionOps.logSoftmax(tf, z), tf.constant(-1));
    Operand<TFloat32> kl = tf.math.sub(tf.constant((float) -Math.log(k)), meanLogP);
    Operand<TFloat32> perExample = VisionOps.perExample(tf, kl);
    return labelledOnly
        ? LossOps.maskedMean(tf, perExample, ctx.labelMask())
        : VisionOps.mean(tf, perExample);
  }
}
