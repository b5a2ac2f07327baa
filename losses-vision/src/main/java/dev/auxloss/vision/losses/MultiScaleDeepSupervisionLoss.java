package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.SoftDice;
import dev.auxloss.vision.ops.VisionOps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.multiscale_ds}: multi-scale deep supervision of a segmentation decoder, as nnU-Net
 * trains it (Isensee et al. 2021, "nnU-Net", Nature Methods; loss and weights as nnunetv2's {@code
 * nnUNetTrainer._build_loss} sets them up: {@code DC_and_CE_loss} wrapped in {@code
 * DeepSupervisionWrapper}).
 *
 * <p>Each listed endpoint is one decoder resolution, highest first. With {@code heads = true} each
 * gets a train-only 1×1 conv classifier, except the model's {@code logits}, which already are class
 * scores and are scored as they are; with {@code heads = false} every endpoint already is class
 * scores. Left out, {@code endpoints} are nnU-Net's: the network's output {@code logits} [B,H,W,K]
 * as scale 0, then every {@code decoder/…/features} endpoint of lower resolution, highest first
 * ({@code unet}: {@code logits, decoder/level1/features, decoder/level2/features, …}; {@code
 * seg-net}: {@code logits, decoder/up1/features}). The label map is downsampled to each resolution
 * by nearest neighbour (the top-left pixel of each block, TF's {@code resize_nearest_neighbor}
 * sampling) — never interpolated, so labels stay valid classes. Scale i is scored, as nnU-Net's
 * {@code DC_and_CE_loss} with weights 1 and 1, by
 *
 * <pre>  L_i = CE_i + Dice_i</pre>
 *
 * <p>where CE_i is the softmax cross-entropy averaged over the labelled examples' pixels and Dice_i
 * is nnU-Net's soft Dice loss ({@link SoftDice}): batch Dice over the labelled examples, background
 * class 0 excluded, smooth 1e-5, as {@code 1 − dc} ∈ [0, 1] (nnU-Net returns {@code −dc}: same
 * gradient, but a term that could go below 0). A pixel whose label is no class (a mask's ignore
 * index, 255) counts in neither. {@code dice = false} keeps the cross-entropy alone.
 *
 * <p>Weights, nnU-Net's: {@code w_i = 1/2^i}, the lowest resolution set to 0, normalised to sum 1 —
 * three scales give (2/3, 1/3, 0). A single scale keeps weight 1. A scale of weight 0 builds no
 * head (no dead variables), but its endpoint must still exist. {@code scale_weights} overrides them
 * (used as given). With two endpoints this rule gives (1, 0): the second scale is not supervised at
 * all; give {@code scale_weights} to train it.
 *
 * <p>nnU-Net's scale 0 is the network output itself, and its deep-supervision loss is the whole
 * training loss: to match it make this term the primary one ({@code role: PRIMARY}, no other term
 * on the logits; {@code examples/unet-deep-supervision.pbtxt}). A {@code vision.cross_entropy} on
 * the logits beside it adds to scale 0's cross-entropy; listing a decoder endpoint at the logits'
 * resolution (with {@code heads = true}) puts a second, train-only classifier there.
 *
 * <p>Standalone: one scale, weight 1, one pixel, two classes, logits (0, 0), label 1: CE = log 2,
 * Dice = 1 − (1 + s)/(1.5 + s), so the term is log 2 + 0.33333 ≈ 1.02648 (0.69315 with {@code dice
 * = false}).
 *
 * @param endpoints decoder endpoints, highest resolution first
 * @param scaleWeights weight per scale
 * @param heads attach a 1×1 conv classifier to each endpoint
 * @param dice add nnU-Net's soft Dice loss to each scale's cross-entropy
 * @param label the int32 label map {@code [B,H,W]} at full resolution
 * @param classes number of classes; 0 takes the last dimension of {@code logits}
 */
