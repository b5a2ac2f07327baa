package dev.auxloss.cli;

import com.google.inject.Injector;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.AuxInjector;
import dev.auxloss.config.BatchBounds;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.ExperimentResolver;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.PluginModules;
import dev.auxloss.config.Registry;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.proto.Experiment;
import java.nio.file.Path;
import java.util.List;

/**
 * The config path every command shares: parse the file, apply command-line overrides, build the
 * injector (backend + discovered modules + the config's plugin modules) and resolve. Each step
 * throws a {@code ConfigException} listing every problem it found.
 */
final class Experiments {
  private Experiments() {}

  /** Resolves {@code config}; {@code steps}, when not null, replaces {@code training.steps}. */
  static ResolvedExperiment resolve(Path config, Long steps) {
    return resolve(config, steps, false);
  }

  /**
   * Like {@link #resolve}, then the checks that depend on this JVM (the host memory the input
   * pipeline may hold): for the commands that train, or validate for training.
   */
  static ResolvedExperiment resolveToTrain(Path config, Long steps) {
    return resolve(config, steps, true);
  }

  private static ResolvedExperiment resolve(Path config, Long steps, boolean toTrain) {
    return resolve(load(config, steps), toTrain);
  }

  /** Parses {@code config}; {@code steps}, when not null, replaces {@code training.steps}. */
  static LoadedExperiment load(Path config, Long steps) {
    LoadedExperiment loaded = ExperimentLoader.load(config);
    if (steps == null) return loaded;
    Experiment e = loaded.experiment();
    return loaded.withExperiment(
        e.toBuilder().setTraining(e.getTraining().toBuilder().setSteps(steps)).build());
  }

  /** Resolves an already loaded config. */
  static ResolvedExperiment resolve(LoadedExperiment loaded) {
    return resolve(loaded, false);
  }

  /**
   * Resolves an already loaded (and possibly changed) config, with the checks of {@link
   * #resolveToTrain}.
   */
  static ResolvedExperiment resolveToTrain(LoadedExperiment loaded) {
    return resolve(loaded, true);
  }

  private static ResolvedExperiment resolve(LoadedExperiment loaded, boolean toTrain) {
    Injector injector = AuxInjector.forExperiment(loaded, BackendModules.base());
    ResolvedExperiment resolved = ExperimentResolver.resolve(loaded, Registry.from(injector));
    if (toTrain) BatchBounds.checkHostMemory(loaded, resolved);
    return resolved;
  }

  /**
   * Resolves a run's config for {@code export}: the model and the dataset only ({@link
   * ExperimentResolver#resolveForExport}), so a {@code plugin_module} that is not on the classpath
   * is left out — an export needs no losses or strategies. When the model or the dataset came from
   * it, the error is the missing plugin (the cause), not the unknown key.
   */
  static ResolvedExperiment resolveForExport(LoadedExperiment loaded) {
    Experiment e = loaded.experiment();
    List<String> missing = PluginModules.notOnClasspath(e.getPluginModuleList(), loader());
    List<String> present =
        e.getPluginModuleList().stream().filter(n -> !missing.contains(n.trim())).toList();
    LoadedExperiment withoutMissing =
        loaded.withExperiment(
            e.toBuilder().clearPluginModule().addAllPluginModule(present).build());
    try {
      Injector injector = AuxInjector.forExperiment(withoutMissing, BackendModules.base());
      return ExperimentResolver.resolveForExport(withoutMissing, Registry.from(injector));
    } catch (ConfigException knockOn) {
      if (missing.isEmpty()) throw knockOn;
      AuxInjector.forExperiment(
          loaded, BackendModules.base()); // throws "not on the classpath", located in the file
      throw knockOn;
    }
  }

  /** Everything registered: backend, discovered modules and the {@code --plugin} classes. */
  static Registry registry(List<String> plugins) {
    return Registry.from(
        AuxInjector.create(BackendModules.base(), PluginModules.load(plugins, loader())));
  }

  private static ClassLoader loader() {
    return Thread.currentThread().getContextClassLoader();
  }
}
