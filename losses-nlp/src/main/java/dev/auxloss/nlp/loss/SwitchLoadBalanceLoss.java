package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.Checks;
import dev.auxloss.nlp.loss.internal.MoeTerms;
import dev.auxloss.nlp.loss.internal.SimpleLossFactory;
import dev.auxloss.nlp.loss.internal.TextOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.switch_load_balance}: the Switch Transformer auxiliary load-balancing loss (Fedus et al.
 * 2021, eq. 4), per MoE layer {@code N · Σᵢ fᵢ·Pᵢ}, where over the real tokens {@code fᵢ} is the
 * share dispatched to expert i (argmax of the router) and {@code Pᵢ} the mean router probability of
 * expert i. Only {@code P} carries a gradient; the value is 1 when routing is uniform and grows to N
 * when one expert takes everything. Collected from every layer's {@code moe/<layer>/router_logits}
 * ({@code ctx.endpointGroup("moe")}) and summed over layers as each Switch layer adds its own loss
 * ({@code reduce=mean} averages instead). Default α = 1e-2 (the paper; HF Transformers defaults to
 * 1e-3).
 *
 * <p>Example: one layer, two experts, router logits {@code [[2,0],[2,0]]} (both tokens to expert 0,
 * P₀ = σ(2) ≈ 0.8808) → {@code 2·(1·0.8808 + 0·0.1192) ≈ 1.7616}.
 */
public record SwitchLoadBalanceLoss(SwitchLoadBalanceLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.switch_load_balance";

  /**
   * @param group endpoint group of the MoE layers ({@code moe})
   * @param leaf endpoint name under each layer ({@code router_logits}: [B,T,E] or [N,E])
   * @param mask token mask field [B,T]; empty to weight every token
   * @param reduce {@code sum} (default) or {@code mean} over layers
   */
  public record Config(String group, String leaf, String mask, String reduce) {
    public static final Config DEFAULTS = new Config("moe", "router_logits", "token_mask", "sum");

    public Config {
      checks(group, leaf, reduce).orThrow();
    }

    static Checks checks(String group, String leaf, String reduce) {
      return Checks.of(KEY).notBlank("group", group).notBlank("leaf", leaf).oneOf("reduce", reduce, MoeTerms.REDUCTIONS);
    }

    static List<ParamSpec> specs(Config d) {
      return List.of(
          ParamSpec.text("group", d.group(), "endpoint group of the MoE layers"),
          ParamSpec.text("leaf", d.leaf(), "router logits endpoint under each layer"),
          ParamSpec.text("mask", d.mask(), "token mask field; empty weights every token"),
          ParamSpec.text("reduce", d.reduce(), "sum | mean over layers"));
    }

    static Config read(Params p, Config d) {
      String group = p.text("group", d.group());
      String leaf = p.text("leaf", d.leaf());
      String mask = p.text("mask", d.mask());
      String reduce = p.text("reduce", d.reduce());
      checks(group, leaf, reduce).reportTo(p);
      p.check(specs(d));
      return new Config(group, leaf, mask, reduce);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.REGULARIZER, 1e-2,
            "Switch load balance N·Σ f_i·P_i per MoE layer, over real tokens, summed over layers",
            "Fedus et al. 2021, Switch Transformers (α = 1e-2)", Config.specs(Config.DEFAULTS)),
        p -> new SwitchLoadBalanceLoss(Config.read(p, Config.DEFAULTS)));
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
  public static Operand<TFloat32> layerLoss(Ops tf, Operand<TFloat32> routerLogits, Operand<TFloat32> w) {
    int n = TextOps.width(routerLogits, "router logits");
    Operand<TFloat32> probs = tf.nn.softmax(routerLogits);
    Operand<TInt32> top = tf.math.argMax(routerLogits, tf.constant(-1), TInt32.class);
    Operand<TFloat32> dispatched = tf.oneHot(top, tf.constant(n), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> f = MoeTerms.tokenMean(tf, dispatched, w);
    Operand<TFloat32> p = MoeTerms.tokenMean(tf, probs, w);
    return tf.math.mul(tf.constant((float) n), tf.reduceSum(tf.math.mul(f, p), tf.constant(0)));
  }
}
