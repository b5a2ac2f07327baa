package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.VisionOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code vision.reconstruction}: reconstruct the input image from an intermediate feature, an
 * unsupervised auxiliary that keeps information the classifier would discard (Zhang, Lee &amp; Lee
 * 2016, "Augmenting Supervised Neural Networks with Unsupervised Objectives for Large-scale Image
 * Classification", ICML; in the line of Ranzato &amp; Szummer 2008 and ladder networks).
 *
 * <p>Decoder (train-only): a feature map {@code [B,h,w,C]} is bilinearly upsampled to the image
 * size, then 3×3 conv ({@code hidden} filters, ReLU) → 3×3 conv to the image's channels → sigmoid;
 * a feature vector {@code [B,D]} goes through dense ({@code hidden}, ReLU) → dense (H·W·C) →
 * reshape → sigmoid. The value is the mean squared error against the image (values in [0, 1]), over
 * pixels, channels and every example — labelled or not. A constant 0.5 prediction of an image that
 * is all 0 or 1 scores 0.25.
 *
 * <p>Default weight 1.0 is this module's choice: Zhang et al. balance their reconstruction terms
 * with tuned weights and give no single value for this setting.
 *
 * @param endpoint the intermediate endpoint to decode
 * @param input the image input to reconstruct
 * @param hidden filters (or units) of the decoder's hidden layer
 */
public record ReconstructionLoss(String endpoint, String input, int hidden) implements AuxLoss {
  public static final String KEY = "vision.reconstruction";

  public static final Param<String> ENDPOINT =
      LossParams.requiredName("endpoint", "block1/features", "intermediate endpoint to decode");
  public static final Param<String> INPUT =
      LossParams.name("input", "image", "image input to reconstruct [B,H,W,C] in [0,1]");
  public static final Param<Integer> HIDDEN =
      Param.integer("hidden", 32, "filters (or units) of the decoder's hidden layer").above(0);

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .weight(
              1) // this module's choice: Zhang et al. tune their reconstruction weights per setting
          .summary("decode the input image from an intermediate endpoint, mean squared error")
          .paper(
              "Zhang, Lee & Lee 2016, Augmenting Supervised Neural Networks with Unsupervised Objectives for"
                  + " Large-scale Image Classification")
          .params(ENDPOINT, INPUT, HIDDEN)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR, p -> new ReconstructionLoss(p.get(ENDPOINT), p.get(INPUT), p.get(HIDDEN)));

  public ReconstructionLoss {
    ENDPOINT.validate(endpoint);
    HIDDEN.validate(hidden);
  }

  public ReconstructionLoss(String endpoint) {
    this(endpoint, INPUT.defaultValue(), HIDDEN.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> image = ctx.input(input, TFloat32.class);
    int[] hw = Images.spatialSize(image, KEY + ": input '" + input + "'");
    int channels = VisionOps.lastDim(image, KEY + ": input '" + input + "'");
    Operand<TFloat32> x = ctx.endpoint(endpoint);
    Layers l = ctx.layers().scoped("decoder");
    int r = VisionOps.rank(x, KEY + ": endpoint '" + endpoint + "'");
    Operand<TFloat32> out;
    if (r == 4) {
      Images.spatialSize(x, KEY + ": endpoint '" + endpoint + "'");
      Operand<TFloat32> up = Images.resizeBilinear(tf, x, hw[0], hw[1]);
      out =
          l.conv2d(
              "out",
              l.conv2d("hidden", up, hidden, 3, 1, Activation.RELU),
              channels,
              3,
              1,
              Activation.SIGMOID);
    } else if (r == 2) {
      Operand<TFloat32> h = l.dense("hidden", x, hidden, Activation.RELU);
      Operand<TFloat32> flat = l.dense("out", h, hw[0] * hw[1] * channels, Activation.SIGMOID);
      out = tf.reshape(flat, tf.constant(new int[] {-1, hw[0], hw[1], channels}));
    } else {
      throw new IllegalArgumentException(
          KEY + ": endpoint '" + endpoint + "' must be [B,H,W,C] or [B,D], found " + x.shape());
    }
    return VisionOps.mean(tf, tf.math.square(tf.math.sub(out, image)));
  }
}
