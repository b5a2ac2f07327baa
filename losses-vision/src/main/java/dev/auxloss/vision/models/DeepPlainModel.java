package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code deep-plain}: a deep plain CNN, {@code depth} 3×3 conv layers of {@code width} filters with
 * ReLU, no batch norm, no residual connections and Glorot-uniform kernels — the setting where deep
 * supervision helps most (Lee et al. 2015): with Glorot init each ReLU layer halves the signal's
 * variance, so the gradient reaching the first layers fades with depth.
 *
 * <p>The layers form {@code depth / 4} stages of four; stage i publishes {@code "stage<i>/features"}
 * (default depth 16: stage1..stage4). Max pooling after stages 1 and 2 takes 28×28 to 7×7. Then
 * global average pooling ({@code "features"}) and a dense layer to {@code num_classes} ({@code
 * "logits"}, served). {@code init = he} swaps in He-normal kernels for comparison.
 *
 * @param depth conv layers, a multiple of 4 in 4..32
 * @param width filters per conv layer
 * @param numClasses width of the served logits
 * @param init {@code glorot} (plain) or {@code he}
 */
public record DeepPlainModel(int depth, int width, int numClasses, String init) implements ModelFn {
  public static final String KEY = "deep-plain";
  public static final int DEFAULT_DEPTH = 16;
  public static final int DEFAULT_WIDTH = 32;
  public static final int DEFAULT_NUM_CLASSES = 10;
  public static final String DEFAULT_INIT = "glorot";
  public static final int LAYERS_PER_STAGE = 4;

  public static final List<ParamSpec> PARAMS =
      List.of(
          ParamSpec.integer("depth", DEFAULT_DEPTH, "conv layers, a multiple of 4 in 4..32 (stages of 4)"),
          ParamSpec.integer("width", DEFAULT_WIDTH, "filters per conv layer"),
          ParamSpec.integer("num_classes", DEFAULT_NUM_CLASSES, "number of classes of the logits"),
          ParamSpec.text("init", DEFAULT_INIT, "kernel initialiser: glorot (plain) or he"));

  public static final VisionModelFactory FACTORY = new VisionModelFactory(
      "plain deep CNN without batch norm, endpoints stage1/features.. every 4 layers", PARAMS, DeepPlainModel::from);

  public DeepPlainModel {
    if (depth < 4 || depth > 32 || depth % LAYERS_PER_STAGE != 0) {
      throw new IllegalArgumentException("depth must be a multiple of 4 in 4..32, found " + depth);
    }
    if (width <= 0) throw new IllegalArgumentException("width must be > 0, found " + width);
    if (numClasses < 2) throw new IllegalArgumentException("num_classes must be >= 2, found " + numClasses);
    if (!init.equals("glorot") && !init.equals("he")) {
      throw new IllegalArgumentException("init must be glorot or he, found " + init);
    }
  }

  public DeepPlainModel() {
    this(DEFAULT_DEPTH, DEFAULT_WIDTH, DEFAULT_NUM_CLASSES, DEFAULT_INIT);
  }

  static DeepPlainModel from(Params p) {
    int depth = p.integer("depth", DEFAULT_DEPTH, x -> x >= 4 && x <= 32 && x % 4 == 0,
        "must be a multiple of 4 in 4..32");
    int width = p.integer("width", DEFAULT_WIDTH, x -> x > 0, "must be > 0");
    int classes = p.integer("num_classes", DEFAULT_NUM_CLASSES, x -> x >= 2, "must be >= 2");
    String init = p.choice("init", DEFAULT_INIT, List.of("glorot", "he"));
    p.check(PARAMS);
    return new DeepPlainModel(depth, width, classes, init);
  }

  /** Number of stages, {@code depth / 4}. */
  public int stages() {
    return depth / LAYERS_PER_STAGE;
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
