package dev.auxloss.vision.ops;

import dev.auxloss.api.layers.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Image transforms built in the graph for NHWC float32 batches: exact rotations by multiples of
 * 90°, resizing, and the random views contrastive losses compare.
 *
 * <p>Rotations use only Transpose and ReverseV2, which have gradients in TF 1.1.0 (there is no
 * rot90 op). Resizing goes through ResizeBilinear (gradient: ResizeBilinearGrad) for scores and
 * ResizeNearestNeighbor for integer label maps, which need no gradient.
 */
public final class Images {
  private Images() {}

  /**
   * Rotates every image of {@code x [B,H,W,C]} counter-clockwise by {@code k × 90°}, as {@code
   * numpy.rot90(x, k, axes=(1, 2))}: for k = 1 the output pixel (i, j) is the input pixel (j,
   * W−1−i). Odd k needs square images.
   */
  public static Operand<TFloat32> rot90(Ops tf, Operand<TFloat32> x, int k) {
    int turns = Math.floorMod(k, 4);
    Operand<TInt32> perm = tf.constant(new int[] {0, 2, 1, 3});
    return switch (turns) {
      case 0 -> x;
      case 1 -> tf.linalg.transpose(tf.reverse(x, tf.constant(new int[] {2})), perm);
      case 2 -> tf.reverse(x, tf.constant(new int[] {1, 2}));
      default -> tf.reverse(tf.linalg.transpose(x, perm), tf.constant(new int[] {2}));
    };
  }

  /** The static height and width of an NHWC tensor, or an error naming {@code what}. */
  public static int[] spatialSize(Operand<?> x, String what) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() != 4 || s.get(1) < 0 || s.get(2) < 0) {
      throw new IllegalArgumentException(
          what
              + " must be [batch, height, width, channels] with known height and width, found "
              + s);
    }
    return new int[] {(int) s.get(1), (int) s.get(2)};
  }

  /**
   * The layer kit's bilinear resize ({@link Layers#resizeBilinear(Ops, Operand, int, int)}:
   * half-pixel centres, as TF 2's {@code tf.image.resize}), with this class's shape message.
   */
  public static Operand<TFloat32> resizeBilinear(
      Ops tf, Operand<TFloat32> x, int height, int width) {
    spatialSize(x, "resized tensor");
    return Layers.resizeBilinear(tf, x, height, width);
  }

  /**
   * Nearest-neighbour resize of an integer label map {@code [B,H,W]} to {@code height × width}:
   * output pixel (i, j) takes input pixel (⌊i·H/height⌋, ⌊j·W/width⌋), the top-left pixel of each
   * block when downsampling by a whole factor (TF's {@code resize_nearest_neighbor} default
   * sampling).
   */
  public static Operand<TInt32> resizeLabels(
      Ops tf, Operand<TInt32> labels, int height, int width) {
    Shape s = labels.shape();
    if (s.numDimensions() == 3 && s.get(1) == height && s.get(2) == width) return labels;
    Operand<TInt32> expanded = tf.expandDims(labels, tf.constant(-1));
    Operand<TInt32> resized =
        tf.image.resizeNearestNeighbor(expanded, tf.constant(new int[] {height, width}));
    return tf.squeeze(resized, Squeeze.axis(List.of(3L)));
  }

  /**
   * One random view of {@code x [B,H,W,C]} (values in [0, 1]) for contrastive learning, a
   * grey-scale version of SimCLR's augmentations (Chen et al. 2020): a random square crop covering
   * {@code minCrop}..1 of each side resized back to H×W, a horizontal flip with probability 1/2,
   * and brightness/contrast jitter of ±{@code jitter}; values are clipped to [0, 1]. Each example
   * draws its own parameters; {@code seed2} separates the two views.
   */
  public static Operand<TFloat32> randomView(
      Ops tf, Operand<TFloat32> x, double minCrop, double jitter, long seed, long seed2) {
    int[] hw = spatialSize(x, "augmented image");
    Operand<TInt32> b = VisionOps.batchSize(tf, x);
    Operand<TInt32> perExample = tf.reshape(b, tf.constant(new int[] {1}));
    Operand<TFloat32> u =
        uniform(
            tf,
            tf.concat(List.of(perExample, tf.constant(new int[] {6})), tf.constant(0)),
            seed,
            seed2);
    // column 0: crop side, 1-2: crop offset, 3: flip, 4: brightness, 5: contrast
    Operand<TFloat32> side = affine(tf, column(tf, u, 0), (float) minCrop, 1f);
    Operand<TFloat32> room = tf.math.sub(tf.constant(1f), side);
    Operand<TFloat32> y1 = tf.math.mul(column(tf, u, 1), room);
    Operand<TFloat32> x1 = tf.math.mul(column(tf, u, 2), room);
    Operand<TFloat32> boxes =
        tf.stack(List.of(y1, x1, tf.math.add(y1, side), tf.math.add(x1, side)), Stack.axis(1L));
    Operand<TInt32> index = tf.range(tf.constant(0), b, tf.constant(1));
    Operand<TFloat32> crop =
        tf.image.cropAndResize(x, boxes, index, tf.constant(new int[] {hw[0], hw[1]}));
    Operand<TBool> flip =
        tf.reshape(
            tf.math.less(column(tf, u, 3), tf.constant(0.5f)),
            tf.constant(new int[] {-1, 1, 1, 1}));
    Operand<TFloat32> flipped = tf.select(flip, tf.reverse(crop, tf.constant(new int[] {2})), crop);
    Operand<TFloat32> bright =
        toImage(tf, affine(tf, column(tf, u, 4), (float) -jitter, (float) jitter));
    Operand<TFloat32> contrast =
        toImage(tf, affine(tf, column(tf, u, 5), (float) (1 - jitter), (float) (1 + jitter)));
    Operand<TFloat32> mean = VisionOps.spatialMeanKeepDims(tf, flipped);
    Operand<TFloat32> jittered =
        tf.math.add(tf.math.add(tf.math.mul(tf.math.sub(flipped, mean), contrast), mean), bright);
    return tf.clipByValue(jittered, tf.constant(0f), tf.constant(1f));
  }

  private static Operand<TFloat32> uniform(Ops tf, Operand<TInt32> shape, long seed, long seed2) {
    return tf.random.randomUniform(shape, TFloat32.class, RandomUniform.seed(seed).seed2(seed2));
  }

  private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> u, int c) {
    return tf.squeeze(
        tf.slice(u, tf.constant(new int[] {0, c}), tf.constant(new int[] {-1, 1})),
        Squeeze.axis(List.of(1L)));
  }

  private static Operand<TFloat32> affine(Ops tf, Operand<TFloat32> u01, float lo, float hi) {
    return tf.math.add(tf.constant(lo), tf.math.mul(u01, tf.constant(hi - lo)));
  }

  private static Operand<TFloat32> toImage(Ops tf, Operand<TFloat32> perExample) {
    return tf.reshape(perExample, tf.constant(new int[] {-1, 1, 1, 1}));
  }
}
