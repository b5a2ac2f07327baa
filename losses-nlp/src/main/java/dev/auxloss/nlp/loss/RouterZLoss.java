package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.nlp.loss.internal.MoeTerms;
import dev.auxloss.nlp.loss.internal.TextOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * {@code nlp.router_z_loss}: the ST-MoE router z-loss (Zoph et al. 2022, eq. 5), per MoE layer the
 * mean over real tokens of {@code (log Σⱼ exp xⱼ)²} of the router logits x; it keeps router logits
 * small so the float32/bfloat16 routing softmax stays stable. Collected from every layer's {@code
 * moe/<layer>/router_logits}, summed over layers ({@code reduce=mean} averages). Default weight c_z
 * = 1e-3 (the paper). Parameters as {@link SwitchLoadBalanceLoss.Config}.
 *
 * <p>Example: one layer, logits {@code [[0,0],[ln 3, 0]]} → {@code ((ln 2)² + (ln 4)²)/2 ≈ 1.2011}.
 */
public record RouterZLoss(SwitchLoadBalanceLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.router_z_loss";

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.REGULARIZER)
              .weight(1e-3)
              .summary(
                  "router z-loss mean((log Σ exp router_logits)²) per MoE layer, summed over layers")
              .paper("Zoph et al. 2022, ST-MoE (c_z = 1e-3)")
              .params(
                  SwitchLoadBalanceLoss.GROUP,
                  SwitchLoadBalanceLoss.LEAF,
                  SwitchLoadBalanceLoss.MASK,
                  SwitchLoadBalanceLoss.REDUCE)
              .build(),
          p -> new RouterZLoss(SwitchLoadBalanceLoss.Config.read(p)));

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> perLayer = new ArrayList<>();
    for (Operand<TFloat32> r : MoeTerms.collect(ctx, KEY, config.group(), config.leaf())) {
      Operand<TFloat32> w =
          tf.squeeze(MoeTerms.weights(tf, ctx, config.mask(), r), Squeeze.axis(-1L));
      perLayer.add(LossOps.maskedMean(tf, tf.math.square(TextOps.logSumExp(tf, r)), w));
    }
    return MoeTerms.combine(tf, perLayer, config.reduce());
  }
}
