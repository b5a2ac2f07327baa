package dev.auxloss.config;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects configuration errors while a config is checked, each placed in the file by its field
 * path, and throws them all at once at the end (as Guice's {@code CreationException} does).
 */
final class ErrorCollector {
  private final SourceMap sources;
  private final List<ConfigError> errors = new ArrayList<>();

  ErrorCollector(SourceMap sources) {
    this.sources = sources;
  }

  /** An error at {@code field}, located where that field (or its nearest written parent) is. */
  void add(String field, String message) {
    errors.add(new ConfigError(sources.locate(field), field, message));
  }

  /** An error named by {@code field} but located at {@code locatePath} (a param entry, a block). */
  void addAt(String locatePath, String field, String message) {
    errors.add(new ConfigError(sources.locate(locatePath), field, message));
  }

  /**
   * Errors reported by a factory, placed under {@code parentField}; each located by {@code place}.
   */
  void addAll(
      ConfigException e, String parentField, java.util.function.Function<String, String> place) {
    for (ConfigError error : e.errors()) {
      ConfigError under = error.under(parentField);
      errors.add(under.at(sources.locate(place.apply(error.field()))));
    }
  }

  /** Checks {@code ok}; otherwise adds "{@code rule}, found {@code value}". */
  boolean check(boolean ok, String field, String rule, Object value) {
    if (!ok) add(field, rule + ", found " + value);
    return ok;
  }

  /** Drops the errors added since the first {@code from} that match {@code drop}. */
  void removeAfter(int from, java.util.function.Predicate<ConfigError> drop) {
    errors.subList(from, errors.size()).removeIf(drop);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  int size() {
    return errors.size();
  }

  /** Throws every error, in file order: errors without a line first, then by line and column. */
  void throwIfAny() {
    if (errors.isEmpty()) return;
    List<ConfigError> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparingLong(ErrorCollector::position)); // stable: ties keep their order
    throw new ConfigException(sorted);
  }

  /** line × 2^20 + column from a "file:line:column" location; 0 when there is no line. */
  private static long position(ConfigError e) {
    String[] parts = e.location().split(":");
    if (parts.length < 3) return 0;
    try {
      return Long.parseLong(parts[parts.length - 2]) * (1L << 20)
          + Long.parseLong(parts[parts.length - 1]);
    } catch (NumberFormatException notAPosition) {
      return 0;
    }
  }
}
