package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.VisionOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.nt_xent}: contrastive learning between two augmented views of every image — NT-Xent
 * (Chen et al. 2020, "A Simple Framework for Contrastive Learning of Visual Representations",
 * SimCLR) or, with {@code supervised = true}, SupCon (Khosla et al. 2020, "Supervised Contrastive
 * Learning").
 *
 * <p>Both views are drawn in the graph ({@link Images#randomView}: random crop, flip, brightness
 * and contrast jitter) and go through one extra forward pass of the model sharing its weights. The
 * {@code features} of the 2N views pass a train-only projection MLP (dense {@code hidden} + ReLU →
 * dense {@code projection_dim}; SimCLR's head) and are L2-normalised to z. For anchor i:
 *
 * <pre>  ℓ_i = −(1/|P(i)|)·Σ_{p∈P(i)} log( exp(z_i·z_p/τ) / Σ_{a≠i} exp(z_i·z_a/τ) )</pre>
 *
 * <p>NT-Xent: P(i) is the other view of the same image. SupCon adds every other view whose label is
 * the same, among labelled examples (unlabelled ones keep only their own other view), Khosla et
 * al.'s L_out. The value is the mean of ℓ_i over the 2N anchors; every example is used.
 *
 * <p>Temperature τ: 0.5 by default, SimCLR's value in its CIFAR-10 appendix (its ImageNet runs use
 * 0.1 with very large batches); with {@code supervised = true} and no explicit temperature, 0.1,
 * SupCon's default. Projection: 128 outputs as in SimCLR; {@code hidden = 0} uses the feature
 * width.
 *
 * <p><b>Scale versus reference code.</b> The value is the paper's (1/2N)·Σℓᵢ.
 * google-research/simclr's {@code add_contrastive_loss} returns loss_a + loss_b, each a mean over
 * N, i.e. twice this value; HobbitLong's {@code SupConLoss} multiplies by τ/base_τ (base_τ = 0.07).
 * The gradients agree up to these constant factors, so a term weight copied from those codebases
 * must be rescaled (×2 for SimCLR's, ×τ/0.07 for SupCon's).
 *
 * @param input image input the views are drawn from
 * @param features endpoint the projection head reads
 * @param temperature τ
 * @param supervised SupCon positives from labels
 * @param label int32 label field (read only when supervised)
 * @param projectionDim output size of the projection head
 * @param hidden hidden units of the projection head; 0 = the feature width
 * @param minCrop smallest crop side, as a fraction of the image side
 * @param jitter brightness and contrast jitter amplitude
 */
public record NtXentLoss(
    String input,
    String features,
    double temperature,
    boolean supervised,
    String label,
    int projectionDim,
    int hidden,
    double minCrop,
    double jitter)
    implements AuxLoss {
  public static final String KEY = "vision.nt_xent";

  /** SimCLR's temperature for CIFAR-10 (Chen et al. 2020, CIFAR-10 appendix). */
  public static final double SIMCLR_TEMPERATURE = 0.5;

  /** SupCon's default temperature (Khosla et al. 2020). */
  public static final double SUPCON_TEMPERATURE = 0.1;

  public static final Param<String> INPUT =
      LossParams.name("input", "image", "image input the two views are drawn from");
  public static final Param<String> FEATURES =
      LossParams.name("features", "features", "endpoint the projection head reads");

  /**
   * Its default holds without {@code supervised}; with it, an unset temperature is {@link
   * #SUPCON_TEMPERATURE}.
   */
  public static final Param<Double> TEMPERATURE =
      Param.number(
              "temperature",
              SIMCLR_TEMPERATURE,
              "τ; default 0.5 (SimCLR, CIFAR-10), or 0.1 (SupCon) when supervised = true")
          .above(0);

  public static final Param<Boolean> SUPERVISED =
      Param.flag("supervised", false, "SupCon: same-label views are positives too");
  public static final Param<String> LABEL =
      LossParams.name("label", "label", "int32 label field (supervised only)");
  public static final Param<Integer> PROJECTION_DIM =
      Param.integer("projection_dim", 128, "projection head output size").above(0);
  public static final Param<Integer> HIDDEN =
      Param.integer("hidden", 0, "projection hidden units; 0 = feature width").atLeast(0);

  /** This module's choice for 28×28 images: crops keep at least 60 % of each side. */
  public static final Param<Double> MIN_CROP =
      Param.number("min_crop", 0.6, "smallest random crop side, fraction of the image")
          .check(x -> x > 0 && x <= 1, "must be in (0, 1]");

  public static final Param<Double> JITTER =
      Param.number("jitter", 0.4, "brightness/contrast jitter amplitude").fraction();

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .summary(
              "NT-Xent (SimCLR) or SupCon contrastive loss between two in-graph augmented views")
          .paper(
              "Chen et al. 2020, SimCLR (τ = 0.5); Khosla et al. 2020, Supervised Contrastive Learning (τ = 0.1)")
          .params(
              INPUT,
              FEATURES,
              TEMPERATURE,
              SUPERVISED,
              LABEL,
              PROJECTION_DIM,
              HIDDEN,
              MIN_CROP,
              JITTER)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> {
            boolean supervised = p.get(SUPERVISED);
            double t =
                p.isSet(TEMPERATURE) || !supervised ? p.get(TEMPERATURE) : SUPCON_TEMPERATURE;
            return new NtXentLoss(
                p.get(INPUT),
                p.get(FEATURES),
                t,
                supervised,
                p.get(LABEL),
                p.get(PROJECTION_DIM),
                p.get(HIDDEN),
                p.get(MIN_CROP),
                p.get(JITTER));
          });

  public NtXentLoss {
    TEMPERATURE.validate(temperature);
    PROJECTION_DIM.validate(projectionDim);
    HIDDEN.validate(hidden);
    MIN_CROP.validate(minCrop);
    JITTER.validate(jitter);
  }

  /** SimCLR defaults ({@code supervised = false}) or SupCon defaults ({@code true}). */
  public static NtXentLoss defaults(boolean supervised) {
    return (NtXentLoss) FACTORY.create(Params.of("supervised", supervised));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = ctx.input(input, TFloat32.class);
    long seed = ctx.seed();
    Operand<TFloat32> views =
        tf.concat(
            List.of(
                Images.randomView(tf, x, minCrop, jitter, seed, 101),
                Images.randomView(tf, x, minCrop, jitter, seed, 202)),
            tf.constant(0));
    Operand<TFloat32> f =
        Heads.vector(
            tf,
            ctx.runModel(input, views).endpoint(features),
            KEY + ": endpoint '" + features + "' of the view pass");
    Layers l = ctx.layers().scoped("projection");
    int width = hidden > 0 ? hidden : VisionOps.lastDim(f, KEY + ": endpoint '" + features + "'");
    Operand<TFloat32> z =
        l.dense(
            "out", l.dense("hidden", f, width, Activation.RELU), projectionDim, Activation.NONE);
    Operand<TInt32> labels = null;
    Operand<TFloat32> mask = null;
    if (supervised) {
      labels =
          tf.concat(List.of(Heads.labels(ctx, label), Heads.labels(ctx, label)), tf.constant(0));
      mask = tf.concat(List.of(ctx.labelMask(), ctx.labelMask()), tf.constant(0));
    }
    return contrastive(tf, z, labels, mask, temperature);
  }

  /**
   * The loss on stacked projections {@code z [2N, d]} (view 1 of every image, then view 2), before
   * normalisation. {@code labels}/{@code mask} ({@code [2N]}) add SupCon positives; null for
   * NT-Xent.
   */
  public static Operand<TFloat32> contrastive(
      Ops tf,
      Operand<TFloat32> z,
      Operand<TInt32> labels,
      Operand<TFloat32> mask,
      double temperature) {
    Operand<TFloat32> u = VisionOps.l2Normalize(tf, z);
    Operand<TInt32> n2 = VisionOps.batchSize(tf, u);
    Operand<TInt32> n = tf.math.floorDiv(n2, tf.constant(2));
    Operand<TInt32> idx = tf.range(tf.constant(0), n2, tf.constant(1));
    Operand<TFloat32> eye = tf.oneHot(idx, n2, tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> positives =
        tf.oneHot(tf.math.floorMod(tf.math.add(idx, n), n2), n2, tf.constant(1f), tf.constant(0f));
    if (labels != null) {
      Operand<TFloat32> same =
          tf.dtypes.cast(
              tf.math.equal(
                  tf.expandDims(labels, tf.constant(1)), tf.expandDims(labels, tf.constant(0))),
              TFloat32.class);
      Operand<TFloat32> both =
          tf.math.mul(tf.expandDims(mask, tf.constant(1)), tf.expandDims(mask, tf.constant(0)));
      Operand<TFloat32> supervisedPositives =
          tf.math.mul(tf.math.mul(same, both), tf.math.sub(tf.constant(1f), eye));
      positives = tf.math.maximum(positives, supervisedPositives);
    }
    Operand<TFloat32> sim =
        tf.math.div(
            tf.linalg.matMul(u, u, MatMul.transposeB(true)), tf.constant((float) temperature));
    // the anchor itself is excluded from the denominator: a large negative logit, no inf/NaN
    Operand<TFloat32> logits = tf.math.sub(sim, tf.math.mul(eye, tf.constant(1e9f)));
    Operand<TFloat32> logProb = tf.nn.logSoftmax(logits);
    Operand<TInt32> row = tf.constant(1);
    Operand<TFloat32> perAnchor =
        tf.math.div(
            tf.math.neg(tf.reduceSum(tf.math.mul(positives, logProb), row)),
            tf.reduceSum(positives, row));
    return VisionOps.mean(tf, perAnchor);
  }
}
