package dev.auxloss.api.guice;

import com.google.inject.Binder;
import dev.auxloss.api.data.DatasetFactory;

/**
 * Contributes a dataset from any Guice module under the key its descriptor states; a key bound
 * twice is a configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxDatasets.contribute(binder(), new MyDatasetFactory());
 * }
 * }</pre>
 */
public final class AuxDatasets {
  private AuxDatasets() {}

  /**
   * Binds {@code factory} under {@code factory.descriptor().key()}, such as {@code fashion-mnist}.
   */
  public static void contribute(Binder binder, DatasetFactory factory) {
    Contributions.contribute(
        binder, DatasetFactory.class, factory, factory.descriptor().key(), KEY_RULE);
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, DatasetFactory.class);
  }

  private static final String KEY_RULE = "[a-z0-9_-]+";
}
