package dev.auxloss.cli;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import org.tensorflow.op.Ops;

/** A plugin as a user would write it: mean squared logits, named in configs via plugin_module. */
public final class TestLossesModule extends AbstractModule {
  static final Param<String> ENDPOINT = Param.text("endpoint", "logits", "endpoint to penalise");

  static final LossFactory LOGIT_L2 =
      LossFactory.of(
          LossDescriptor.builder("clitest.logit_l2")
              .role(Role.REGULARIZER)
              .weight(0.01)
              .summary("mean squared logit")
              .paper("none")
              .params(ENDPOINT)
              .build(),
          p ->
              ctx -> {
                Ops tf = ctx.tf();
                var x = ctx.endpoint(p.get(ENDPOINT));
                return tf.math.mean(tf.math.square(x), tf.constant(new int[] {0, 1}));
              });

  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), LOGIT_L2);
  }
}
