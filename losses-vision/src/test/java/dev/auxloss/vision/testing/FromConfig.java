package dev.auxloss.vision.testing;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;

/**
 * A plugin made as a config makes it: the written {@code param} entries are checked against the
 * factory's declared parameters ({@link Params#parse}: types, rules, required and unknown names, all
 * reported in one {@link dev.auxloss.api.params.ConfigException}), then the factory runs.
 *
 * <pre>{@code
 * AuxLoss ce = FromConfig.loss(CrossEntropyLoss.FACTORY, "label_smoothing", 0.1);
 * }</pre>
 */
public final class FromConfig {
  private FromConfig() {}

  public static AuxLoss loss(LossFactory f, Object... nameValuePairs) {
    return f.create(Params.parse(f.descriptor().params(), nameValuePairs));
  }

  public static ModelFn model(ModelFactory f, Object... nameValuePairs) {
    return f.create(Params.parse(f.descriptor().params(), nameValuePairs));
  }

  public static Dataset dataset(DatasetFactory f, Object... nameValuePairs) {
    return f.create(Params.parse(f.descriptor().params(), nameValuePairs));
  }
}
