package dev.auxloss.testing;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;

/**
 * A plugin made from parameters the way a config makes it: {@link Params#parse} checks the written
 * parameters against what the factory declares (types, rules, required and unknown names, all in
 * one {@link dev.auxloss.api.params.ConfigException}) before the factory runs. {@code Params.of}
 * alone checks each parameter only when it is read.
 *
 * <pre>{@code
 * AuxLoss ce = FromConfig.loss(CrossEntropyLoss.FACTORY, "label_smoothing", 0.1);
 * FromConfig.loss(SimCseLoss.FACTORY, "temperatur", 0.1); // ConfigException: unknown parameter 'temperatur'; did you mean ...
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

  public static Dataset dataset(DatasetFactory factory, Object... nameValuePairs) {
    return factory.create(Params.parse(factory.descriptor().params(), nameValuePairs));
  }

  public static WeightingStrategy weighting(WeightingFactory factory, Object... nameValuePairs) {
    return factory.create(Params.parse(factory.descriptor().params(), nameValuePairs));
  }
}
