package dev.auxloss.api.guice;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import dev.auxloss.api.data.DatasetFactory;

/**
 * Contributes a dataset under a unique key from any Guice module; a key bound twice is a
 * configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxDatasets.contribute(binder(), "my-key").toInstance(new MyDatasetFactory());
 * }
 * }</pre>
 */
public final class AuxDatasets {
  private AuxDatasets() {}

  /** Binds the dataset for {@code key}, a name such as {@code fashion-mnist}. */
  public static LinkedBindingBuilder<DatasetFactory> contribute(Binder binder, String key) {
    return Contributions.contribute(binder, DatasetFactory.class, key, "[a-z0-9_-]+");
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, DatasetFactory.class);
  }
}
