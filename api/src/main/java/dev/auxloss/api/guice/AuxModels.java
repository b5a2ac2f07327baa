package dev.auxloss.api.guice;

import com.google.inject.Binder;
import dev.auxloss.api.model.ModelFactory;

/**
 * Contributes a model from any Guice module under the key its descriptor states; a key bound twice
 * is a configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxModels.contribute(binder(), new MyModelFactory());
 * }
 * }</pre>
 */
public final class AuxModels {
  private AuxModels() {}

  /** Binds {@code factory} under {@code factory.descriptor().key()}, such as {@code cnn-ds}. */
  public static void contribute(Binder binder, ModelFactory factory) {
    Contributions.contribute(
        binder, ModelFactory.class, factory, factory.descriptor().key(), KEY_RULE);
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, ModelFactory.class);
  }

  private static final String KEY_RULE = "[a-z0-9_-]+";
}
