package dev.auxloss.api.loss;

import java.util.List;
import java.util.Objects;

/**
 * What {@code auxloss list-losses} prints and config validation checks against.
 *
 * @param key dotted lower-case key, for example {@code vision.aux_classifier}
 * @param defaultRole the role used when the config names none
 * @param defaultWeight the paper's weight, used when the config names none
 * @param summary one line on what it computes
 * @param paper the citation the defaults come from
 * @param params every parameter with its default
 */
public record LossDescriptor(
    String key,
    Role defaultRole,
    double defaultWeight,
    String summary,
    String paper,
    List<ParamSpec> params) {
  public LossDescriptor {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(defaultRole, "defaultRole");
    if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
      throw new IllegalArgumentException(
          "loss key must be dotted lower case like 'vision.aux_classifier', found '" + key + "'");
    }
    if (!(defaultWeight >= 0)) {
      throw new IllegalArgumentException(
          "default weight must be >= 0, found " + defaultWeight + " (loss " + key + ")");
    }
    params = List.copyOf(params);
  }
}
