package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.internal.MoeTerms;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.switch_load_balance}: the Switch Transformer auxiliary load-balancing loss (Fedus et
 * al. 2021, eq. 4), per MoE layer {@code N · Σᵢ fᵢ·Pᵢ}, where over the real tokens {@code fᵢ} is
 * the share dispatched to expert i (argmax of the router) and {@code Pᵢ} the mean router
 * probability of expert i. Only {@code P} carries a gradient; the value is 1 when routing is
 * uniform and grows to N when one expert takes everything. Collected from every layer's {@code
 * moe/<layer>/router_logits} ({@code ctx.endpointGroup("moe")}) and summed over layers as each
 * Switch layer adds its own loss ({@code reduce=mean} averages instead). Default α = 1e-2 (the
 * paper; HF Transformers defaults to 1e-3).
 *
 * <p>Example: one layer, two experts, router logits {@code [[2,0],[2,0]]} (both tokens to expert 0,
 * P₀ = σ(2) ≈ 0.8808) → {@code 2·(1·0.8808 + 0·0.1192) ≈ 1.7616}.
 */
public record SwitchLoadBalanceLoss(SwitchLoadBalanceLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.switch_load_balance";
  public static final Param<String> GROUP =
      NlpParams.name("group", "moe", "endpoint group of the MoE layers");
  public static final Param<String> LEAF =
      NlpParams.name("leaf", "router_logits", "router logits endpoint under each layer");

  /** May be empty: every token then weighs the same. */
  public static final Param<String> MASK =
      Param.text("mask", TextDataset.TOKEN_MASK, "token mask field; empty weights every token");

  public static final Param<String> REDUCE =
      Param.choice("reduce", "sum", MoeTerms.REDUCTIONS, "how the per-layer values combine");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.REGULARIZER)
              .weight(1e-2)
              .summary(
                  "Switch load balance N·Σ f_i·P_i per MoE layer, over real tokens, summed over layers")
              .paper("Fedus et al. 2021, Switch Transformers (α = 1e-2)")
              .params(GROUP, LEAF, MASK, REDUCE)
              .build(),
          p -> new SwitchLoadBalanceLoss(Config.read(p)));

  /**
   * The parameters of both MoE router losses (this one and {@link RouterZLoss}).
   *
   * @param group endpoint group of the MoE layers ({@code moe})
   * @param leaf endpoint name under each layer ({@code router_logits}: [B,T,E] or [N,E])
   * @param mask token mask field [B,T]; empty to weight every token
   * @param reduce {@code sum} (default) or {@code mean} over layers
   */
  public record Config(String group, String leaf, String mask, String reduce) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      GROUP.validate(group);
      LEAF.validate(leaf);
      MASK.validate(mask);
      REDUCE.validate(reduce);
    }

    static Config read(Params p) {
      return new Config(p.get(GROUP), p.get(LEAF), p.get(MASK), p.get(REDUCE));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> perLayer = new ArrayList<>();
    for (Operand<TFloat32> r : MoeTerms.collect(ctx, KEY, config.group(), config.leaf())) {
      perLayer.add(layerLoss(tf, r, MoeTerms.weights(tf, ctx, config.mask(), r)));
    }
    return MoeTerms.combine(tf, perLayer, config.reduce());
  }

  /** {@code N·Σ fᵢPᵢ} for one layer: router logits [...,N], token weights [...,1]. */
  public static Operand<TFloat32> layerLoss(
      Ops tf, Operand<TFloat32> routerLogits, Operand<TFloat32> w) {
    int n = TextOps.width(routerLogits, "router logits");
    Operand<TFloat32> probs = tf.nn.softmax(routerLogits);
    Operand<TInt32> top = tf.math.argMax(routerLogits, tf.constant(-1), TInt32.class);
    Operand<TFloat32> dispatched = tf.oneHot(top, tf.constant(n), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> f = MoeTerms.tokenMean(tf, dispatched, w);
    Operand<TFloat32> p = MoeTerms.tokenMean(tf, probs, w);
    return tf.math.mul(tf.constant((float) n), tf.reduceSum(tf.math.mul(f, p), tf.constant(0)));
  }
}
