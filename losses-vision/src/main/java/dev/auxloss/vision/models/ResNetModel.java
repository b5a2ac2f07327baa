package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code resnet}: ResNet v1 (He et al. 2016) with batch norm, v1.5 bottlenecks (stride on the 3×3
 * conv) for depths 50 and 101:
 *
 * <pre>
 * image [B,H,W,C]
 *  stem cifar:    conv3×3(64)-BN-ReLU
 *  stem imagenet: conv7×7/2(64)-BN-ReLU, maxpool 3×3/2
 *  stage1..4: blocks of 64,128,256,512 filters (×4 out for bottlenecks), stride 2 from stage 2
 *             → "stage1/features" .. "stage4/features"
 *  global average pool                     → "features" [B,512 or 2048]
 *  dense(num_classes)                      → "logits" (served)
 * </pre>
 *
 * Blocks per stage: 18 → 2,2,2,2 basic; 34 → 3,4,6,3 basic; 50 → 3,4,6,3 bottleneck; 101 → 3,4,23,3
 * bottleneck. {@code width} multiplies every filter count (0.25 gives 16..128 for quick runs). The
 * stage endpoints are where {@code vision.aux_classifier} and {@code vision.dsn_companion} attach;
 * inference (evaluation, export) uses the moving statistics.
 *
 * @param depth 18, 34, 50 or 101
 * @param stem {@code cifar} (3×3, no downsampling) or {@code imagenet} (7×7/2 and max pool)
 * @param width multiplier of every filter count
 * @param numClasses width of the served logits
 * @param bnMomentum batch norm's moving-average momentum
 */
public record ResNetModel(int depth, String stem, double width, int numClasses, double bnMomentum)
    implements ModelFn {
  public static final String KEY = "resnet";

  /** Blocks per stage for each depth. */
  private static final Map<Integer, int[]> BLOCKS =
      Map.of(
          18, new int[] {2, 2, 2, 2},
          34, new int[] {3, 4, 6, 3},
          50, new int[] {3, 4, 6, 3},
          101, new int[] {3, 4, 23, 3});

  private static final int[] FILTERS = {64, 128, 256, 512};

  public static final Param<Integer> DEPTH =
      Param.integer("depth", 18, "layers: 18 or 34 (basic blocks), 50 or 101 (bottlenecks)")
          .check(BLOCKS::containsKey, "must be one of 18, 34, 50, 101");
  public static final Param<String> STEM =
      Param.choice(
          "stem",
          "cifar",
          List.of("cifar", "imagenet"),
          "cifar: one 3x3 conv; imagenet: 7x7 stride 2 conv and 3x3 stride 2 max pool");
  public static final Param<Double> WIDTH =
      Param.number("width", 1.0, "multiplier of every filter count (64..512 at 1)").above(0);
  public static final Param<Integer> NUM_CLASSES =
      Param.integer("num_classes", 10, "number of classes of the logits").atLeast(2);
  public static final Param<Double> BN_MOMENTUM =
      Param.number(
              "bn_momentum",
              Layers.BATCH_NORM_MOMENTUM,
              "batch norm's moving-average momentum (Keras 0.99; 0.9 suits runs of a few hundred steps)")
          .check(m -> m >= 0 && m < 1, "must be in [0, 1)");

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder(KEY)
              .summary(
                  "ResNet 18/34/50/101 with batch norm; endpoints stage1/features..stage4/features,"
                      + " features")
              .params(DEPTH, STEM, WIDTH, NUM_CLASSES, BN_MOMENTUM)
              .build(),
          p ->
              new ResNetModel(
                  p.get(DEPTH), p.get(STEM), p.get(WIDTH), p.get(NUM_CLASSES), p.get(BN_MOMENTUM)));

  public ResNetModel {
    DEPTH.validate(depth);
    STEM.validate(stem);
    WIDTH.validate(width);
    NUM_CLASSES.validate(numClasses);
    BN_MOMENTUM.validate(bnMomentum);
  }

  public ResNetModel() {
    this(
        DEPTH.defaultValue(),
        STEM.defaultValue(),
        WIDTH.defaultValue(),
        NUM_CLASSES.defaultValue(),
        BN_MOMENTUM.defaultValue());
  }

  /** A classifier: its accuracy, as cnn-ds. */
  @Override
  public List<String> defaultMetrics() {
    return List.of(dev.auxloss.vision.metrics.VisionMetrics.ACCURACY_KEY);
  }

  /** Filters of a stage's blocks (before a bottleneck's ×4): the base times the width, ≥ 1. */
  int filters(int stage) {
    return Math.max(1, (int) Math.round(FILTERS[stage] * width));
  }

  @Override
  public void build(ModelContext ctx) {
    Layers l = ctx.layers().withBatchNormMomentum(bnMomentum);
    Operand<TFloat32> x = ctx.input("image", TFloat32.class);
    if (stem.equals("cifar")) {
      x = l.convBn("stem/conv", x, filters(0), 3, 1, Activation.RELU);
    } else {
      x = l.convBn("stem/conv", x, filters(0), 7, 2, Activation.RELU);
      // SAME padding: 224 → 112 → 56 as Keras' padded max pool gives.
      x =
          l.tf()
              .nn
              .maxPool(
                  x,
                  l.tf().constant(new int[] {1, 3, 3, 1}),
                  l.tf().constant(new int[] {1, 2, 2, 1}),
                  "SAME");
    }
    int[] blocks = BLOCKS.get(depth);
    boolean bottleneck = depth >= 50;
    for (int s = 0; s < blocks.length; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        String name = "stage" + (s + 1) + "/block" + (b + 1);
        int stride = s > 0 && b == 0 ? 2 : 1;
        x =
            bottleneck
                ? l.bottleneckBlock(name, x, filters(s), stride)
                : l.residualBlock(name, x, filters(s), stride);
      }
      ctx.publish("stage" + (s + 1) + "/features", x);
    }
    Operand<TFloat32> features = l.globalAvgPool(x);
    ctx.publish("features", features);
    ctx.output("logits", l.dense("logits", features, numClasses, Activation.NONE));
  }
}