public record MultiScaleDeepSupervisionLoss(
    List<String> endpoints,
    List<Double> scaleWeights,
    boolean heads,
    boolean dice,
    String label,
    int classes)
    implements AuxLoss {
  public static final String KEY = "vision.multiscale_ds";

  /** The model output that is scale 0 by default and never gets a head. */
  public static final String LOGITS = "logits";

  public static final Param<String> ENDPOINTS =
      LossParams.optionalEndpointList(
          "endpoints",
          "comma-separated decoder endpoints, highest resolution first; empty = logits, then every"
              + " decoder/.../features endpoint of lower resolution");
  public static final Param<List<Double>> SCALE_WEIGHTS =
      LossParams.weights(
          "scale_weights", "weight per scale; empty = nnU-Net: 1/2^i, lowest 0, sum 1");
  public static final Param<Boolean> HEADS =
      Param.flag(
          "heads", true, "attach a 1x1 conv classifier per endpoint (false: endpoints are logits)");

  /** nnU-Net trains every scale on CE + Dice ({@code nnUNetTrainer._build_loss}). */
  public static final Param<Boolean> DICE =
      Param.flag(
          "dice",
          true,
          "add nnU-Net's soft Dice (batch Dice, no"
              + " background, smooth "
              + SoftDice.NNUNET_SMOOTH
              + ") to each scale's cross-entropy; false = cross-entropy"
              + " only");

  public static final Param<String> LABEL =
      LossParams.name("label", "seg_label", "int32 label map [B,H,W]");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .summary(
              "multi-scale deep supervision (CE + soft Dice per scale) with nearest-downsampled labels,"
                  + " nnU-Net weights")
          .paper(
              "Isensee et al. 2021, nnU-Net: a self-configuring method for deep learning-based biomedical image"
                  + " segmentation")
          .params(ENDPOINTS, SCALE_WEIGHTS, HEADS, DICE, LABEL, LossParams.CLASSES)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> {
            List<String> endpoints = LossParams.split(p.get(ENDPOINTS));
            List<Double> given = p.get(SCALE_WEIGHTS);
            return new MultiScaleDeepSupervisionLoss(
                endpoints,
                given.isEmpty() && !endpoints.isEmpty() ? nnUNetWeights(endpoints.size()) : given,
                p.get(HEADS),
                p.get(DICE),
                p.get(LABEL),
                p.get(LossParams.CLASSES));
          });

  public MultiScaleDeepSupervisionLoss {
    endpoints = List.copyOf(endpoints);
    ENDPOINTS.validate(String.join(",", endpoints));
    // with the default endpoints the scales are known once the model is built (see build)
    scaleWeights =
        endpoints.isEmpty()
            ? SCALE_WEIGHTS.validate(List.copyOf(scaleWeights))
            : LossParams.onePerEndpoint(SCALE_WEIGHTS, scaleWeights, endpoints);
    LossParams.CLASSES.validate(classes);
  }

  /** nnU-Net's weights for {@code n} scales: 1/2^i, the last 0, normalised to sum 1. */
  public static List<Double> nnUNetWeights(int n) {
    if (n == 1) return List.of(1.0);
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = i == n - 1 ? 0 : 1 / Math.pow(2, i);
      sum += w[i];
    }
    List<Double> out = new ArrayList<>();
    for (double v : w) out.add(v / sum);
    return List.copyOf(out);
  }

  /** nnU-Net weights on {@code endpoints}, with heads. */
  public static MultiScaleDeepSupervisionLoss on(String... endpoints) {
    return (MultiScaleDeepSupervisionLoss)
        FACTORY.create(Params.of("endpoints", String.join(",", endpoints)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    int k = Heads.classes(ctx, classes, KEY);
    Operand<TInt32> labels = Heads.labels(ctx, label);
    SegAuxHeadLoss.labelSize(labels, KEY, label);
    List<String> scales = endpoints.isEmpty() ? nnUNetEndpoints(ctx) : endpoints;
    List<Double> weights = scaleWeights.isEmpty() ? nnUNetWeights(scales.size()) : scaleWeights;
    if (weights.size() != scales.size()) {
      throw new IllegalArgumentException(
          KEY
              + ": scale_weights needs one weight per endpoint ("
              + scales.size()
              + ": "
              + scales
              + "), found "
              + weights.size()
              + " "
              + weights);
    }
    Operand<TFloat32> total = null;
    for (int i = 0; i < scales.size(); i++) {
      String name = scales.get(i);
      Operand<TFloat32> x = ctx.endpoint(name);
      int[] hw = Images.spatialSize(x, KEY + ": endpoint '" + name + "'");
      if (weights.get(i) == 0) continue;
      boolean scores = !heads || name.equals(LOGITS);
      Operand<TFloat32> logits =
          scores ? x : ctx.layers().scoped("ds").conv2d("scale" + i, x, k, 1, 1, Activation.NONE);
      if (scores && VisionOps.lastDim(x, name) != k) {
        throw new IllegalArgumentException(
            KEY
                + ": endpoint '"
                + name
                + "' has "
                + VisionOps.lastDim(x, name)
                + " channels but "
                + (heads ? "the model's logits are scored as" : "heads = false needs")
                + " class scores with "
                + k
                + " classes");
      }
      Operand<TInt32> y = Images.resizeLabels(tf, labels, hw[0], hw[1]);
      // pixels whose label is the ignore index (no class) count in neither CE nor Dice
      Operand<TFloat32> scored = VisionOps.scoredPositions(tf, y, k, ctx.labelMask());
      Operand<TFloat32> scaleLoss =
          LossOps.maskedMean(tf, LossOps.crossEntropy(tf, logits, y, 0), scored);
      if (dice) {
        scaleLoss =
            tf.math.add(
                scaleLoss,
                SoftDice.batchForegroundLossAt(
                    tf,
                    logits,
                    LossOps.smoothedOneHot(tf, y, k, 0),
                    scored,
                    SoftDice.NNUNET_SMOOTH));
      }
      Operand<TFloat32> scale = tf.math.mul(scaleLoss, tf.constant(weights.get(i).floatValue()));
      total = total == null ? scale : tf.math.add(total, scale);
    }
    return total == null ? tf.constant(0f) : total;
  }

  /**
   * The default scales: {@code logits} [B,H,W,K], then every {@code decoder/…/features} endpoint of
   * lower resolution, largest first; an error naming the model's endpoints when it has no such
   * logits.
   */
  static List<String> nnUNetEndpoints(LossContext ctx) {
    Set<String> names = ctx.endpointNames();
    if (!names.contains(LOGITS) || VisionOps.rank(ctx.endpoint(LOGITS), LOGITS) != 4) {
      throw new IllegalArgumentException(
          KEY
              + ": set 'endpoints'; left out they are the model's '"
              + LOGITS
              + "' [batch, height, width, classes] and its decoder/.../features endpoints of lower"
              + " resolution, but this model's logits are "
              + (names.contains(LOGITS) ? ctx.endpoint(LOGITS).shape() : "missing")
              + "; endpoints: "
              + names);
    }
    int top = area(ctx, LOGITS);
    List<String> out = new ArrayList<>(List.of(LOGITS));
    names.stream()
        .filter(n -> n.startsWith("decoder/") && n.endsWith("/features") && area(ctx, n) < top)
        .sorted(Comparator.comparingInt((String n) -> -area(ctx, n)).thenComparing(n -> n))
        .forEach(out::add);
    return out;
  }

  private static int area(LossContext ctx, String name) {
    int[] hw = Images.spatialSize(ctx.endpoint(name), KEY + ": endpoint '" + name + "'");
    return hw[0] * hw[1];
  }
}
