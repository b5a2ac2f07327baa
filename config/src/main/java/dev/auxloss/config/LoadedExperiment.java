package dev.auxloss.config;

import dev.auxloss.config.proto.Experiment;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed (not yet validated) experiment with where each field was written.
 *
 * @param experiment the config exactly as written (zeros and empty strings still mean "default")
 * @param sources field path → {@code file:line:column}, for error messages
 * @param defaultName the experiment name when the config sets none: the file name without its
 *     extension ({@code default} for {@code examples/default.pbtxt})
 * @param dataParamPins {@code data} params whose text the resolver replaces when it builds the
 *     dataset, by name, leaving the config (and its resolved text) as written: a run's own copy of
 *     a file its config names, so it is rebuilt from what it trained with
 */
public record LoadedExperiment(
    Experiment experiment,
    SourceMap sources,
    String defaultName,
    Map<String, String> dataParamPins) {
  public LoadedExperiment {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(sources, "sources");
    defaultName = defaultName == null || defaultName.isBlank() ? "experiment" : defaultName;
    dataParamPins = Map.copyOf(dataParamPins);
  }

  /** A config as read, nothing pinned. */
  public LoadedExperiment(Experiment experiment, SourceMap sources, String defaultName) {
    this(experiment, sources, defaultName, Map.of());
  }

  /** An experiment built in code: no file, so errors carry field paths only. */
  public static LoadedExperiment inMemory(Experiment experiment) {
    return new LoadedExperiment(experiment, SourceMap.none(), experiment.getName());
  }

  /** The same sources with a changed config (command-line overrides such as {@code --steps}). */
  public LoadedExperiment withExperiment(Experiment changed) {
    return new LoadedExperiment(changed, sources, defaultName, dataParamPins);
  }

  /** The same config with the {@code data} param {@code name} built from {@code text} instead. */
  public LoadedExperiment withDataParamPin(String name, String text) {
    Map<String, String> pins = new HashMap<>(dataParamPins);
    pins.put(name, text);
    return new LoadedExperiment(experiment, sources, defaultName, pins);
  }
}
