package dev.auxloss.api.guice;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import dev.auxloss.api.weighting.WeightingFactory;

/**
 * Contributes a weighting strategy under a unique key from any Guice module; a key bound twice is a
 * configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxWeightings.contribute(binder(), "my-key").toInstance(new MyWeightingFactory());
 * }
 * }</pre>
 */
public final class AuxWeightings {
  private AuxWeightings() {}

  /** Binds the weighting strategy for {@code key}, a name such as {@code pcgrad}. */
  public static LinkedBindingBuilder<WeightingFactory> contribute(Binder binder, String key) {
    return Contributions.contribute(binder, WeightingFactory.class, key, "[a-z0-9_-]+");
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, WeightingFactory.class);
  }
}
