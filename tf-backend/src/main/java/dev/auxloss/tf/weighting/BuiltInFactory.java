package dev.auxloss.tf.weighting;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link WeightingFactory} of a built-in strategy: its summary, paper and parameter specs
 * (whose defaults are read from the strategy's options record), and a reader that turns config
 * params into the strategy. Every problem (wrong type, unknown name, broken rule) is thrown
 * together.
 */
record BuiltInFactory(
    String summary,
    String paper,
    List<ParamSpec> params,
    Function<Params, WeightingStrategy> reader)
    implements WeightingFactory {
  BuiltInFactory {
    params = List.copyOf(params);
  }

  @Override
  public WeightingStrategy create(Params config) {
    List<ConfigError> errors = new ArrayList<>();
    WeightingStrategy strategy = null;
    try {
      strategy = reader.apply(config);
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    try {
      config.check(params);
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return strategy;
  }
}
