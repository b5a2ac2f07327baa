package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.VisionOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.seg_aux_head}: an auxiliary FCN head on an intermediate stage of a segmentation
 * network, weight 0.4 (Zhao et al. 2017, "Pyramid Scene Parsing Network": a second classifier after
 * res4b22, its loss weighted α = 0.4, the best value of the paper's ablation; mmsegmentation's
 * auxiliary {@code FCNHead} configs keep 0.4).
 *
 * <p>Head, as mmsegmentation's auxiliary {@code FCNHead}: 3×3 conv with {@code channels} filters +
 * ReLU (the batch norm there is left out: the kit has none) → dropout 0.1 → 1×1 conv to K class
 * scores → bilinear upsampling (half-pixel centres) to the label map's size. The loss is per-pixel
 * softmax cross-entropy against the int32 label map {@code [B,H,W]}, averaged over the pixels of
 * the labelled examples whose label is a class (a mask's ignore index, 255, is not scored). The
 * head is train-only: PSPNet drops it at test time, so does the export.
 *
 * @param endpoint the intermediate feature map {@code [B,h,w,C]}
 * @param channels filters of the 3×3 conv (256 in mmsegmentation)
 * @param dropout dropout rate before the classifier (0.1)
 * @param label the int32 segmentation label field {@code [B,H,W]}
 * @param classes number of classes; 0 takes the last dimension of {@code logits}
 */
public record SegAuxHeadLoss(
    String endpoint, int channels, double dropout, String label, int classes) implements AuxLoss {
  public static final String KEY = "vision.seg_aux_head";

  public static final Param<String> ENDPOINT =
      LossParams.requiredName("endpoint", "stage2/features", "intermediate feature map [B,h,w,C]");
  public static final Param<Integer> CHANNELS =
      Param.integer("channels", 256, "filters of the head's 3x3 conv (mmsegmentation: 256)")
          .above(0);
  public static final Param<Double> DROPOUT =
      Param.number("dropout", 0.1, "dropout rate before the classifier").fraction();
  public static final Param<String> LABEL =
      LossParams.name("label", "seg_label", "int32 label map [B,H,W]");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .weight(0.4) // PSPNet's auxiliary loss weight α
          .summary(
              "auxiliary FCN head (3x3 conv, dropout, 1x1 conv, upsample) with pixel cross-entropy")
          .paper("Zhao et al. 2017, Pyramid Scene Parsing Network (auxiliary loss weight α = 0.4)")
          .params(ENDPOINT, CHANNELS, DROPOUT, LABEL, LossParams.CLASSES)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p ->
              new SegAuxHeadLoss(
                  p.get(ENDPOINT),
                  p.get(CHANNELS),
                  p.get(DROPOUT),
                  p.get(LABEL),
                  p.get(LossParams.CLASSES)));

  public SegAuxHeadLoss {
    ENDPOINT.validate(endpoint);
    CHANNELS.validate(channels);
    DROPOUT.validate(dropout);
    LossParams.CLASSES.validate(classes);
  }

  /** A head on {@code endpoint} with the paper's defaults. */
  public SegAuxHeadLoss(String endpoint) {
    this(
        endpoint,
        CHANNELS.defaultValue(),
        DROPOUT.defaultValue(),
        LABEL.defaultValue(),
        LossParams.CLASSES.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    int k = Heads.classes(ctx, classes, KEY);
    Operand<TInt32> labels = Heads.labels(ctx, label);
    int[] hw = labelSize(labels, KEY, label);
    Operand<TFloat32> x = ctx.endpoint(endpoint);
    Images.spatialSize(x, KEY + ": endpoint '" + endpoint + "'");
    Layers l = ctx.layers().scoped("fcn");
    Operand<TFloat32> h = l.conv2d("conv", x, channels, 3, 1, Activation.RELU);
    h = l.dropout(h, dropout);
    Operand<TFloat32> logits =
        Images.resizeBilinear(
            tf, l.conv2d("classifier", h, k, 1, 1, Activation.NONE), hw[0], hw[1]);
    return LossOps.maskedMean(
        tf,
        LossOps.crossEntropy(tf, logits, labels, 0),
        VisionOps.scoredPositions(tf, labels, k, ctx.labelMask()));
  }

  /** The static {@code [H, W]} of a label map {@code [B,H,W]}. */
  static int[] labelSize(Operand<TInt32> labels, String key, String field) {
    long[] s = labels.shape().asArray();
    if (s == null || s.length != 3 || s[1] < 0 || s[2] < 0) {
      throw new IllegalArgumentException(
          key
              + ": label field '"
              + field
              + "' must be an int32 map [batch, height, width] with known height and width, found "
              + labels.shape());
    }
    return new int[] {(int) s[1], (int) s[2]};
  }
}
