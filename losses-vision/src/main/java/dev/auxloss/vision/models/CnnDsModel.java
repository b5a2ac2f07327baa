package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code cnn-ds}: the benchmark CNN for 28×28×1 images (see BENCHMARKS.md):
 *
 * <pre>
 * image [B,28,28,1]
 *  block1: conv3×3(32)-ReLU, conv3×3(32)-ReLU, maxpool 2  → "block1/features" [B,14,14,32]
 *  block2: conv3×3(64)-ReLU, conv3×3(64)-ReLU, maxpool 2  → "block2/features" [B,7,7,64]
 *  dense(128)-ReLU                                        → "features"        [B,128]
 *  dense(num_classes)                                     → "logits" (served) [B,10]
 * </pre>
 *
 * <p>The block endpoints are where auxiliary classifiers ({@code vision.aux_classifier}, {@code
 * vision.dsn_companion}) attach; {@code features} feeds rotation prediction and contrastive heads.
 * He-normal kernels (the kit's default for ReLU stacks), no batch norm, no dropout.
 *
 * @param numClasses width of the served logits
 */
public record CnnDsModel(int numClasses) implements ModelFn {
  public static final String KEY = "cnn-ds";

  public static final Param<Integer> NUM_CLASSES =
      Param.integer("num_classes", 10, "number of classes of the logits").atLeast(2);

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder(KEY)
              .summary(
                  "benchmark CNN: 2 conv blocks (32, 64) + dense 128; endpoints block1/features,"
                      + " block2/features, features")
              .params(NUM_CLASSES)
              .build(),
          p -> new CnnDsModel(p.get(NUM_CLASSES)));

  public CnnDsModel {
    NUM_CLASSES.validate(numClasses);
  }

  public CnnDsModel() {
    this(NUM_CLASSES.defaultValue());
  }

  /** A classifier: its accuracy, as every evaluation reported before metrics were named. */
  @Override
  public java.util.List<String> defaultMetrics() {
    return java.util.List.of(dev.auxloss.vision.metrics.VisionMetrics.ACCURACY_KEY);
  }

  @Override
  public void build(ModelContext ctx) {
    Layers l = ctx.layers();
    Operand<TFloat32> x = ctx.input("image", TFloat32.class);
    x = l.conv2d("block1/conv1", x, 32, 3, 1, Activation.RELU);
    x = l.maxPool(l.conv2d("block1/conv2", x, 32, 3, 1, Activation.RELU), 2, 2);
    ctx.publish("block1/features", x);
    x = l.conv2d("block2/conv1", x, 64, 3, 1, Activation.RELU);
    x = l.maxPool(l.conv2d("block2/conv2", x, 64, 3, 1, Activation.RELU), 2, 2);
    ctx.publish("block2/features", x);
    Operand<TFloat32> features = l.dense("fc", l.flatten(x), 128, Activation.RELU);
    ctx.publish("features", features);
    ctx.output("logits", l.dense("logits", features, numClasses, Activation.NONE));
  }
}
