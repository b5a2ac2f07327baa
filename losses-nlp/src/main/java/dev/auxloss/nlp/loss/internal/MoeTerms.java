package dev.auxloss.nlp.loss.internal;

import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** What the MoE losses share: finding every layer's router logits and masking padding tokens. */
public final class MoeTerms {
  private MoeTerms() {}

  /** Accepted ways to combine per-layer values. */
  public static final List<String> REDUCTIONS = List.of("sum", "mean");

  /**
   * Every endpoint {@code <group>/<layer>/<leaf>} in publication order (one per MoE layer). None is
   * an error naming what the loss needs and listing the endpoints that exist.
   */
  public static List<Operand<TFloat32>> collect(
      LossContext ctx, String key, String group, String leaf) {
    List<String> names = TextOps.groupMembers(ctx.endpointNames(), group, leaf);
    if (names.isEmpty() || ctx.endpointGroup(group).isEmpty()) {
      throw new IllegalArgumentException(
          key
              + " needs router logits published as "
              + group
              + "/<layer>/"
              + leaf
              + " by a MoE model; endpoints: "
              + ctx.endpointNames());
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (String n : names) {
      Operand<TFloat32> r = ctx.endpoint(n);
      int rank = r.shape().numDimensions();
      if (rank != 2 && rank != 3) {
        throw new IllegalArgumentException(
            key + ": " + n + " must be [B,T,E] or [N,E], found " + r.shape());
      }
      TextOps.width(r, key + " " + n);
      out.add(r);
    }
    return out;
  }

  /**
   * Per-token weights shaped like {@code r} without its expert axis plus a trailing 1 ([B,T,1] or
   * [N,1]): the token mask field, or ones when {@code maskName} is empty.
   */
  public static Operand<TFloat32> weights(
      Ops tf, LossContext ctx, String maskName, Operand<TFloat32> r) {
    if (maskName.isEmpty()) {
      // ones of r's token shape without OnesLike (no gradient in TF 1.1.0): fill from r's shape
      Operand<TFloat32> firstExpert = TextOps.lastAxisSlice(tf, r, 0, 1);
      return tf.fill(tf.shape(firstExpert), tf.constant(1f));
    }
    Operand<TFloat32> m = ctx.input(maskName, TFloat32.class);
    return r.shape().numDimensions() == 3
        ? tf.expandDims(m, tf.constant(-1))
        : tf.reshape(m, tf.constant(new int[] {-1, 1}));
  }

  /**
   * Masked mean over tokens of {@code x} [...,E] with weights [...,1] → [E]: {@link
   * LossOps#maskedMean} kept per expert (same floor), which a scalar mean cannot give.
   */
  public static Operand<TFloat32> tokenMean(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank - 1];
    for (int i = 0; i < axes.length; i++) axes[i] = i;
    Operand<TFloat32> num = tf.reduceSum(tf.math.mul(x, w), tf.constant(axes));
    int[] all = new int[rank];
    for (int i = 0; i < rank; i++) all[i] = i;
    Operand<TFloat32> den = tf.reduceSum(w, tf.constant(all));
    return tf.math.div(num, tf.math.maximum(den, tf.constant(LossOps.MASK_SUM_FLOOR)));
  }

  /** Sums or averages the per-layer scalars. */
  public static Operand<TFloat32> combine(Ops tf, List<Operand<TFloat32>> perLayer, String reduce) {
    Operand<TFloat32> sum = perLayer.size() == 1 ? perLayer.get(0) : tf.math.addN(perLayer);
    return reduce.equals("mean") ? tf.math.div(sum, tf.constant((float) perLayer.size())) : sum;
  }
}
