package dev.auxloss.api.guice;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import dev.auxloss.api.loss.LossFactory;

/**
 * Contributes a loss under a unique key from any Guice module; a key bound twice is a
 * configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxLosses.contribute(binder(), "my-key").toInstance(new MyLossFactory());
 * }
 * }</pre>
 */
public final class AuxLosses {
  private AuxLosses() {}

  /** Binds the loss for {@code key}, a dotted lower-case key such as {@code vision.aux_classifier}. */
  public static LinkedBindingBuilder<LossFactory> contribute(Binder binder, String key) {
    return Contributions.contribute(binder, LossFactory.class, key, "[a-z0-9_]+(\\.[a-z0-9_]+)+");
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, LossFactory.class);
  }
}
