package dev.auxloss.tf.weighting;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;

/** {@code static}: the configured weights × schedules, one backward pass. */
public final class StaticWeightingFactory implements WeightingFactory {
  @Override
  public String summary() {
    return "fixed weights × schedules, one backward pass of the weighted sum";
  }

  @Override
  public String paper() {
    return "Szegedy et al. 2015 (GoogLeNet auxiliary classifiers, fixed weight 0.3)";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of();
  }

  @Override
  public WeightingStrategy create(Params params) {
    params.check(params());
    return new StaticWeighting();
  }
}
