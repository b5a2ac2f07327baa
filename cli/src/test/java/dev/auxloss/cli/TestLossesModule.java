package dev.auxloss.cli;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import java.util.List;
import org.tensorflow.op.Ops;

/** A plugin as a user would write it: mean squared logits, named in configs via plugin_module. */
public final class TestLossesModule extends AbstractModule {
  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), "clitest.logit_l2").toInstance(new LogitL2());
  }

  static final class LogitL2 implements LossFactory {
    @Override
    public LossDescriptor descriptor() {
      return new LossDescriptor("clitest.logit_l2", Role.REGULARIZER, 0.01, "mean squared logit", "none",
          List.of(ParamSpec.text("endpoint", "logits", "endpoint to penalise")));
    }

    @Override
    public AuxLoss create(Params params) {
      String endpoint = params.text("endpoint", "logits");
      params.check(descriptor().params());
      return ctx -> {
        Ops tf = ctx.tf();
        var x = ctx.endpoint(endpoint);
        return tf.math.mean(tf.math.square(x), tf.constant(new int[] {0, 1}));
      };
    }
  }
}
