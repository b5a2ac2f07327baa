package dev.auxloss.api.guice;

import com.google.inject.Binder;
import dev.auxloss.api.loss.LossFactory;

/**
 * Contributes a loss from any Guice module under the key its descriptor states; a key bound twice
 * is a configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxLosses.contribute(binder(), new MyLossFactory());
 * }
 * }</pre>
 */
public final class AuxLosses {
  private AuxLosses() {}

  /**
   * Binds {@code factory} under {@code factory.descriptor().key()}, such as {@code
   * vision.aux_classifier}.
   */
  public static void contribute(Binder binder, LossFactory factory) {
    Contributions.contribute(
        binder, LossFactory.class, factory, factory.descriptor().key(), KEY_RULE);
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, LossFactory.class);
  }

  private static final String KEY_RULE = "[a-z0-9_]+(\\.[a-z0-9_]+)+";
}
