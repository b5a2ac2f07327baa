package dev.auxloss.tf;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxWeightings;
import dev.auxloss.tf.weighting.StaticWeightingFactory;

/**
 * Binds the backend's built-ins: the weighting strategies, and the (possibly empty) registries of
 * losses, models and datasets that domain modules fill. Binds no Session or Graph: those are owned
 * by a {@code TfTrainingSession} and closed with it.
 */
public final class TfBackendModule extends AbstractModule {
  @Override
  protected void configure() {
    AuxLosses.declare(binder());
    AuxModels.declare(binder());
    AuxDatasets.declare(binder());
    AuxWeightings.contribute(binder(), StaticWeightingFactory.factory());
    BuiltInWeightings.bind(binder());
  }
}
