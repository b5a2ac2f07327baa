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
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.rotation}: self-supervised rotation prediction (Gidaris et al. 2018, "Unsupervised
 * Representation Learning by Predicting Image Rotations"), used as an auxiliary for semi-supervised
 * learning as in S4L-Rotation (Zhai et al. 2019, "S4L: Self-Supervised Semi-Supervised Learning").
 *
 * <p>Every image of the batch is rotated by 0°, 90°, 180° and 270° in the graph
 * (Transpose/ReverseV2, which have gradients); a 4-way classifier on the model's {@code features}
 * must tell which rotation it sees. The 0° features are the main pass's own; the three rotated
 * copies go through one extra forward pass, {@link LossContext#runModel}, that shares every model
 * weight. Gidaris et al. found feeding all four rotations of an image together works best. Images
 * must be square.
 *
 * <p>The term uses <em>all</em> examples, labelled or not — that is its point in S4L, where the
 * unlabelled images train the shared network through it. Value: mean cross-entropy over the 4·B
 * rotated examples; chance level is ln 4 ≈ 1.386. Default weight 1, the S4L objective {@code L_l +
 * w·L_u} at w = 1 (S4L tunes w). The classifier is linear ({@code hidden = 0}, S4L's choice) or has
 * one hidden ReLU layer; it is train-only.
 *
 * <p><b>Versus S4L's code</b> (google-research/s4l, {@code rotation.py}): there all 4B rotated
 * images go through one forward pass and the classification loss is applied to all four rotated
 * copies of the labelled images. Here the primary cross-entropy sees the upright image (the main
 * pass, B images) and the 3B rotated copies run in a separate pass, so a model with batch
 * normalisation normalises the two passes with different batch statistics. {@code classify_rotated
 * = true} adds S4L's classification of the rotated copies to this term: the masked mean
 * cross-entropy of the rotated pass's {@code logits} against each labelled image's class (so with w
 * = 1 the upright copy counts once in the primary term and the rotated ones once here, where S4L
 * averages all four).
 *
 * @param input the image input to rotate ({@code [B,H,W,C]}, H = W)
 * @param features the endpoint the rotation classifier reads ({@code [B,D]} or {@code [B,H,W,C]})
 * @param hidden hidden units of the classifier; 0 = linear
 * @param classifyRotated also classify the rotated copies of labelled images (S4L)
 * @param logits the model's class-score endpoint, for {@code classifyRotated}
 * @param label the int32 label field, for {@code classifyRotated}
 */
public record RotationLoss(
    String input, String features, int hidden, boolean classifyRotated, String logits, String label)
    implements AuxLoss {
  public static final String KEY = "vision.rotation";
  public static final int ROTATIONS = 4;

  public static final Param<String> INPUT =
      LossParams.name("input", "image", "image input that is rotated [B,H,W,C], square");
  public static final Param<String> FEATURES =
      LossParams.name("features", "features", "endpoint the rotation classifier reads");
  public static final Param<Integer> HIDDEN =
      Param.integer("hidden", 0, "hidden ReLU units of the classifier; 0 = linear").atLeast(0);
  public static final Param<Boolean> CLASSIFY_ROTATED =
      Param.flag(
          "classify_rotated", false, "also classify the rotated copies of labelled images (S4L)");
  public static final Param<String> LOGITS =
      LossParams.name("logits", "logits", "class scores of the rotated pass, for classify_rotated");
  public static final Param<String> LABEL =
      LossParams.name("label", "label", "int32 label field, for classify_rotated");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .weight(1) // the S4L objective L_l + w·L_u at w = 1 (S4L tunes w)
          .summary("predict the rotation (0/90/180/270) of every image, labelled or not")
          .paper(
              "Gidaris et al. 2018, Unsupervised Representation Learning by Predicting Image Rotations; "
                  + "Zhai et al. 2019, S4L: Self-Supervised Semi-Supervised Learning")
          .params(INPUT, FEATURES, HIDDEN, CLASSIFY_ROTATED, LOGITS, LABEL)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p ->
              new RotationLoss(
                  p.get(INPUT),
                  p.get(FEATURES),
                  p.get(HIDDEN),
                  p.get(CLASSIFY_ROTATED),
                  p.get(LOGITS),
                  p.get(LABEL)));

  public RotationLoss {
    HIDDEN.validate(hidden);
  }

  public RotationLoss() {
    this(INPUT.defaultValue(), FEATURES.defaultValue(), HIDDEN.defaultValue());
  }

  /** Rotation prediction only (no classification of the rotated copies). */
  public RotationLoss(String input, String features, int hidden) {
    this(input, features, hidden, false, LOGITS.defaultValue(), LABEL.defaultValue());
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = ctx.input(input, TFloat32.class);
    int[] hw = Images.spatialSize(x, KEY + ": input '" + input + "'");
    if (hw[0] != hw[1]) {
      throw new IllegalArgumentException(
          KEY
              + ": input '"
              + input
              + "' must be square to rotate by 90°, found "
              + hw[0]
              + "×"
              + hw[1]);
    }
    Operand<TFloat32> rotated =
        tf.concat(
            List.of(Images.rot90(tf, x, 1), Images.rot90(tf, x, 2), Images.rot90(tf, x, 3)),
            tf.constant(0));
    Operand<TFloat32> upright =
        Heads.vector(tf, ctx.endpoint(features), KEY + ": endpoint '" + features + "'");
    LossContext.ModelPass pass = ctx.runModel(input, rotated);
    Operand<TFloat32> turned =
        Heads.vector(
            tf, pass.endpoint(features), KEY + ": endpoint '" + features + "' of the rotated pass");
    Operand<TFloat32> all = tf.concat(List.of(upright, turned), tf.constant(0));
    Layers l = ctx.layers().scoped("rotation");
    Operand<TFloat32> h = hidden > 0 ? l.dense("hidden", all, hidden, Activation.RELU) : all;
    Operand<TFloat32> logits = l.dense("classifier", h, ROTATIONS, Activation.NONE);
    Operand<TFloat32> value =
        VisionOps.mean(
            tf,
            LossOps.crossEntropy(tf, logits, rotationLabels(tf, VisionOps.batchSize(tf, x)), 0));
    return classifyRotated ? tf.math.add(value, rotatedClassification(ctx, pass)) : value;
  }

  /** S4L's L_l on the rotated copies: masked mean cross-entropy of their class scores. */
  private Operand<TFloat32> rotatedClassification(LossContext ctx, LossContext.ModelPass pass) {
    Ops tf = ctx.tf();
    Operand<TFloat32> scores = pass.endpoint(this.logits);
    // fails here naming the endpoint, rather than inside the cross-entropy
    VisionOps.lastDim(scores, KEY + ": endpoint '" + this.logits + "' of the rotated pass");
    Operand<TInt32> three = tf.constant(new int[] {ROTATIONS - 1});
    Operand<TInt32> labels =
        tf.tile(Heads.labels(ctx, label), three); // rows follow the rotated stack
    Operand<TFloat32> mask = tf.tile(ctx.labelMask(), three);
    return LossOps.maskedMean(tf, LossOps.crossEntropy(tf, scores, labels, 0), mask);
  }

  /** {@code [0]*B ++ [1]*B ++ [2]*B ++ [3]*B}: the rotation of each row of the stacked batch. */
  static Operand<TInt32> rotationLabels(Ops tf, Operand<TInt32> batch) {
    Operand<TInt32> r =
        tf.reshape(
            tf.range(tf.constant(0), tf.constant(ROTATIONS), tf.constant(1)),
            tf.constant(new int[] {ROTATIONS, 1}));
    Operand<TInt32> multiples =
        tf.concat(
            List.of(tf.constant(new int[] {1}), tf.reshape(batch, tf.constant(new int[] {1}))),
            tf.constant(0));
    return tf.reshape(tf.tile(r, multiples), tf.constant(new int[] {-1}));
  }
}
