package dev.auxloss.api.guice;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import dev.auxloss.api.model.ModelFactory;

/**
 * Contributes a model under a unique key from any Guice module; a key bound twice is a
 * configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxModels.contribute(binder(), "my-key").toInstance(new MyModelFactory());
 * }
 * }</pre>
 */
public final class AuxModels {
  private AuxModels() {}

  /** Binds the model for {@code key}, a name such as {@code cnn-ds}. */
  public static LinkedBindingBuilder<ModelFactory> contribute(Binder binder, String key) {
    return Contributions.contribute(binder, ModelFactory.class, key, "[a-z0-9_-]+");
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, ModelFactory.class);
  }
}
