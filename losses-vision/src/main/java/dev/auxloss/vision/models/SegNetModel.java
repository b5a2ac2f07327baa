package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.ops.Images;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code seg-net}: a small U-Net-style encoder-decoder (Ronneberger et al. 2015) for 28×28 images,
 * two 3×3 conv-ReLU layers per level, {@code width} filters doubling per level:
 *
 * <pre>
 * stage1      28×28×w   → "stage1/features"      (pool)
 * stage2      14×14×2w  → "stage2/features"      (pool)
 * bottleneck   7×7×4w   → "bottleneck/features"
 * up1         14×14×2w  → "decoder/up1/features" (bilinear ×2, concat stage2)
 * up2         28×28×w   → "decoder/features"     (bilinear ×2, concat stage1)
 * 1×1 conv               → "logits" [B,28,28,num_classes] (served)
 * </pre>
 *
 * <p>Intermediate endpoints are where {@code vision.seg_aux_head}, {@code vision.hed} and {@code
 * vision.multiscale_ds} attach (for the latter, highest resolution first: by default {@code logits,
 * decoder/up1/features}; or e.g. {@code decoder/features, decoder/up1/features,
 * bottleneck/features}). Default 11 classes: background + the 10 item classes of {@code
 * fashion-mnist-seg} and {@code synthetic-seg}.
 *
 * @param width filters of the first level
 * @param numClasses classes per pixel
 */
public record SegNetModel(int width, int numClasses) implements ModelFn {
  public static final String KEY = "seg-net";

  public static final Param<Integer> WIDTH =
      Param.integer("width", 16, "filters of the first level (doubling per level)").above(0);
  public static final Param<Integer> NUM_CLASSES =
      Param.integer("num_classes", 11, "classes per pixel, background included").atLeast(2);

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder(KEY)
              .summary(
                  "small encoder-decoder for segmentation; logits [B,H,W,C], endpoints stage1/2, bottleneck,"
                      + " decoder")
              .params(WIDTH, NUM_CLASSES)
              .build(),
          p -> new SegNetModel(p.get(WIDTH), p.get(NUM_CLASSES)));

  public SegNetModel {
    WIDTH.validate(width);
    NUM_CLASSES.validate(numClasses);
  }

  public SegNetModel() {
    this(WIDTH.defaultValue(), NUM_CLASSES.defaultValue());
  }

  @Override
  public void build(ModelContext ctx) {
    Layers l = ctx.layers();
    var tf = ctx.tf();
    Operand<TFloat32> image = ctx.input("image", TFloat32.class);
    int[] hw = Images.spatialSize(image, "seg-net input 'image'");
    Operand<TFloat32> s1 = twoConvs(l, "stage1", image, width);
    ctx.publish("stage1/features", s1);
    Operand<TFloat32> s2 = twoConvs(l, "stage2", l.maxPool(s1, 2, 2), 2 * width);
    ctx.publish("stage2/features", s2);
    Operand<TFloat32> bottom = twoConvs(l, "bottleneck", l.maxPool(s2, 2, 2), 4 * width);
    ctx.publish("bottleneck/features", bottom);
    int[] mid = Images.spatialSize(s2, "seg-net stage2");
    Operand<TFloat32> up1 =
        twoConvs(
            l,
            "decoder/up1",
            tf.concat(
                List.of(Images.resizeBilinear(tf, bottom, mid[0], mid[1]), s2), tf.constant(3)),
            2 * width);
    ctx.publish("decoder/up1/features", up1);
    Operand<TFloat32> up2 =
        twoConvs(
            l,
            "decoder/up2",
            tf.concat(List.of(Images.resizeBilinear(tf, up1, hw[0], hw[1]), s1), tf.constant(3)),
            width);
    ctx.publish("decoder/features", up2);
    ctx.output("logits", l.conv2d("logits", up2, numClasses, 1, 1, Activation.NONE));
  }

  private static Operand<TFloat32> twoConvs(
      Layers l, String name, Operand<TFloat32> x, int filters) {
    return l.conv2d(
        name + "/conv2",
        l.conv2d(name + "/conv1", x, filters, 3, 1, Activation.RELU),
        filters,
        3,
        1,
        Activation.RELU);
  }
}
