package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.nlp.loss.internal.MoeTerms;
import java.util.List;
import java.util.function.BiConsumer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A mixture-of-experts feed-forward layer with top-1 (Switch, Fedus et al. 2021) or top-2 (GShard,
 * Lepikhin et al. 2020) routing and a per-sequence expert capacity.
 *
 * <p>Routing uses argmax + one-hot, not TopKV2 (which has no gradient in TF 1.1.0): the router's
 * gradient flows through the gate values {@code softmax(router_logits)} of the chosen experts. Each
 * sequence is a routing group (static size T): expert capacity {@code C = ⌈capacity_factor · k · T
 * / E⌉}; a token past its expert's capacity is dropped (its output is 0, the residual carries it),
 * as in Switch. Dispatch and combine are dense [B,T,E,C] tensors contracted with einsum, so every
 * shape is static and every op has a built-in gradient. Padding tokens are never routed.
 *
 * <p>Publishes (local names, the model prefixes {@code moe/<layer>/}): {@code router_logits}
 * [B,T,E], {@code dispatch} and {@code combine} [B,T,E,C], {@code expert_fraction} [E] (share of
 * real tokens whose first choice is each expert) and {@code dropped_fraction} [] (share of routed
 * assignments over capacity).
 *
 * @param experts number of experts E (default 4)
 * @param topK 1 (Switch) or 2 (GShard: gates of the two choices renormalised to sum 1)
 * @param capacityFactor capacity slack (default 1.25, Fedus et al. 2021)
 * @param ffDim each expert's hidden width
 */
public record MoeFeedForward(int experts, int topK, double capacityFactor, int ffDim) {
  public MoeFeedForward {
    TextModelConfig.EXPERTS.validate(experts);
    TextModelConfig.ROUTER_TOP_K.validate(topK);
    TextModelConfig.CAPACITY_FACTOR.validate(capacityFactor);
    // top-k <= experts follows: at least 2 experts, k at most 2
  }

  /** Expert capacity per sequence of length {@code t}. */
  public int capacity(int t) {
    return Math.max(1, (int) Math.ceil(capacityFactor * topK * t / experts));
  }

