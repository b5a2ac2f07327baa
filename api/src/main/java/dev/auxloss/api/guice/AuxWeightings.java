package dev.auxloss.api.guice;

import com.google.inject.Binder;
import dev.auxloss.api.weighting.WeightingFactory;

/**
 * Contributes a weighting strategy from any Guice module under the key its descriptor states; a key
 * bound twice is a configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxWeightings.contribute(binder(), new MyWeightingFactory());
 * }
 * }</pre>
 */
public final class AuxWeightings {
  private AuxWeightings() {}

  /** Binds {@code factory} under {@code factory.descriptor().key()}, such as {@code pcgrad}. */
  public static void contribute(Binder binder, WeightingFactory factory) {
    Contributions.contribute(
        binder, WeightingFactory.class, factory, factory.descriptor().key(), KEY_RULE);
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, WeightingFactory.class);
  }

  private static final String KEY_RULE = "[a-z0-9_-]+";
}
