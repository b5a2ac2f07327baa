package dev.auxloss.vision.ops;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * nnU-Net's soft Dice loss (Isensee et al. 2021, "nnU-Net", Nature Methods; {@code SoftDiceLoss} /
 * {@code MemoryEfficientSoftDiceLoss} in nnunetv2 {@code training/loss/dice.py}), in the setting
 * its trainer builds for label maps: softmax probabilities, batch Dice, background excluded, smooth
 * 1e-5.
 *
 * <p>With p = softmax(logits), y the one-hot labels and m_b the label mask of example b, summed
 * over the labelled examples and every pixel:
 *
 * <pre>
 *   I_c = Σ m·p_c·y_c    P_c = Σ m·p_c    G_c = Σ m·y_c
 *   dc_c = (2·I_c + s) / max(P_c + G_c + s, 1e-8)
 *   loss = 1 − (1/(K−1)) · Σ_{c=1..K−1} dc_c
 * </pre>
 *
 * <p>Batch Dice pools the whole batch into one Dice per class (nnU-Net's {@code batch_dice}, which
 * its planner sets for every 2-D configuration); class 0 is the background ({@code do_bg = False}).
 * nnU-Net returns {@code −dc}; this returns {@code 1 − dc}, in [0, 1]: the same gradient, but a
 * term that never goes below 0, which the loss-reading strategies assume (DWA's loss ratios,
 * GradNorm's training rates, and uncertainty weighting, whose (1/2σ²)·L + log σ has no minimum for
 * L &lt; 0). A class absent from labels and prediction scores dc = s/s = 1, so a batch with no
 * labelled example gives 0 and no gradient.
 *
 * <p>Standalone: one example, one pixel, K = 2, logits (0, 0), label 1: p_1 = 0.5, I = 0.5, P =
 * 0.5, G = 1, so the loss is 1 − (1 + s)/(1.5 + s) ≈ 0.33333.
 */
public final class SoftDice {
  private SoftDice() {}

  /** nnU-Net's {@code smooth}, added to numerator and denominator of every class's Dice. */
  public static final double NNUNET_SMOOTH = 1e-5;

  /**
   * The floor nnU-Net clips the denominator to; only reached with smooth = 0 and an empty class.
   */
  static final float DENOMINATOR_FLOOR = 1e-8f;

  /**
   * Batch soft Dice loss over the foreground classes.
   *
   * @param logits class scores {@code [B, ..., K]}, K &gt;= 2
   * @param onehot one-hot targets of the same shape
   * @param exampleMask {@code [B]}, 1 for labelled examples
   * @param smooth added to numerator and denominator ({@link #NNUNET_SMOOTH})
   * @return a scalar in [0, 1]
   */
  public static Operand<TFloat32> batchForegroundLoss(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> onehot,
      Operand<TFloat32> exampleMask,
      double smooth) {
    int rank = VisionOps.rank(logits, "Dice logits");
    int[] broadcast = new int[rank];
    Arrays.fill(broadcast, 1);
    broadcast[0] = -1;
    return dice(tf, logits, onehot, tf.reshape(exampleMask, tf.constant(broadcast)), smooth);
  }

  /**
   * As {@link #batchForegroundLoss}, with a weight per position instead of per example: {@code
   * positions} has the logits' shape without the class axis (0 leaves a pixel out of I, P and G: an
   * ignored pixel).
   */
  public static Operand<TFloat32> batchForegroundLossAt(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> onehot,
      Operand<TFloat32> positions,
      double smooth) {
    return dice(tf, logits, onehot, tf.expandDims(positions, tf.constant(-1)), smooth);
  }

  /** {@code m}: weights broadcastable to the logits' shape. */
  private static Operand<TFloat32> dice(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> onehot,
      Operand<TFloat32> m,
      double smooth) {
    int k = VisionOps.lastDim(logits, "Dice logits");
    int rank = VisionOps.rank(logits, "Dice logits");
    if (k < 2)
      throw new IllegalArgumentException(
          "Dice needs >= 2 classes (background + foreground), found " + k);
    Operand<TFloat32> p = tf.math.mul(tf.math.exp(VisionOps.logSoftmax(tf, logits)), m);
    Operand<TFloat32> y = tf.math.mul(onehot, m);
    int[] allButClasses = new int[rank - 1];
    for (int i = 0; i < rank - 1; i++) allButClasses[i] = i;
    Operand<TInt32> axes = tf.constant(allButClasses);
    Operand<TFloat32> intersection = tf.reduceSum(tf.math.mul(p, y), axes);
    Operand<TFloat32> predicted = tf.reduceSum(p, axes);
    Operand<TFloat32> labelled = tf.reduceSum(y, axes);
    Operand<TFloat32> s = tf.constant((float) smooth);
    Operand<TFloat32> dice =
        tf.math.div(
            tf.math.add(tf.math.mul(tf.constant(2f), intersection), s),
            tf.math.maximum(
                tf.math.add(tf.math.add(predicted, labelled), s), tf.constant(DENOMINATOR_FLOOR)));
    // Background out by a 0/1 weight rather than a slice: Mul and Sum have gradients in TF 1.1.0.
    float[] foreground = new float[k];
    Arrays.fill(foreground, 1, k, 1f / (k - 1));
    return tf.math.sub(
        tf.constant(1f), tf.reduceSum(tf.math.mul(dice, tf.constant(foreground)), tf.constant(0)));
  }
}
