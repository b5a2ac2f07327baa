package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.Images;
import dev.auxloss.vision.ops.VisionOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.hed}: holistically-nested side outputs plus their fused output, trained with
 * class-balanced binary cross-entropy (Xie &amp; Tu 2015, "Holistically-Nested Edge Detection").
 *
 * <p>Each listed stage gets a side output: a 1×1 conv to one channel, bilinearly upsampled to the
 * label map's size. The fused output is a 1×1 conv over the stacked side outputs, initialised to
 * the average (weights 1/M, as HED initialises its fusion layer). Every output {@code a} is scored
 * with
 *
 * <pre>  ℓ = −(1/|Y|)·[β·Σ_{j∈Y+} log σ(a_j) + (1 − β)·Σ_{j∈Y−} log(1 − σ(a_j))],  β = |Y−| / |Y|
 * </pre>
 *
 * <p>per image, so the rare positive pixels weigh as much as the many negatives. HED sums over
 * pixels; dividing by |Y| keeps the value independent of the image size (only the scale of the
 * gradient changes). The term is {@code Σ_m α_m·ℓ_side_m + w_fuse·ℓ_fuse} (HED: all 1), averaged
 * over the labelled examples that have a pixel of a class.
 *
 * <p>The binary target comes from the int32 label map: {@code edges} (default) marks every pixel
 * with a 4-neighbour of another class (object boundaries, two pixels thick), {@code foreground}
 * every pixel of a class &gt; 0. A pixel whose label is no class in {@code [0, classes)} (a mask's
 * ignore index, 255) is not in Y: it makes no edge, neither its own nor its neighbours', and counts
 * in neither the loss nor β, as the other segmentation losses leave it out ({@link
 * VisionOps#scoredPositions}). All side and fusion variables are train-only.
 *
 * @param endpoints stage endpoints that get a side output, shallowest first
 * @param sideWeights α_m per side output
 * @param fuseWeight weight of the fused output's loss
 * @param target {@code edges} or {@code foreground}
 * @param label the int32 label map {@code [B,H,W]}
 * @param classes number of classes; 0 takes the last dimension of {@code logits}
 */
public record HedLoss(
    List<String> endpoints,
    List<Double> sideWeights,
    double fuseWeight,
    String target,
    String label,
    int classes)
    implements AuxLoss {
  public static final String KEY = "vision.hed";

  /** α_m of every side output when {@code side_weights} is not given (HED: all 1). */
  public static final double DEFAULT_SIDE_WEIGHT = 1.0;

  public static final String EDGES = "edges";
  public static final String FOREGROUND = "foreground";

  public static final Param<String> ENDPOINTS =
      LossParams.endpointList(
          "endpoints",
          "stage1/features,stage2/features",
          "comma-separated stage endpoints for side outputs, shallowest first");
  public static final Param<List<Double>> SIDE_WEIGHTS =
      LossParams.weights(
          "side_weights", "α_m per side output; empty = " + DEFAULT_SIDE_WEIGHT + " each");
  public static final Param<Double> FUSE_WEIGHT =
      Param.number("fuse_weight", 1, "weight of the fused output's loss").atLeast(0);
  public static final Param<String> TARGET =
      Param.choice(
          "target",
          EDGES,
          List.of(EDGES, FOREGROUND),
          "edges (label boundaries) or foreground (label > 0)");
  public static final Param<String> LABEL =
      LossParams.name("label", "seg_label", "int32 label map [B,H,W]");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .summary("HED side outputs + fused output, class-balanced binary cross-entropy")
          .paper("Xie & Tu 2015, Holistically-Nested Edge Detection")
          .params(ENDPOINTS, SIDE_WEIGHTS, FUSE_WEIGHT, TARGET, LABEL, LossParams.CLASSES)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> {
            List<String> endpoints = LossParams.split(p.get(ENDPOINTS));
            return new HedLoss(
                endpoints,
                LossParams.orEach(p.get(SIDE_WEIGHTS), endpoints.size(), DEFAULT_SIDE_WEIGHT),
                p.get(FUSE_WEIGHT),
                p.get(TARGET),
                p.get(LABEL),
                p.get(LossParams.CLASSES));
          });

  public HedLoss {
    endpoints = List.copyOf(endpoints);
    ENDPOINTS.validate(String.join(",", endpoints));
    sideWeights = LossParams.onePerEndpoint(SIDE_WEIGHTS, sideWeights, endpoints);
    FUSE_WEIGHT.validate(fuseWeight);
    TARGET.validate(target);
    LossParams.CLASSES.validate(classes);
  }

  /** Side outputs on {@code endpoints} with HED's unit weights and edge targets. */
  public static HedLoss on(String... endpoints) {
    return (HedLoss) FACTORY.create(Params.of("endpoints", String.join(",", endpoints)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    int k = Heads.classes(ctx, classes, KEY);
    Operand<TInt32> labels = Heads.labels(ctx, label);
    int[] hw = SegAuxHeadLoss.labelSize(labels, KEY, label);
    // the pixels of a class; the label mask weighs whole images below, as HED's ℓ is per image
    Operand<TFloat32> scored =
        VisionOps.scoredPositions(tf, labels, k, tf.onesLike(ctx.labelMask()));
    Operand<TFloat32> y =
        target.equals(EDGES)
            ? edges(tf, labels, scored)
            : tf.math.mul(
                tf.dtypes.cast(tf.math.greater(labels, tf.constant(0)), TFloat32.class), scored);
    Balance balance = Balance.of(tf, y, scored); // the same for every side output and the fusion
    Layers l = ctx.layers().scoped("hed");
    List<Operand<TFloat32>> sides = new ArrayList<>();
    Operand<TFloat32> total = null;
    for (int m = 0; m < endpoints.size(); m++) {
      String name = endpoints.get(m);
      Operand<TFloat32> x = ctx.endpoint(name);
      Images.spatialSize(x, KEY + ": endpoint '" + name + "'");
      Operand<TFloat32> side =
          Images.resizeBilinear(
              tf, l.conv2d("side" + m, x, 1, 1, 1, Activation.NONE), hw[0], hw[1]);
      sides.add(side);
      total = add(tf, total, weighted(tf, balancedBce(tf, side, balance), sideWeights.get(m)));
    }
    int count = sides.size();
    Operand<TFloat32> stacked = count == 1 ? sides.get(0) : tf.concat(sides, tf.constant(3));
    Operand<TFloat32> kernel =
        l.variable("fuse/kernel", Shape.of(1, 1, count, 1), Initializer.constant(1f / count));
    Operand<TFloat32> bias = l.variable("fuse/bias", Shape.of(1), Initializer.zeros());
    Operand<TFloat32> fused =
        tf.nn.biasAdd(tf.nn.conv2d(stacked, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
    total = add(tf, total, weighted(tf, balancedBce(tf, fused, balance), fuseWeight));
    // an image with no scored pixel (all ignore index) has no loss to average in
    Operand<TFloat32> hasPixels =
        tf.dtypes.cast(tf.math.greater(balance.pixels(), tf.constant(0f)), TFloat32.class);
    return LossOps.maskedMean(tf, total, tf.math.mul(ctx.labelMask(), hasPixels));
  }

  /**
   * HED's class balance of one target, per image: the positive pixels' weight β = |Y−|/|Y| on y,
   * the negatives' 1 − β on the other scored pixels, and |Y| ({@code pixels}, the scored ones).
   */
  record Balance(Operand<TFloat32> positive, Operand<TFloat32> negative, Operand<TFloat32> pixels) {
    /** From binary targets y [B,H,W] (0 where not scored) and the 0/1 scored map [B,H,W]. */
    static Balance of(Ops tf, Operand<TFloat32> y, Operand<TFloat32> scored) {
      Operand<TFloat32> pixels = perImageSum(tf, scored);
      Operand<TFloat32> n = // floored so an image with no scored pixel gives 0, not NaN
          tf.math.maximum(pixels, tf.constant(LossOps.MASK_SUM_FLOOR));
      Operand<TFloat32> beta = tf.math.sub(tf.constant(1f), tf.math.div(perImageSum(tf, y), n));
      Operand<TFloat32> betaMap = tf.reshape(beta, tf.constant(new int[] {-1, 1, 1}));
      // each pixel's weight divided by |Y| here, once, instead of each loss's sum afterwards
      Operand<TFloat32> perPixel =
          tf.reshape(tf.math.reciprocal(n), tf.constant(new int[] {-1, 1, 1}));
      return new Balance(
          tf.math.mul(tf.math.mul(y, betaMap), perPixel),
          tf.math.mul(
              tf.math.mul(tf.math.sub(scored, y), tf.math.sub(tf.constant(1f), betaMap)), perPixel),
          pixels);
    }
  }

  /**
   * Class-balanced BCE per image over its scored pixels: scores {@code [B,H,W,1]} → {@code [B]}.
   */
  static Operand<TFloat32> balancedBce(Ops tf, Operand<TFloat32> scores, Balance balance) {
    Operand<TFloat32> a = tf.squeeze(scores, Squeeze.axis(List.of(3L)));
    // log σ(a) = −softplus(−a), log(1 − σ(a)) = −softplus(a): stable for large |a|
    Operand<TFloat32> pos = tf.math.mul(balance.positive(), tf.math.softplus(tf.math.neg(a)));
    Operand<TFloat32> neg = tf.math.mul(balance.negative(), tf.math.softplus(a));
    return perImageSum(tf, tf.math.add(pos, neg));
  }

  private static Operand<TFloat32> perImageSum(Ops tf, Operand<TFloat32> map) {
    return tf.reduceSum(map, tf.constant(new int[] {1, 2}));
  }

  /**
   * 1 where a scored pixel has a scored 4-neighbour with another label, else 0: {@code [B,H,W]}
   * float. {@code scored} is 0/1 {@code [B,H,W]} ({@link VisionOps#scoredPositions}): a pixel of no
   * class (ignore index) borders nothing.
   */
  static Operand<TFloat32> edges(Ops tf, Operand<TInt32> labels, Operand<TFloat32> scored) {
    int[] hw = SegAuxHeadLoss.labelSize(labels, KEY, "label");
    Operand<TFloat32> down =
        differs(tf, labels, scored, new int[] {0, 1, 0}, new int[] {-1, hw[0] - 1, hw[1]});
    Operand<TFloat32> right =
        differs(tf, labels, scored, new int[] {0, 0, 1}, new int[] {-1, hw[0], hw[1] - 1});
    // a difference between rows i and i+1 marks both pixels: pad once after, once before
    return tf.math.maximum(
        tf.math.maximum(pad(tf, down, 1, 0, 1), pad(tf, down, 1, 1, 0)),
        tf.math.maximum(pad(tf, right, 2, 0, 1), pad(tf, right, 2, 1, 0)));
  }

  /** 1 where a pixel and its neighbour at offset {@code begin} are both scored and differ. */
  private static Operand<TFloat32> differs(
      Ops tf, Operand<TInt32> labels, Operand<TFloat32> scored, int[] begin, int[] size) {
    Operand<TInt32> origin = tf.constant(new int[] {0, 0, 0});
    Operand<TInt32> shifted = tf.slice(labels, tf.constant(begin), tf.constant(size));
    Operand<TInt32> base = tf.slice(labels, origin, tf.constant(size));
    Operand<TFloat32> bothScored =
        tf.math.mul(
            tf.slice(scored, tf.constant(begin), tf.constant(size)),
            tf.slice(scored, origin, tf.constant(size)));
    return tf.math.mul(tf.dtypes.cast(tf.math.notEqual(shifted, base), TFloat32.class), bothScored);
  }

  private static Operand<TFloat32> pad(
      Ops tf, Operand<TFloat32> x, int axis, int before, int after) {
    int[][] p = new int[3][2];
    p[axis] = new int[] {before, after};
    return tf.pad(x, tf.constant(p), tf.constant(0f));
  }

  private static Operand<TFloat32> weighted(Ops tf, Operand<TFloat32> x, double w) {
    return tf.math.mul(x, tf.constant((float) w));
  }

  private static Operand<TFloat32> add(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return a == null ? b : tf.math.add(a, b);
  }
}