  public Operand<TFloat32> apply(
      Layers l,
      Operand<TFloat32> x,
      Operand<TFloat32> tokenMask,
      BiConsumer<String, Operand<?>> publish) {
    Ops tf = l.tf();
    int t = SeqLayers.length(x);
    int d = SeqLayers.width(x);
    int c = capacity(t);
    Operand<TFloat32> router =
        l.variable("router/kernel", Shape.of(d, experts), Initializer.normal(0.02));
    Operand<TFloat32> logits = tf.linalg.einsum(List.of(x, router), "btd,de->bte");
    Operand<TFloat32> probs = tf.nn.softmax(logits);
    Operand<TFloat32> real = tf.expandDims(tokenMask, tf.constant(-1));

    Operand<TFloat32> choice1 = tf.math.mul(oneHotArgMax(tf, probs), real);
    Operand<TFloat32> pos1 = exclusiveCumsum(tf, choice1);
    Operand<TFloat32> keep1 = tf.math.mul(choice1, under(tf, pos1, c));
    Operand<TFloat32> gate1 = tf.reduceSum(tf.math.mul(probs, choice1), tf.constant(-1));
    Operand<TFloat32> dispatch = slots(tf, keep1, pos1, c);
    Operand<TFloat32> combine = tf.math.mul(dispatch, expand2(tf, gate1));
    Operand<TFloat32> routed = choice1;
    Operand<TFloat32> kept = keep1;
    if (topK == 2) {
      Operand<TFloat32> rest = tf.math.mul(probs, tf.math.sub(tf.constant(1f), choice1));
      Operand<TFloat32> choice2 = tf.math.mul(oneHotArgMax(tf, rest), real);
      Operand<TFloat32> firstCount = tf.reduceSum(keep1, tf.constant(1), ReduceSum.keepDims(true));
      Operand<TFloat32> pos2 = tf.math.add(exclusiveCumsum(tf, choice2), firstCount);
      Operand<TFloat32> keep2 = tf.math.mul(choice2, under(tf, pos2, c));
      Operand<TFloat32> gate2 = tf.reduceSum(tf.math.mul(probs, choice2), tf.constant(-1));
      Operand<TFloat32> norm = tf.math.add(tf.math.add(gate1, gate2), tf.constant(1e-9f));
      Operand<TFloat32> dispatch2 = slots(tf, keep2, pos2, c);
      combine =
          tf.math.add(
              tf.math.mul(dispatch, expand2(tf, tf.math.div(gate1, norm))),
              tf.math.mul(dispatch2, expand2(tf, tf.math.div(gate2, norm))));
      dispatch = tf.math.add(dispatch, dispatch2);
      routed = tf.math.add(routed, choice2);
      kept = tf.math.add(kept, keep2);
    }

    Operand<TFloat32> in = tf.linalg.einsum(List.of(dispatch, x), "btec,btd->becd");
    Operand<TFloat32> w1 =
        l.variable("experts/w1", Shape.of(experts, d, ffDim), Initializer.glorotUniform());
    Operand<TFloat32> b1 =
        l.variable("experts/b1", Shape.of(experts, 1, ffDim), Initializer.constant(0f));
    Operand<TFloat32> w2 =
        l.variable("experts/w2", Shape.of(experts, ffDim, d), Initializer.glorotUniform());
    Operand<TFloat32> b2 =
        l.variable("experts/b2", Shape.of(experts, 1, d), Initializer.constant(0f));
    Operand<TFloat32> hidden =
        Activation.GELU.apply(
            tf, tf.math.add(tf.linalg.einsum(List.of(in, w1), "becd,edf->becf"), b1));
    Operand<TFloat32> out =
        tf.math.add(tf.linalg.einsum(List.of(hidden, w2), "becf,efd->becd"), b2);
    Operand<TFloat32> y = tf.linalg.einsum(List.of(combine, out), "btec,becd->btd");

    publish.accept("router_logits", logits);
    publish.accept("dispatch", dispatch);
    publish.accept("combine", combine);
    publish.accept("expert_fraction", MoeTerms.tokenMean(tf, choice1, real));
    // kept assignments are a subset of the routed ones: the kept share is their mean over the
    // routed
    publish.accept(
        "dropped_fraction", tf.math.sub(tf.constant(1f), LossOps.maskedMean(tf, kept, routed)));
    return y;
  }

  /** One-hot of the argmax over experts: [B,T,E] → [B,T,E] (no gradient, none needed). */
  private Operand<TFloat32> oneHotArgMax(Ops tf, Operand<TFloat32> p) {
    Operand<TInt32> idx = tf.math.argMax(p, tf.constant(-1), TInt32.class);
    return tf.oneHot(idx, tf.constant(experts), tf.constant(1f), tf.constant(0f));
  }

  /** Each token's slot in its expert's buffer: the number of earlier tokens sent there. */
  private static Operand<TFloat32> exclusiveCumsum(Ops tf, Operand<TFloat32> choice) {
    return tf.stopGradient(tf.math.cumsum(choice, tf.constant(1), Cumsum.exclusive(true)));
  }

  private static Operand<TFloat32> under(Ops tf, Operand<TFloat32> pos, int c) {
    return tf.dtypes.cast(tf.math.less(pos, tf.constant((float) c)), TFloat32.class);
  }

  /** [B,T,E] choice × slot index → [B,T,E,C] one-hot buffer positions. */
  private static Operand<TFloat32> slots(
      Ops tf, Operand<TFloat32> keep, Operand<TFloat32> pos, int c) {
    Operand<TInt32> slot =
        tf.dtypes.cast(tf.reduceSum(tf.math.mul(pos, keep), tf.constant(-1)), TInt32.class);
    Operand<TFloat32> hot = tf.oneHot(slot, tf.constant(c), tf.constant(1f), tf.constant(0f));
    return tf.math.mul(tf.expandDims(keep, tf.constant(-1)), tf.expandDims(hot, tf.constant(2)));
  }

  /** [B,T] → [B,T,1,1] for broadcasting over experts and slots. */
  private static Operand<TFloat32> expand2(Ops tf, Operand<TFloat32> g) {
    return tf.expandDims(tf.expandDims(g, tf.constant(-1)), tf.constant(-1));
  }
}
