package dev.auxloss.datasets;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.datasets.tfrecord.TfRecordDatasetFactory;

/**
 * Contributes the datasets of users' own files: {@code tfrecord}. It only binds; no file is opened
 * until a factory's {@code create} runs. Found as an {@link AuxlossPlugin} through {@code
 * META-INF/services}, or installed explicitly:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new TfBackendModule(), new DatasetsModule());
 * }</pre>
 */
public final class DatasetsModule extends AbstractModule implements AuxlossPlugin {
  @Override
  protected void configure() {
    AuxDatasets.contribute(binder(), TfRecordDatasetFactory.FACTORY);
  }

  // Every instance binds the same: equal, so installing the module twice is harmless.
  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetsModule;
  }

  @Override
  public int hashCode() {
    return DatasetsModule.class.hashCode();
  }
}
