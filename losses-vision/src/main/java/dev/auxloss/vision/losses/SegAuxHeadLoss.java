package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.VisionOps;
import java.util.List;
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
 * softmax cross-entropy against the int32 label map {@code [B,H,W]}, averaged over pixels, then over
 * labelled examples. The head is train-only: PSPNet drops it at test time, so does the export.
 *
 * @param endpoint the intermediate feature map {@code [B,h,w,C]}
 * @param channels filters of the 3×3 conv (256 in mmsegmentation)
 * @param dropout dropout rate before the classifier (0.1)
 * @param label the int32 segmentation label field {@code [B,H,W]}
 * @param classes number of classes; 0 takes the last dimension of {@code logits}
 */
public record SegAuxHeadLoss(String endpoint, int channels, double dropout, String label, int classes)
    implements AuxLoss {
  public static final String KEY = "vision.seg_aux_head";
  /** PSPNet's auxiliary loss weight. */
  public static final double DEFAULT_WEIGHT = 0.4;
  public static final int DEFAULT_CHANNELS = 256;
  public static final double DEFAULT_DROPOUT = 0.1;
  public static final String DEFAULT_LABEL = "seg_label";
  public static final int DEFAULT_CLASSES = 0;

  public static final List<ParamSpec> PARAMS =
      List.of(
          ParamSpec.text("endpoint", "", "intermediate feature map, e.g. stage2/features (required)"),
          ParamSpec.integer("channels", DEFAULT_CHANNELS, "filters of the head's 3x3 conv"),
          ParamSpec.number("dropout", DEFAULT_DROPOUT, "dropout rate before the classifier"),
          ParamSpec.text("label", DEFAULT_LABEL, "int32 label map [B,H,W]"),
          ParamSpec.integer("classes", DEFAULT_CLASSES, "number of classes; 0 = last dimension of 'logits'"));

  public static final LossDescriptor DESCRIPTOR =
      new LossDescriptor(
          KEY,
          Role.AUXILIARY,
          DEFAULT_WEIGHT,
          "auxiliary FCN head (3x3 conv, dropout, 1x1 conv, upsample) with pixel cross-entropy",
          "Zhao et al. 2017, Pyramid Scene Parsing Network (auxiliary loss weight α = 0.4)",
          PARAMS);

  public static final VisionLossFactory FACTORY = new VisionLossFactory(DESCRIPTOR, SegAuxHeadLoss::from);

  public SegAuxHeadLoss {
    if (endpoint == null || endpoint.isBlank()) throw new IllegalArgumentException("endpoint is required");
    if (channels <= 0) throw new IllegalArgumentException("channels must be > 0, found " + channels);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
    if (classes < 0 || classes == 1) throw new IllegalArgumentException("classes must be 0 or >= 2, found " + classes);
  }

  /** A head on {@code endpoint} with the paper's defaults. */
  public SegAuxHeadLoss(String endpoint) {
    this(endpoint, DEFAULT_CHANNELS, DEFAULT_DROPOUT, DEFAULT_LABEL, DEFAULT_CLASSES);
  }

  static SegAuxHeadLoss from(Params p) {
    String endpoint = ParamRules.requiredName(p, "endpoint", "stage2/features");
    int channels = p.integer("channels", DEFAULT_CHANNELS, x -> x > 0, ParamRules.POSITIVE);
    double dropout = p.number("dropout", DEFAULT_DROPOUT, x -> x >= 0 && x < 1, ParamRules.PROBABILITY);
    String label = ParamRules.name(p, "label", DEFAULT_LABEL);
    int classes = ParamRules.classes(p, DEFAULT_CLASSES);
    p.check(PARAMS);
    return new SegAuxHeadLoss(endpoint, channels, dropout, label, classes);
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
    Operand<TFloat32> logits = Images.resizeBilinear(tf, l.conv2d("classifier", h, k, 1, 1, Activation.NONE), hw[0], hw[1]);
    Operand<TFloat32> target = LossOps.smoothedOneHot(tf, labels, k, 0);
    Operand<TFloat32> perExample = VisionOps.perExample(tf, VisionOps.softmaxCrossEntropy(tf, logits, target));
    return LossOps.maskedMean(tf, perExample, ctx.labelMask());
  }

  /** The static {@code [H, W]} of a label map {@code [B,H,W]}. */
  static int[] labelSize(Operand<TInt32> labels, String key, String field) {
    long[] s = labels.shape().asArray();
    if (s == null || s.length != 3 || s[1] < 0 || s[2] < 0) {
      throw new IllegalArgumentException(key + ": label field '" + field
          + "' must be an int32 map [batch, height, width] with known height and width, found " + labels.shape());
    }
    return new int[] {(int) s[1], (int) s[2]};
  }
}
