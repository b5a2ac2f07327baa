package com.example.auxloss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Logit squeezing (Kannan et al. 2018): penalises large logits, {@code mean(logits²)} over the
 * batch and the classes — a regularizer that keeps the classifier from growing over-confident.
 *
 * <p>Standalone: logits {@code [[2, 0], [0, -2]]} give (4 + 0 + 0 + 4) / 4 = 2.0; at the default
 * weight 0.001 it adds 0.002 to the total loss.
 */
public final class LogitSqueezeLoss implements LossFactory {
  static final Param<String> ENDPOINT = Param.text("endpoint", "logits", "the endpoint to squeeze");

  @Override
  public LossDescriptor descriptor() {
    return LossDescriptor.builder("example.logit_squeeze")
        .role(Role.REGULARIZER)
        .weight(1e-3)
        .summary("mean squared logit over batch and classes")
        .paper("Kannan et al. 2018, Adversarial Logit Pairing")
        .params(ENDPOINT)
        .build();
  }

  @Override
  public AuxLoss create(Params params) {
    String endpoint =
        params.get(ENDPOINT); // checked by the framework: a misspelt name never gets here
    return ctx -> {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = ctx.endpoint(endpoint);
      // Reduce over every axis: a scalar batch mean, independent of the batch size.
      return tf.math.mean(tf.math.square(x), tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
    };
  }
}
