package dev.auxloss.nlp.testing;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;

/**
 * Makes a plugin from parameters the way a config does: {@link Params#parse} checks them against
 * what the factory declares (types, rules, required and unknown names, all together) before the
 * factory runs. {@code Params.of} alone checks each parameter only when it is read.
 *
 * <pre>{@code
 * FromConfig.loss(SimCseLoss.FACTORY, "temperatur", 0.1); // ConfigException: unknown parameter 'temperatur'; ...
 * }</pre>
 */
public final class FromConfig {
  private FromConfig() {}

  public static AuxLoss loss(LossFactory factory, Object... nameValuePairs) {
    return factory.create(Params.parse(factory.descriptor().params(), nameValuePairs));
  }

  public static ModelFn model(ModelFactory factory, Object... nameValuePairs) {
    return factory.create(Params.parse(factory.descriptor().params(), nameValuePairs));
  }
}
