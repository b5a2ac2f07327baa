package dev.auxloss.config;

import dev.auxloss.config.proto.Experiment;
import java.util.Objects;

/**
 * A parsed (not yet validated) experiment with where each field was written.
 *
 * @param experiment the config exactly as written (zeros and empty strings still mean "default")
 * @param sources field path → {@code file:line:column}, for error messages
 * @param defaultName the experiment name when the config sets none: the file name without its
 *     extension ({@code default} for {@code examples/default.pbtxt})
 */
public record LoadedExperiment(Experiment experiment, SourceMap sources, String defaultName) {
  public LoadedExperiment {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(sources, "sources");
    defaultName = defaultName == null || defaultName.isBlank() ? "experiment" : defaultName;
  }

  /** An experiment built in code: no file, so errors carry field paths only. */
  public static LoadedExperiment inMemory(Experiment experiment) {
    return new LoadedExperiment(experiment, SourceMap.none(), experiment.getName());
  }

  /** The same sources with a changed config (command-line overrides such as {@code --steps}). */
  public LoadedExperiment withExperiment(Experiment changed) {
    return new LoadedExperiment(changed, sources, defaultName);
  }
}
