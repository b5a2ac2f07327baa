package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.metrics.VisionMetrics;
import dev.auxloss.vision.ops.Images;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code unet}: the U-Net of Ronneberger et al. 2015 in nnU-Net's shape (Isensee et al. 2021):
 * {@code levels} resolutions, {@code base_width} filters at the top doubling per level; every block
 * is two 3×3 convolutions, each followed by a normalisation and a ReLU; the encoder halves the
 * resolution with a 2×2 max pool, the decoder doubles it with a 2×2 stride-2 transposed convolution
 * ({@code upsample = transpose}, nnU-Net's; or {@code bilinear}: a bilinear resize with no weights,
 * as PyTorch U-Nets' {@code bilinear=True}, the block then mixing the channels), concatenates the
 * encoder's map of that level (the skip) and applies a block. For levels = 4 on 28×28 images:
 *
 * <pre>
 * stage1       28×28×w  → "stage1/features"           (pool)
 * stage2       14×14×2w → "stage2/features"           (pool)
 * stage3        7×7×4w  → "stage3/features"           (pool, SAME: 7 → 4)
 * bottleneck    4×4×8w  → "bottleneck/features"
 * level 2       7×7×4w  → "decoder/level2/features"   (up-conv to 7×7, concat stage3)
 * level 1      14×14×2w → "decoder/level1/features"   (up-conv, concat stage2)
 * level 0      28×28×w  → "decoder/level0/features"   (up-conv, concat stage1)
 * 1×1 conv              → "logits" [B,28,28,num_classes] (served)
 * </pre>
 *
 * <p>Pooling pads odd sizes (SAME, ⌈n/2⌉) and each up-convolution returns exactly the skip's size,
 * so any image size works. Decoder endpoint {@code decoder/level<i>/features} is at 1/2^i of the
 * input, the scale index of {@code vision.multiscale_ds}: nnU-Net's deep supervision (the logits at
 * level 0, a 1×1 classifier on each lower decoder level, weights 1/2^i with the lowest level 0,
 * normalised) is that loss's default, the whole training loss as in nnU-Net:
 *
 * <pre>
 * loss { key: "vision.multiscale_ds" role: PRIMARY }
 * </pre>
 *
 * <p>The loss builds those classifiers as train-only heads, so the export serves the network alone.
 * Normalisation: {@code batch} (default; Ioffe &amp; Szegedy 2015 with Keras' momentum 0.99 and ε
 * 1e-3: batch statistics in training, moving averages updated in the same step and used by
 * evaluation and the export) or {@code group} (Wu &amp; He 2018, 32 groups clipped to the channels,
 * the same in training and inference, independent of the batch: for small batches; with one channel
 * per group it is nnU-Net's instance norm). The convolutions keep their bias, as nnU-Net's do. The
 * class count comes from the data ({@code num_classes}; default 11: background + the 10 classes of
 * {@code synthetic-seg}).
 *
 * @param levels resolutions, the bottleneck included (≥ 2)
 * @param baseWidth filters of the top level, doubling per level
 * @param norm normalisation after each convolution
 * @param upsample how the decoder doubles the resolution
 * @param numClasses classes per pixel
 */
public record UNetModel(int levels, int baseWidth, String norm, String upsample, int numClasses)
    implements ModelFn {
  public static final String KEY = "unet";
  public static final String BATCH = "batch";
  public static final String GROUP = "group";

  public static final Param<Integer> LEVELS =
      Param.integer("levels", 4, "resolutions, the bottleneck included")
          .atLeast(2)
          .check(v -> v <= 8, "must be <= 8 (seven poolings: 256x256 down to 2x2)");
  public static final Param<Integer> BASE_WIDTH =
      Param.integer("base_width", 32, "filters of the top level, doubling per level (nnU-Net: 32)")
          .above(0)
          .check(v -> v <= 1024, "must be <= 1024");
  public static final Param<String> NORM =
      Param.choice(
          "norm",
          BATCH,
          List.of(BATCH, GROUP),
          "normalisation after each convolution (batch: Keras' defaults; group: 32 groups)");
  public static final String TRANSPOSE = "transpose";
  public static final String BILINEAR = "bilinear";
  public static final Param<String> UPSAMPLE =
      Param.choice(
          "upsample",
          TRANSPOSE,
          List.of(TRANSPOSE, BILINEAR),
          "decoder up-sampling: 2x2 stride-2 transposed conv, or a bilinear resize");
  public static final Param<Integer> NUM_CLASSES =
      Param.integer("num_classes", 11, "classes per pixel, background included").atLeast(2);

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder(KEY)
              .summary(
                  "U-Net (nnU-Net shape); logits [B,H,W,C], endpoints stageN, bottleneck,"
                      + " decoder/levelN (for vision.multiscale_ds)")
              .params(LEVELS, BASE_WIDTH, NORM, UPSAMPLE, NUM_CLASSES)
              .build(),
          p ->
              new UNetModel(
                  p.get(LEVELS),
                  p.get(BASE_WIDTH),
                  p.get(NORM),
                  p.get(UPSAMPLE),
                  p.get(NUM_CLASSES)));

  public UNetModel {
    LEVELS.validate(levels);
    BASE_WIDTH.validate(baseWidth);
    NORM.validate(norm);
    UPSAMPLE.validate(upsample);
    NUM_CLASSES.validate(numClasses);
    if (norm.equals(GROUP)) {
      for (int i = 0; i < levels; i++) {
        long w = width(baseWidth, i);
        long groups = Math.min(Layers.DEFAULT_GROUPS, w);
        if (w % groups != 0) {
          throw new ConfigException(
              ConfigError.of(
                  BASE_WIDTH.name(),
                  "group norm needs min("
                      + Layers.DEFAULT_GROUPS
                      + ", width) to divide each level's width, but level "
                      + i
                      + " has "
                      + w
                      + " filters; found "
                      + baseWidth));
        }
      }
    }
  }

  public UNetModel() {
    this(
        LEVELS.defaultValue(),
        BASE_WIDTH.defaultValue(),
        NORM.defaultValue(),
        UPSAMPLE.defaultValue(),
        NUM_CLASSES.defaultValue());
  }

  /** Per-pixel classes: mean IoU and Dice over the label map. */
  @Override
  public List<String> defaultMetrics() {
    return List.of(
        VisionMetrics.MEAN_IOU.descriptor().key(), VisionMetrics.DICE.descriptor().key());
  }

  @Override
  public void build(ModelContext ctx) {
    Layers l = ctx.layers();
    Ops tf = ctx.tf();
    Operand<TFloat32> x = ctx.input("image", TFloat32.class);
    Images.spatialSize(x, "unet input 'image'");
    List<Operand<TFloat32>> skips = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      if (i > 0) x = maxPoolSame(tf, x);
      boolean bottom = i == levels - 1;
      String name = bottom ? "bottleneck" : "stage" + (i + 1);
      x = block(l, name, x, width(baseWidth, i));
      ctx.publish(name + "/features", x);
      skips.add(x);
    }
    for (int i = levels - 2; i >= 0; i--) {
      Operand<TFloat32> skip = skips.get(i);
      int[] hw = Images.spatialSize(skip, "unet stage" + (i + 1));
      int w = width(baseWidth, i);
      String name = "decoder/level" + i;
      Operand<TFloat32> up =
          upsample.equals(BILINEAR)
              ? l.resizeBilinear(x, hw[0], hw[1])
              : l.conv2dTranspose(name + "/up", x, w, 2, 2, hw[0], hw[1], Activation.NONE);
      x = block(l, name, tf.concat(List.of(up, skip), tf.constant(3)), w);
      ctx.publish(name + "/features", x);
    }
    ctx.output("logits", l.conv2d("logits", x, numClasses, 1, 1, Activation.NONE));
  }

  private static int width(int base, int level) {
    return base << level;
  }

  /** Two (3×3 conv → norm → ReLU) layers. */
  private Operand<TFloat32> block(Layers l, String name, Operand<TFloat32> x, int filters) {
    for (int k = 1; k <= 2; k++) {
      x = l.conv2d(name + "/conv" + k, x, filters, 3, 1, Activation.NONE);
      x = l.tf().nn.relu(normalize(l, name + "/norm" + k, x));
    }
    return x;
  }

  private Operand<TFloat32> normalize(Layers l, String name, Operand<TFloat32> x) {
    return norm.equals(GROUP) ? l.groupNorm(name, x) : l.batchNorm(name, x);
  }

  /** 2×2 max pool, stride 2, padding odd sizes (⌈n/2⌉) so the decoder can restore them. */
  private static Operand<TFloat32> maxPoolSame(Ops tf, Operand<TFloat32> x) {
    return tf.nn.maxPool(
        x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
  }
}
