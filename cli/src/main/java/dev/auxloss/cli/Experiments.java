package dev.auxloss.cli;

import com.google.inject.Injector;
import dev.auxloss.api.config.AuxInjector;
import dev.auxloss.api.config.ExperimentLoader;
import dev.auxloss.api.config.ExperimentResolver;
import dev.auxloss.api.config.LoadedExperiment;
import dev.auxloss.api.config.PluginModules;
import dev.auxloss.api.config.Registry;
import dev.auxloss.api.config.ResolvedExperiment;
import dev.auxloss.api.config.proto.Experiment;
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
    LoadedExperiment loaded = ExperimentLoader.load(config);
    if (steps != null) {
      Experiment e = loaded.experiment();
      loaded = loaded.withExperiment(e.toBuilder().setTraining(e.getTraining().toBuilder().setSteps(steps)).build());
    }
    Injector injector = AuxInjector.forExperiment(loaded, BackendModules.base());
    return ExperimentResolver.resolve(loaded, Registry.from(injector));
  }

  /** Everything registered: backend, discovered modules and the {@code --plugin} classes. */
  static Registry registry(List<String> plugins) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return Registry.from(AuxInjector.create(BackendModules.base(), PluginModules.load(plugins, loader)));
  }
}
