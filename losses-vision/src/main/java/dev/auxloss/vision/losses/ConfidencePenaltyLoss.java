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
 * {@code vision.confidence_penalty}: penalises low-entropy (over-confident) predictions, Pereyra et
 * al. 2017, "Regularizing Neural Networks by Penalizing Confident Output Distributions".
 *
 * <p>The paper adds {@code −β·H(p(y|x))} to the loss, optionally hinged at an entropy threshold Γ:
 * {@code β·max(0, Γ − H)}, so only predictions more confident than Γ are penalised. This term
 * returns the batch mean of {@code max(0, Γ − H(softmax(logits)))}; β is the term's weight. With
 * the default {@code threshold = 0}, Γ = log K: the hinge never clips (H ≤ log K) and the value is
 * {@code log K − H = KL(p ‖ u)}, the paper's −H shifted by a constant so it reads 0 for a uniform
 * prediction.
 *
 * <p>Default weight: the paper tunes β per benchmark by grid search and states no single default;
 * 0.1 is this module's choice (the same strength as label smoothing's ε), not a number from the
 * paper — tune it. Uses every example by default (it needs no labels); segmentation logits are
 * averaged over pixels. Standalone: logits {@code [0, ln 3]} (p = ¼, ¾) give {@code ln 2 − H ≈
 * 0.1308}.
 *
 * @param logits the endpoint holding class scores
 * @param threshold Γ in nats; 0 means log K (no hinge)
 * @param labelledOnly average over labelled examples only
 */
public record ConfidencePenaltyLoss(String logits, double threshold, boolean labelledOnly)
    implements AuxLoss {
  public static final String KEY = "vision.confidence_penalty";

  public static final Param<String> LOGITS =
      LossParams.name("logits", "logits", "endpoint with class scores [B,K] or [B,H,W,K]");

  /** 0 stands for Γ = log K, where the hinge is inactive. */
  public static final Param<Double> THRESHOLD =
      Param.number(
              "threshold",
              0,
              "entropy threshold Γ in nats: penalise max(0, Γ - H); 0 means log K (no hinge)")
          .atLeast(0);

  public static final Param<Boolean> LABELLED_ONLY =
      Param.flag("labelled_only", false, "average over labelled examples only");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .role(Role.REGULARIZER)
          .weight(
              0.1) // β: not given once by Pereyra et al. (tuned per task); see the class comment
          .summary("max(0, Γ - entropy(softmax)): penalises over-confident outputs; weight = β")
          .paper(
              "Pereyra et al. 2017, Regularizing Neural Networks by Penalizing Confident Output Distributions")
          .params(LOGITS, THRESHOLD, LABELLED_ONLY)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> new ConfidencePenaltyLoss(p.get(LOGITS), p.get(THRESHOLD), p.get(LABELLED_ONLY)));

  public ConfidencePenaltyLoss {
    THRESHOLD.validate(threshold);
  }

  public ConfidencePenaltyLoss() {
    this(LOGITS.defaultValue(), THRESHOLD.defaultValue(), LABELLED_ONLY.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> z = ctx.endpoint(logits);
    int k = VisionOps.lastDim(z, KEY + ": endpoint '" + logits + "'");
    float gamma = (float) (threshold == 0 ? Math.log(k) : threshold);
    Operand<TFloat32> h = VisionOps.entropy(tf, z);
    Operand<TFloat32> hinge = tf.math.maximum(tf.math.sub(tf.constant(gamma), h), tf.constant(0f));
    Operand<TFloat32> perExample = VisionOps.perExample(tf, hinge);
    return labelledOnly
        ? LossOps.maskedMean(tf, perExample, ctx.labelMask())
        : VisionOps.mean(tf, perExample);
  }
}
