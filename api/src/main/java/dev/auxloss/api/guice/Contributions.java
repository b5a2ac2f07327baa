package dev.auxloss.api.guice;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.MapBinder;

/** The one mechanism behind the {@code AuxXxx.contribute} faces: a keyed MapBinder entry. */
final class Contributions {
  private Contributions() {}

  /**
   * Binds {@code factory} under {@code key} (its descriptor's); members marked {@code @Inject} get
   * injected.
   */
  static <T> void contribute(Binder binder, Class<T> type, T factory, String key, String keyRule) {
    LinkedBindingBuilder<T> entry = contribute(binder, type, key, keyRule);
    entry.toInstance(factory);
  }

  private static <T> LinkedBindingBuilder<T> contribute(
      Binder binder, Class<T> type, String key, String keyRule) {
    if (key == null || !key.matches(keyRule)) {
      binder.addError("%s key must match %s, found '%s'", type.getSimpleName(), keyRule, key);
    }
    // skipSources: a duplicate-key error names the user's module, not this helper.
    Binder b =
        binder.skipSources(
            Contributions.class,
            AuxLosses.class,
            AuxModels.class,
            AuxDatasets.class,
            AuxWeightings.class,
            AuxMetrics.class);
    return MapBinder.newMapBinder(b, String.class, type).addBinding(key);
  }

  static <T> void declare(Binder binder, Class<T> type) {
    MapBinder.newMapBinder(binder.skipSources(Contributions.class), String.class, type);
  }
}
