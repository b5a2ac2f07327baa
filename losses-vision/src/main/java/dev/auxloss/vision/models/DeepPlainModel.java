package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code deep-plain}: a deep plain CNN, {@code depth} 3×3 conv layers of {@code width} filters with
 * ReLU, no batch norm, no residual connections and Glorot-uniform kernels — the setting where deep
 * supervision helps most (Lee et al. 2015): with Glorot init each ReLU layer halves the signal's
 * variance, so the gradient reaching the first layers fades with depth.
 *
 * <p>The layers form {@code depth / 4} stages of four; stage i publishes {@code
 * "stage<i>/features"} (default depth 16: stage1..stage4). Max pooling after stages 1 and 2 takes
 * 28×28 to 7×7. Then global average pooling ({@code "features"}) and a dense layer to {@code
 * num_classes} ({@code "logits"}, served). {@code init = he} swaps in He-normal kernels for
 * comparison.
 *
 * @param depth conv layers, a multiple of 4 in 4..32
 * @param width filters per conv layer
 * @param numClasses width of the served logits
 * @param init {@code glorot} (plain) or {@code he}
 */
public record DeepPlainModel(int depth, int width, int numClasses, String init) implements ModelFn {
  public static final String KEY = "deep-plain";
  public static final int LAYERS_PER_STAGE = 4;

  public static final Param<Integer> DEPTH =
      Param.integer("depth", 16, "conv layers, a multiple of 4 in 4..32 (stages of 4)")
          .check(
              d -> d >= 4 && d <= 32 && d % LAYERS_PER_STAGE == 0,
              "must be a multiple of 4 in 4..32");
  public static final Param<Integer> WIDTH =
      Param.integer("width", 32, "filters per conv layer").above(0);
  public static final Param<Integer> NUM_CLASSES =
      Param.integer("num_classes", 10, "number of classes of the logits").atLeast(2);
  public static final Param<String> INIT =
      Param.choice(
          "init", "glorot", List.of("glorot", "he"), "kernel initialiser: glorot (plain) or he");

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder(KEY)
              .summary(
                  "plain deep CNN without batch norm, endpoints stage1/features.. every 4 layers")
              .params(DEPTH, WIDTH, NUM_CLASSES, INIT)
              .build(),
          p -> new DeepPlainModel(p.get(DEPTH), p.get(WIDTH), p.get(NUM_CLASSES), p.get(INIT)));

  public DeepPlainModel {
    DEPTH.validate(depth);
    WIDTH.validate(width);
    NUM_CLASSES.validate(numClasses);
    INIT.validate(init);
  }

  public DeepPlainModel() {
    this(
        DEPTH.defaultValue(),
        WIDTH.defaultValue(),
        NUM_CLASSES.defaultValue(),
        INIT.defaultValue());
  }

  /** Number of stages, {@code depth / 4}. */
  public int stages() {
    return depth / LAYERS_PER_STAGE;
  }

  /** A classifier: its accuracy, as every evaluation reported before metrics were named. */
  @Override
  public java.util.List<String> defaultMetrics() {
    return java.util.List.of(dev.auxloss.vision.metrics.VisionMetrics.ACCURACY_KEY);
  }

  @Override
  public void build(ModelContext ctx) {
    Layers l = ctx.layers();
    Initializer kernels = init.equals("he") ? Initializer.heNormal() : Initializer.glorotUniform();
    Operand<TFloat32> x = ctx.input("image", TFloat32.class);
    for (int s = 1; s <= stages(); s++) {
      for (int c = 1; c <= LAYERS_PER_STAGE; c++) {
        x = Convs.conv(l, "stage" + s + "/conv" + c, x, width, 3, kernels, Activation.RELU);
      }
      ctx.publish("stage" + s + "/features", x);
      if (s <= 2 && s < stages()) x = l.maxPool(x, 2, 2);
    }
    Operand<TFloat32> features = l.globalAvgPool(x);
    ctx.publish("features", features);
    ctx.output("logits", l.dense("logits", features, numClasses, Activation.NONE));
  }
}
