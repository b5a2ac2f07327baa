package dev.auxloss.api.params;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every configuration error found, thrown once (as Guice's {@code CreationException} does), so a
 * user fixes them all in one pass. The CLI prints each on its own {@code auxloss: error:} line,
 * exit 2.
 */
public class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs errors");
    this.errors = List.copyOf(errors);
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** The same errors with their field paths placed under {@code parentField}. */
  public ConfigException under(String parentField) {
    return new ConfigException(errors.stream().map(e -> e.under(parentField)).toList());
  }

  private static String render(List<ConfigError> errors) {
    String head =
        errors.size() == 1 ? "1 configuration error" : errors.size() + " configuration errors";
    return head + ":\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}
