package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.weighting.WeightingFactory;

/** {@code static}: the configured weights × schedules, one backward pass. */
public final class StaticWeightingFactory {
  public static final String KEY = "static";

  private StaticWeightingFactory() {}

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary("fixed weights × schedules, one backward pass of the weighted sum")
            .paper("Szegedy et al. 2015 (GoogLeNet auxiliary classifiers, fixed weight 0.3)")
            .build(),
        p -> new StaticWeighting());
  }
}
