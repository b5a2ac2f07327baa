package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the rule violations of one options record, so its compact constructor reports every bad
 * field at once as a {@link ConfigException} ({@code "alpha: must be > 0, found -1.0"}).
 *
 * <pre>{@code
 * new Rules().require(alpha > 0, "alpha", "must be > 0", alpha).throwIfAny();
 * }</pre>
 */
final class Rules {
  private final List<ConfigError> errors = new ArrayList<>();

  Rules require(boolean ok, String field, String rule, Object found) {
    if (!ok) errors.add(ConfigError.of(field, rule + ", found " + found));
    return this;
  }

  Rules positive(double v, String field) {
    return require(v > 0 && Double.isFinite(v), field, "must be a finite number > 0", v);
  }

  Rules nonNegative(double v, String field) {
    return require(v >= 0 && Double.isFinite(v), field, "must be a finite number >= 0", v);
  }

  Rules fraction(double v, String field) {
    return require(v >= 0 && v < 1, field, "must be in [0, 1)", v);
  }

  Rules oneOf(String v, List<String> allowed, String field) {
    return require(allowed.contains(v), field, "must be one of " + allowed, "'" + v + "'");
  }

  void throwIfAny() {
    if (!errors.isEmpty()) throw new ConfigException(errors);
  }
}
